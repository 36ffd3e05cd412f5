from django import forms

from louyu.buildings.selectors import building_choices
from louyu.core import permissions
from louyu.web.forms import RegisterForm

from .models import OperationTeam


class OperationTeamForm(RegisterForm):
    class Meta:
        model = OperationTeam
        fields = ["name", "company", "district", "contacts", "buildings", "source", "verification"]
        widgets = {"buildings": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["buildings"].queryset = building_choices(user, permissions.VIEW)

from django import forms

from louyu.buildings.selectors import building_choices
from louyu.web.forms import RegisterForm

from .models import PartyOrganisation, ServicePoint

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class BuildingScopedForm(RegisterForm):
    district_field = ""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["building"].queryset = building_choices(user)


class ServicePointForm(BuildingScopedForm):
    class Meta:
        model = ServicePoint
        fields = ["name", "building", "opened_on", "services", "has_self_service_terminal", "source", "verification"]
        widgets = {"opened_on": DATE, "services": forms.CheckboxSelectMultiple}


class PartyOrganisationForm(BuildingScopedForm):
    class Meta:
        model = PartyOrganisation
        fields = ["name", "kind", "building", "lead_unit", "members", "community", "founded_on", "source", "verification"]
        widgets = {"founded_on": DATE}


class VolumeForm(forms.Form):
    period = forms.DateField(label="月份（当月第一天）", widget=DATE)
    transactions = forms.IntegerField(label="办件量", min_value=0)
    self_service = forms.IntegerField(label="其中自助办理", min_value=0)

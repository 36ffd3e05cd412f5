"""Forms of 招商: they collect input; the services validate and write. Dates render as ISO so an unchanged
form saves unchanged."""
from __future__ import annotations

from django import forms

from louyu.buildings.selectors import building_choices
from louyu.core import permissions
from louyu.core.models import Role
from louyu.geo.models import District
from louyu.web.forms import RegisterForm

from .models import Demand, Lead, LeadStage, VacantUnit

ISO_DATE = dict(format="%Y-%m-%d", attrs={"type": "date"})


def buildings_for_listing(user):
    """The buildings a user may list space in: an operator's own, a district's, all for the city."""
    if permissions.role_of(user) == Role.OPERATOR:
        return user.profile.buildings.all().only("pk", "name", "code")
    return building_choices(user)


class VacantUnitForm(RegisterForm):
    district_field = ""

    class Meta:
        model = VacantUnit
        fields = ["building", "floor", "unit", "area", "asking_rent", "fit_out", "available_from", "divisible", "photo",
                  "floor_plan", "note"]
        widgets = {"available_from": forms.DateInput(**ISO_DATE)}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["building"].queryset = buildings_for_listing(user)
        self.fields["photo"].help_text = "jpg/png，不超过 5 MB"
        self.fields["floor_plan"].help_text = "jpg/png/pdf，不超过 5 MB"


class DemandForm(RegisterForm):
    class Meta:
        model = Demand
        fields = ["enterprise_name", "uscc", "industry", "area_min", "area_max", "budget_rent", "district", "move_in_by",
                  "contact_name", "contact_phone", "origin", "note"]
        widgets = {"move_in_by": forms.DateInput(**ISO_DATE), "industry": forms.TextInput()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["industry"].help_text = "GB/T 4754-2017 行业代码，如 7231（律师及相关法律服务）"
        self.fields["industry"].to_field_name = "code"
        if permissions.role_of(user) == Role.DISTRICT_EDITOR:
            self.fields["district"].required = True
        else:
            self.fields["district"].queryset = District.objects.all()


class LeadForm(RegisterForm):
    """Editing a lead's follow-up notes; stages move with LeadAdvanceForm."""

    district_field = ""

    class Meta:
        model = Lead
        fields = ["notes"]


class LeadAdvanceForm(forms.Form):
    stage = forms.ChoiceField(label="推进到", choices=[c for c in LeadStage.choices if c[0] != LeadStage.CLUE])
    on = forms.DateField(label="日期", widget=forms.DateInput(**ISO_DATE))
    note = forms.CharField(label="跟进记录", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label="流失原因", required=False)
    uscc = forms.CharField(label="统一社会信用代码（签约时，新企业必填）", required=False, max_length=18)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "input")

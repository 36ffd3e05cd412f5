"""Create/edit forms of the registers. They collect input; the domain service validates and writes.

Model validation (field validators, constraints, the USCC check character) runs in the service through
`full_clean`, so a form rejects exactly what an import rejects. A district editor is only offered their
own district.
"""
from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db import models

from louyu.buildings.models import Building, NewBuildingProject, RenovationProject
from louyu.buildings.selectors import building_choices
from louyu.core import permissions
from louyu.accounts.auth import authenticate_with_lockout
from louyu.enterprises.models import Enterprise
from louyu.geo.models import District

LIST_SEPARATORS = ("；", ";")


class ListField(forms.CharField):
    """A JSON list edited as text separated by ；."""

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "；".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        for sep in LIST_SEPARATORS[1:]:
            text = text.replace(sep, LIST_SEPARATORS[0])
        return [item.strip() for item in text.split(LIST_SEPARATORS[0]) if item.strip()]


class IsoDateInput(forms.DateInput):
    """The browser's date input accepts only ISO dates; the locale's "2021/06/18" would show an empty field,
    and saving the form unchanged would erase the date."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def register_formfield(db_field, **kwargs):
    """Every date of every register form is edited through `IsoDateInput`."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("widget", IsoDateInput)
    return db_field.formfield(**kwargs)


class RegisterForm(forms.ModelForm):
    """Base form: knows its user, narrows district choices to what the user may create in."""

    district_field = "district"

    class Meta:
        formfield_callback = register_formfield

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        field = self.fields.get(self.district_field)
        if field is not None and permissions.role_of(user) == "district_editor":
            field.queryset = District.objects.filter(pk=permissions.district_of(user).pk)
            field.empty_label = None
        for field in self.fields.values():
            css = "check" if isinstance(field.widget, forms.CheckboxInput) else "input"
            field.widget.attrs.setdefault("class", css)

    def service_data(self) -> dict:
        """The cleaned values keyed by model attribute, as the services take them."""
        return {name: self.cleaned_data[name] for name in self.fields if name in self.cleaned_data}

    def _post_clean(self):
        # Model validation is the service's (it runs full_clean inside its transaction); skip the
        # ModelForm's own instance construction so nothing is validated twice or differently.
        pass


class BuildingForm(RegisterForm):
    aliases = ListField(label="别名", required=False, help_text="多个别名用“；”分隔")
    towers = ListField(label="楼栋", required=False, help_text="如：A座；B座")

    class Meta:
        model = Building
        fields = [
            "code", "name", "aliases", "district", "street", "address", "towers", "longitude", "latitude",
            "gross_area", "office_area", "floors_above", "completion_year", "status", "ownership_type", "owner",
            "operator", "holding", "is_key", "source", "verification",
        ]


class NewBuildingProjectForm(RegisterForm):
    class Meta:
        model = NewBuildingProject
        fields = [
            "code", "name", "district", "street", "parcel", "address", "planned_area", "planned_office_area",
            "total_investment", "start_date", "expected_completion", "progress", "progress_percent", "building",
            "source", "verification",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["building"].queryset = building_choices(user)


class RenovationProjectForm(RegisterForm):
    district_field = ""

    class Meta:
        model = RenovationProject
        fields = [
            "code", "building", "content", "investment", "start_date", "completion_date", "status", "is_demonstration",
            "source", "verification",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["building"].queryset = building_choices(user)


class EnterpriseForm(RegisterForm):
    class Meta:
        model = Enterprise
        fields = [
            "uscc", "name", "industry", "registered_address", "established_on", "registered_capital", "employees",
            "is_headquarters", "is_listed", "is_high_tech", "district", "source", "verification",
        ]
        widgets = {"industry": forms.TextInput()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["industry"].help_text = "GB/T 4754-2017 行业代码，如 7231"
        self.fields["industry"].to_field_name = "code"


class LoginForm(AuthenticationForm):
    """Django's login form, with the lockout rule of louyu.accounts.auth."""

    error_messages = {"invalid_login": "用户名或密码错误。", "inactive": "该账户已停用。"}

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            user, error = authenticate_with_lockout(self.request, username, password)
            if user is None:
                raise forms.ValidationError(error, code="invalid_login")
            self.confirm_login_allowed(user)
            self.user_cache = user
        return self.cleaned_data

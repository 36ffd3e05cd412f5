"""Forms of 楼长制 (ISO dates, so an unchanged form saves unchanged)."""
from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from louyu.core import permissions
from louyu.core.models import Role
from louyu.investment.forms import ISO_DATE, buildings_for_listing
from louyu.web.forms import RegisterForm

from .models import BuildingSteward, EnterpriseRequest


def officials_for(user):
    """Users who may be named 楼长 or assignee: district staff of the user's district (all, for the city)."""
    qs = get_user_model().objects.filter(profile__role__in=(Role.DISTRICT_EDITOR, Role.CITY_ADMIN), is_active=True)
    district = permissions.district_of(user)
    if district is not None:
        qs = qs.filter(profile__district=district)
    return qs.order_by("username")


class BuildingStewardForm(RegisterForm):
    district_field = ""

    class Meta:
        model = BuildingSteward
        fields = ["building", "steward", "steward_title", "operator_contact", "operator_phone", "since"]
        widgets = {"since": forms.DateInput(**ISO_DATE)}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["building"].queryset = buildings_for_listing(user)
        self.fields["steward"].queryset = officials_for(user)


class EnterpriseRequestForm(RegisterForm):
    district_field = ""

    class Meta:
        model = EnterpriseRequest
        fields = ["building", "enterprise_name", "category", "summary", "received_on", "department", "assignee", "due_on",
                  "status", "resolution", "resolved_on"]
        widgets = {"received_on": forms.DateInput(**ISO_DATE), "due_on": forms.DateInput(**ISO_DATE),
                   "resolved_on": forms.DateInput(**ISO_DATE)}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["building"].queryset = buildings_for_listing(user)
        self.fields["assignee"].queryset = officials_for(user)
        self.fields["department"].help_text = "如：行政审批局、商务局、住建局"
        if self.instance.pk is None and not self.is_bound:
            import datetime as dt

            from django.utils import timezone

            from louyu.investment import config

            today = timezone.localdate()
            self.initial.setdefault("received_on", today.isoformat())
            self.initial.setdefault("due_on", (today + dt.timedelta(days=config.settings()["steward"]["request_due_days"])).isoformat())

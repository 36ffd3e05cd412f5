from django import forms

from louyu.web.forms import RegisterForm

from .models import Inspection

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class InspectionForm(RegisterForm):
    class Meta:
        model = Inspection
        fields = ["inspected_on", "district", "department", "policy_item", "findings", "requirement", "deadline", "status",
                  "source", "verification"]
        widgets = {"inspected_on": DATE, "deadline": DATE, "findings": forms.Textarea(attrs={"rows": 3}),
                   "requirement": forms.Textarea(attrs={"rows": 2})}


class FollowUpForm(forms.Form):
    reported_on = forms.DateField(label="报告日期", widget=DATE)
    content = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 2}))

"""Forms of the event register: they collect input; louyu.events.services validates and writes."""
from django import forms

from louyu.web.forms import RegisterForm

from .models import AttachmentKind, Event, Resolution

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class EventForm(RegisterForm):
    class Meta:
        model = Event
        fields = ["name", "kind", "district", "held_on", "organiser", "participants", "signed_projects",
                  "intended_projects", "signed_amount", "topics", "note", "source", "verification"]
        widgets = {"held_on": DATE, "topics": forms.Textarea(attrs={"rows": 3}), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if "district" in self.fields and self.fields["district"].empty_label is not None:
            self.fields["district"].empty_label = "全市（市级活动）"


class ResolutionForm(RegisterForm):
    district_field = ""

    class Meta:
        model = Resolution
        fields = ["content", "owner", "deadline", "status", "progress", "completed_on"]
        widgets = {"deadline": DATE, "completed_on": DATE, "content": forms.Textarea(attrs={"rows": 2}),
                   "progress": forms.Textarea(attrs={"rows": 2})}


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=AttachmentKind.choices)
    title = forms.CharField(label="材料名称", max_length=200, required=False)
    file = forms.FileField(label="文件")

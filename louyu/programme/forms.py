"""Forms of the work programme pages. The rules are the services' (louyu.programme.services)."""
from __future__ import annotations

from pathlib import Path

from django import forms

from .models import Cycle, ReportStatus, TargetColumn

ATTACHMENT_TYPES = {".pdf": b"%PDF", ".docx": b"PK\x03\x04", ".xlsx": b"PK\x03\x04", ".jpg": b"\xff\xd8\xff",
                    ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG"}
ATTACHMENT_MAX = 20 * 1024 * 1024


class TargetForm(forms.Form):
    """附件1 six columns and the reason of an adjustment."""

    reason = forms.CharField(label="调整说明", max_length=300, required=False,
                             help_text="该年度已有批准版本时必填（每年动态调整的理由）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        counts = {c.value: forms.IntegerField(label=c.label, min_value=0, max_value=100_000) for c in TargetColumn}
        self.fields = {**counts, "reason": self.fields["reason"]}


class ReturnForm(forms.Form):
    return_reason = forms.CharField(label="退回原因", max_length=300, widget=forms.TextInput(attrs={"size": 40}))


def check_attachment(upload, *, allowed=ATTACHMENT_TYPES, max_size=ATTACHMENT_MAX):
    """Never trust a file: the extension must be allowed and the first bytes must match it."""
    if upload is None:
        return None
    suffix = Path(upload.name).suffix.lower()
    if suffix not in allowed:
        raise forms.ValidationError(f"只支持 {'、'.join(sorted(allowed))} 文件。")
    if upload.size > max_size:
        raise forms.ValidationError(f"文件不能超过 {max_size // (1024 * 1024)} MB。")
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(allowed[suffix]):
        raise forms.ValidationError("文件内容与扩展名不符（可能已损坏或不是该类型的文件）。")
    return upload


class ProgressReportForm(forms.Form):
    reported_on = forms.DateField(label="报告日期", widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label="状态", choices=ReportStatus.choices)
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 4}))
    obstacle = forms.CharField(label="困难和问题", required=False, max_length=500, help_text="状态为受阻时必填")
    attachment = forms.FileField(label="附件", required=False, help_text="PDF、Word(.docx)、Excel(.xlsx) 或图片，≤20 MB")

    def clean_attachment(self):
        return check_attachment(self.cleaned_data.get("attachment"))


class PlanUploadForm(forms.Form):
    published_on = forms.DateField(label="印发日期", widget=forms.DateInput(attrs={"type": "date"}))
    document = forms.FileField(label="计划文件（PDF 或 Word .docx）")
    title = forms.CharField(label="名称", max_length=200, required=False, help_text="空：楼宇经济三年行动计划（2023—2025）")

    def clean_document(self):
        allowed = {k: v for k, v in ATTACHMENT_TYPES.items() if k in (".pdf", ".docx")}
        return check_attachment(self.cleaned_data.get("document"), allowed=allowed)


class PlanGoalForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", choices=[(y, y) for y in (2023, 2024, 2025)], coerce=int)
    text = forms.CharField(label="年度目标", widget=forms.Textarea(attrs={"rows": 2}))


class PlanItemForm(forms.Form):
    focus = forms.CharField(label="工作重点", widget=forms.Textarea(attrs={"rows": 2}))
    unit = forms.CharField(label="责任单位", max_length=100)
    deadline = forms.DateField(label="完成时限", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                               help_text="空表示持续推进")


class IsoDate(forms.DateInput):
    """The browser's date input takes ISO dates only (a locale format would show an empty field)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class KeyTaskScheduleForm(forms.Form):
    """A 附件2 task's deadline or 持续推进 cycle and its responsible units (city administrator only)."""

    deadline = forms.DateField(label="截止日期", required=False, widget=IsoDate(attrs={"class": "input"}),
                               help_text="留空表示持续推进（按报告周期判断是否按期）")
    cycle = forms.ChoiceField(label="报告周期", choices=Cycle.choices, widget=forms.Select(attrs={"class": "input"}),
                              help_text="持续推进的任务每个周期至少报告一次进展")
    units = forms.MultipleChoiceField(label="责任单位", widget=forms.CheckboxSelectMultiple,
                                      help_text="新增的责任单位自动生成任务分工；已有进展报告的责任单位不能移除")

    def __init__(self, *args, units: list[str], instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {"deadline": instance.deadline, "cycle": instance.cycle,
                                          "units": list(instance.responsible_units)})
        super().__init__(*args, **kwargs)
        known = list(dict.fromkeys([*units, *(instance.responsible_units if instance else [])]))
        self.fields["units"].choices = [(u, u) for u in known]

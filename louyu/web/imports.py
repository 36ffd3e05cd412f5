"""数据导入 (upload, then follow the import job's progress) and 导入记录 (import history).

The upload is stored under MEDIA_ROOT/uploads and imported by a background job (louyu.jobs, kind "import"):
the worker runs `louyu.intake.services.import_file`; the job page polls its progress.
"""
from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from louyu.core import permissions
from louyu.core.views import XLSX, _attachment
from louyu.intake import services as intake_services
from louyu.intake.kinds import CLI_ONLY_KINDS, upload_kinds  # noqa: F401  (the page's kinds are the intake's)
from louyu.jobs import selectors as job_selectors
from louyu.intake.selectors import imports_for

from .common import freshness, role_flags

class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="数据类型")
    file = forms.FileField(label="文件（.xlsx / .xls / .csv）")
    dry_run = forms.BooleanField(label="试导入（只校验，不写入）", required=False)
    valid_rows_only = forms.BooleanField(label="仅导入有效行（有错误的行跳过）", required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, label) for k, label in upload_kinds() if permissions.can_import(user, k)]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in {".xlsx", ".xls", ".csv"}:
            raise forms.ValidationError("只支持 .xlsx、.xls、.csv 文件。")
        return upload


@login_required
def upload(request):
    if not any(permissions.can_import(request.user, k) for k, _ in upload_kinds()):
        raise PermissionDenied("当前角色不能导入数据。")
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        job, created = intake_services.import_submit(
            kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"], actor=request.user, channel="web",
            dry_run=form.cleaned_data["dry_run"], valid_rows_only=form.cleaned_data["valid_rows_only"])
        if not created:
            messages.warning(request, f"同一文件正在导入（任务 #{job.pk}），未重复提交。")
            if not job_selectors.jobs_for(request.user).filter(pk=job.pk).exists():
                return redirect("web:import_upload")
        return redirect("jobs:detail", pk=job.pk)
    templates = [(label, reverse("web:import_template", args=[kind])) for kind, label in upload_kinds()]
    return render(request, "web/import_upload.html", {"form": form, "templates": templates, **role_flags(request.user)})


@login_required
def history(request):
    from django.core.paginator import Paginator

    page = Paginator(imports_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "web/import_history.html", {"page": page, **freshness(), **role_flags(request.user)})


@login_required
def batch_errors(request, pk: int):
    """The error report of one import as CSV (行号, 列, 值, 原因)."""
    import io

    from louyu.core import spreadsheets

    batch = get_object_or_404(imports_for(request.user), pk=pk)
    buffer = io.StringIO()
    writer = spreadsheets.csv_writer(buffer)
    writer.writerow(["行号", "列", "值", "原因"])
    for error in batch.errors or []:
        if isinstance(error, dict):
            writer.writerow([error.get("row", error.get("行号", "")), error.get("column", error.get("列", "")),
                             error.get("value", error.get("值", "")), error.get("reason", error.get("原因", ""))])
        else:
            writer.writerow(["", "", "", str(error)])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename=\"import-{batch.pk}-errors.csv\""
    return response


@login_required
def template_download(request, kind: str):
    """The import template (.xlsx with an example row and notes)."""
    if kind not in dict(upload_kinds()):
        raise Http404(f"没有“{kind}”类数据的导入模板")
    content, filename = intake_services.template(kind=kind)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = _attachment(filename)
    return response

"""数据导入 (upload with progress, htmx polling) and 导入记录 (import history).

INTEGRATION: the import itself is `louyu.intake.services.import_file` (intake engineer). The upload is
stored under MEDIA_ROOT/uploads and imported in a background thread; the page polls the ImportJob.
"""
from __future__ import annotations

import importlib
import inspect
import threading
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import close_old_connections, connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from louyu.core import permissions
from louyu.intake.models import ImportBatch
from louyu.intake.selectors import imports_for

from .common import freshness, role_flags
from .models import ImportJob, ImportJobStatus

KINDS = [
    ("buildings", "楼宇"), ("enterprises", "企业"), ("tenancies", "入驻"), ("tax", "税收"), ("operations", "楼宇运营"),
    ("new_projects", "新建楼宇项目"), ("renovations", "存量楼宇改造提升"),
]


def import_file_function():
    try:
        module = importlib.import_module("louyu.intake.services")
    except ImportError:
        return None
    return getattr(module, "import_file", None)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="数据类型", choices=KINDS)
    file = forms.FileField(label="文件（.xlsx / .xls / .csv）")
    dry_run = forms.BooleanField(label="试导入（只校验，不写入）", required=False)
    valid_rows_only = forms.BooleanField(label="仅导入有效行（有错误的行跳过）", required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, label) for k, label in KINDS if permissions.can_import(user, k)]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in {".xlsx", ".xls", ".csv"}:
            raise forms.ValidationError("只支持 .xlsx、.xls、.csv 文件。")
        return upload


def _store(upload) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
    with path.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    return path


def run_job(job_id: int, *, in_thread: bool = False) -> None:
    """Run one upload's import (in a thread: its own database connection, closed at the end)."""
    if in_thread:
        close_old_connections()
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    job.status = ImportJobStatus.RUNNING
    job.save(update_fields=["status", "updated_at"])
    try:
        import_file = import_file_function()
        if import_file is None:
            raise RuntimeError("数据导入模块尚未安装（louyu.intake.services.import_file）。")

        def progress(done: int, total: int | None = None) -> None:
            ImportJob.objects.filter(pk=job_id).update(done=done, total=total or 0)

        kwargs = dict(kind=job.kind, path=Path(job.path), actor=job.user, dry_run=job.dry_run,
                      valid_rows_only=job.valid_rows_only, channel="web", file_name=job.file_name)
        accepted = inspect.signature(import_file).parameters
        if "progress" in accepted:
            kwargs["progress"] = progress
        kwargs = {k: v for k, v in kwargs.items() if k in accepted or any(p.kind == p.VAR_KEYWORD for p in accepted.values())}
        result = import_file(**kwargs)
        batch = result if isinstance(result, ImportBatch) else getattr(result, "batch", None)
        job.batch = batch
        job.status = ImportJobStatus.DONE
        job.message = _summary(batch)
    except PermissionDenied as exc:
        job.status, job.message = ImportJobStatus.FAILED, str(exc) or "无权限导入该类数据。"
    except Exception as exc:  # shown to the user; the batch (if any) keeps the details
        job.status, job.message = ImportJobStatus.FAILED, f"导入失败：{exc}"
    finally:
        job.save()
        Path(job.path).unlink(missing_ok=True)
        if in_thread:
            connection.close()


def _summary(batch) -> str:
    if batch is None:
        return "导入完成。"
    return (f"{batch.get_status_display()}：共 {batch.rows_total} 行，新增 {batch.rows_inserted}，更新 {batch.rows_updated}，"
            f"未变化 {batch.rows_unchanged}，拒绝 {batch.rows_rejected}。")


def start(job: ImportJob) -> None:
    if getattr(settings, "LOUYU_IMPORT_SYNC", False):
        run_job(job.pk)
        return
    threading.Thread(target=run_job, args=(job.pk,), kwargs={"in_thread": True}, daemon=True, name=f"import-{job.pk}").start()


@login_required
def upload(request):
    if not any(permissions.can_import(request.user, k) for k, _ in KINDS):
        raise PermissionDenied("当前角色不能导入数据。")
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            user=request.user, kind=form.cleaned_data["kind"], file_name=upload_file.name, path=str(_store(upload_file)),
            dry_run=form.cleaned_data["dry_run"], valid_rows_only=form.cleaned_data["valid_rows_only"],
        )
        start(job)
        return redirect("web:import_job", pk=job.pk)
    templates = _template_links()
    return render(request, "web/import_upload.html", {"form": form, "templates": templates, "intake_ready": import_file_function() is not None, **role_flags(request.user)})


def _template_links() -> list[tuple[str, str]]:
    from django.urls import NoReverseMatch, reverse

    links = []
    for kind, label in KINDS:
        try:
            links.append((label, reverse("web:import_template", args=[kind])))
        except NoReverseMatch:
            pass
    return links


def _job_for(request, pk: int) -> ImportJob:
    # An upload is its uploader's; administrators may follow any.
    job = get_object_or_404(ImportJob.objects.select_related("batch"), pk=pk)
    if job.user_id != request.user.pk and permissions.role_of(request.user) != "city_admin":
        raise PermissionDenied
    return job


@login_required
def job_page(request, pk: int):
    job = _job_for(request, pk)
    return render(request, "web/import_job.html", {"job": job, **result_context(request.user, job.batch), **role_flags(request.user)})


@login_required
def job_progress(request, pk: int):
    """The htmx fragment the job page polls every second until the job ends."""
    job = _job_for(request, pk)
    return render(request, "web/_import_progress.html", {"job": job, **result_context(request.user, job.batch)})


def result_context(user, batch) -> dict:
    """What the job page shows of a finished import: its errors and warnings row by row, and — after an
    enterprise import — how many addresses now wait for a person."""
    if batch is None:
        return {}
    waiting = 0
    if batch.kind == "enterprises" and batch.status == "committed":
        from louyu.matching.selectors import decidable_for

        waiting = decidable_for(user).filter(enterprise__source_batch=batch).count()
    return {"batch_tables": [("错误", batch.errors or [], "errors"), ("警告", batch.warnings or [], "warnings")],
            "review_waiting": waiting}


@login_required
def history(request):
    from django.core.paginator import Paginator

    page = Paginator(imports_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "web/import_history.html", {"page": page, **freshness(), **role_flags(request.user)})


@login_required
def batch_errors(request, pk: int):
    """The error report of one import as CSV (行号, 列, 值, 原因)."""
    import csv
    import io

    batch = get_object_or_404(imports_for(request.user), pk=pk)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
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
    """The import template (.xlsx with an example row and notes) from the intake, when installed."""
    try:
        module = importlib.import_module("louyu.intake.services")
        make = getattr(module, "template")
    except (ImportError, AttributeError):
        raise PermissionDenied("模板功能尚未安装。") from None
    content, filename = make(kind=kind)
    from louyu.core.views import XLSX, _attachment

    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = _attachment(filename)
    return response

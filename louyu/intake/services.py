"""Importing a file: validate everything first, then write atomically (or nothing), audited, idempotent.

`import_file` is what the CLI (`louyu import`), the upload page and the API call. A file with any error
writes nothing (status 已拒绝, the error list on the batch) unless `valid_rows_only` was chosen; a dry run
validates and counts what would change, then rolls back.
"""
from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Callable

from django.conf import settings
from django.utils import timezone

from louyu.core import audit, permissions
from louyu.jobs.services import job_submit

from . import hooks, kinds, limits, pipeline, readers
from .locking import import_transaction
from .kinds.base import Kind
from .models import ImportBatch, ImportStatus
from .pipeline import Context, Report, shown
from .staging import TaxStaging
from .upsert import Outcome, orm_upsert

logger = logging.getLogger(__name__)


class _Rollback(Exception):
    """Leaves the import's transaction without writing (a rejected file or a dry run)."""


def _user(actor):
    return actor if hasattr(actor, "get_username") and getattr(actor, "pk", None) else None


def default_source(file_name: str, department: str) -> str:
    return (f"{department}导入：{file_name}" if department else f"导入：{file_name}")[:200]


def import_file(*, kind: str, path_or_file=None, actor, dry_run: bool = False, valid_rows_only: bool = False,
                channel: str = "cli", department: str = "", file_name: str | None = None, path=None,
                progress: Callable[[int, int | None], None] | None = None,
                error_sink: Callable[[dict], None] | None = None) -> ImportBatch:
    """Import one file of `kind` and return its ImportBatch (status committed, validated or rejected).

    `path_or_file` is a path or a binary file object (`path` is accepted as another name for it);
    `progress(rows_read, total_or_None)` is called every few thousand rows; `error_sink` receives every
    error, also beyond the ones stored on the batch."""
    spec = kinds.get(kind)
    source = path_or_file if path_or_file is not None else path
    file_name = file_name or readers.file_name_of(source)
    user = _user(actor)
    scope = permissions.import_district_scope(user) if user else None
    profile = permissions.profile_of(user) if user else None
    department = department or (profile.department if profile else "")
    batch = ImportBatch.objects.create(
        kind=kind, file_name=file_name[:255], file_sha256=readers.sha256_of(source), actor=user,
        actor_label=audit.actor_label(actor if actor is not None else ("命令行" if channel == "cli" else None)),
        district=scope, department=department,
        channel=channel, dry_run=dry_run, valid_rows_only=valid_rows_only,
    )
    report = Report(sink=error_sink)
    ctx = Context(kind=spec, actor=actor, batch=batch, scope=scope, report=report,
                  default_source=default_source(file_name, department), today=timezone.localdate())
    outcome = Outcome()
    status = ImportStatus.VALIDATED if dry_run else ImportStatus.COMMITTED
    if user is not None and not permissions.can_import(user, kind):
        report.error(None, "", "", f"无权限导入“{spec.label}”数据（当前角色不能导入此类数据）")
        status = ImportStatus.REJECTED
    else:
        try:
            with import_transaction(kind):  # a second import of this kind waits here (queues), never fails
                outcome = _run(spec, source, file_name, ctx, dry_run=dry_run, valid_rows_only=valid_rows_only, progress=progress)
                if dry_run:
                    raise _Rollback
        except _Rollback:
            if report.file_error or (report.error_count and not valid_rows_only):
                status, outcome = ImportStatus.REJECTED, Outcome()
        except limits.FileRefused as exc:  # unreadable, or over a size/inflation/row limit
            report.error(None, "", "", str(exc))
            status, outcome = ImportStatus.REJECTED, Outcome()
        except Exception as exc:
            logger.exception("import %s failed", batch.pk)
            report.error(None, "", "", f"导入失败（系统错误）：{exc.__class__.__name__}: {exc}")
            _finish(batch, ImportStatus.FAILED, ctx, Outcome())
            raise
    _finish(batch, status, ctx, outcome)
    if status == ImportStatus.COMMITTED and (outcome.inserted or outcome.updated):
        failures = hooks.notify(batch, outcome.affected)
        hooks.record(batch, outcome.affected, failures)
        if failures:
            batch.warnings = batch.warnings + [Report.entry(None, "", "", f["reason"]) for f in failures]
            batch.save(update_fields=["warnings"])
        hooks.retry_failed(exclude=batch.pk)  # earlier imports whose refresh failed get another try now the database is free
    return batch


def _finish(batch: ImportBatch, status: str, ctx: Context, outcome: Outcome) -> None:
    report = ctx.report
    batch.status = status
    batch.finished_at = timezone.now()
    batch.rows_total = ctx.rows_total
    batch.rows_inserted, batch.rows_updated, batch.rows_unchanged = outcome.inserted, outcome.updated, outcome.unchanged
    batch.rows_rejected = len(report.error_rows)
    batch.errors = _by_row(report.errors) + report.truncation_notes()
    batch.warnings = _by_row(report.warnings)
    batch.skipped = report.skipped
    batch.save()
    batch.affected = outcome.affected  # for the caller (not stored)


def _by_row(items: list[dict]) -> list[dict]:
    """File-level entries first, then by row (stable: a row's entries keep the order they were found in)."""
    return sorted(items, key=lambda e: (e["row"] is not None, e["row"] or 0))


def _run(spec: Kind, source, file_name: str, ctx: Context, *, dry_run: bool, valid_rows_only: bool, progress) -> Outcome:
    with readers.opened(source, file_name) as (_, sheets):
        header, sheet = pipeline.find_header(sheets, spec)
        ctx.header = header
        pipeline.header_problems(header, spec, ctx)
        if ctx.report.file_error:
            raise _Rollback
        spec.prepare(ctx)
        rows = _nonempty(pipeline.data_rows(sheet, ctx, progress), ctx)
        if spec.streaming:
            return _run_staged(spec, rows, ctx, dry_run=dry_run, valid_rows_only=valid_rows_only)
        return _run_orm(spec, rows, ctx, dry_run=dry_run, valid_rows_only=valid_rows_only)


def _nonempty(rows, ctx: Context):
    """The rows, then — for a file with a header and nothing under it — a clear error instead of a quiet
    success with 0 rows (and the whole file refused, like any file error)."""
    yield from rows
    if ctx.rows_total == 0 and not ctx.report.error_count:
        ctx.report.error(None, "", "", f"文件中没有数据行：表头（第{ctx.header.last_row}行）下方没有可导入的“{ctx.kind.label}”数据")
        raise _Rollback


def _refuse_if_errors(ctx: Context, valid_rows_only: bool) -> None:
    if ctx.report.file_error or (ctx.report.error_count and not valid_rows_only):
        raise _Rollback


def _run_orm(spec, rows, ctx: Context, *, dry_run: bool, valid_rows_only: bool) -> Outcome:
    records, existing = [], {}
    for chunk in pipeline.chunks(rows):
        spec.prefetch(chunk, ctx)
        valid = []
        for number, values in chunk:
            record = spec.validate(number, values, ctx)
            if record is not None:
                record.label = " / ".join(shown(values.get(k)) for k in spec.key)
                valid.append(record)
        found = spec.existing(valid)
        _check_scope(spec, valid, found, ctx)
        existing.update(found)
        records.extend(valid)
    _check_duplicates(spec, records, ctx)
    spec.check_file([r for r in records if r.row not in ctx.report.error_rows], ctx)
    _refuse_if_errors(ctx, valid_rows_only)
    records = [r for r in records if r.row not in ctx.report.error_rows]
    if hasattr(spec, "write_records"):  # a kind written by its own domain service (accounts)
        return spec.write_records(records, ctx, write=not dry_run)
    return orm_upsert(spec, records, existing, ctx, write=not dry_run)


def _check_scope(spec, records, found, ctx: Context) -> None:
    """A district user's rows must be of their district, and so must the stored rows they would change."""
    scope = ctx.scope
    if scope is None:
        return
    where_key = "district" if any(c.key == "district" for c in spec.columns) and ctx.has("district") else spec.key[0]
    for record in records:
        if record.district_id is not None and record.district_id != scope.pk:
            other = ctx.lookups.by_id(record.district_id)
            ctx.error(record.row, where_key, other.name if other else "", f"该行属于{other.name if other else '其他地区'}，超出本人负责的地区（{scope.name}）")
            continue
        stored = found.get(record.key)
        if stored is not None:
            district_id = audit.district_id_of(stored)
            if district_id is not None and district_id != scope.pk:
                other = ctx.lookups.by_id(district_id)
                ctx.error(record.row, spec.key[0], record.label,
                          f"已登记的该记录属于{other.name if other else '其他地区'}，超出本人负责的地区（{scope.name}）")


def _check_duplicates(spec, records, ctx: Context) -> None:
    rows_by_key: dict[tuple, list] = {}
    for record in records:
        rows_by_key.setdefault(record.key, []).append(record)
    names = "+".join(spec.column(k).name for k in spec.key)
    for group in rows_by_key.values():
        if len(group) > 1:
            for record in group:
                others = "、".join(str(r.row) for r in group if r is not record)
                ctx.error(record.row, spec.key[0], record.label, f"与第{others}行重复（{names}相同）")


def _run_staged(spec, rows, ctx: Context, *, dry_run: bool, valid_rows_only: bool) -> Outcome:
    staging = TaxStaging(ctx.batch.pk)
    try:
        for chunk in pipeline.chunks(rows):
            spec.prefetch(chunk, ctx)
            for number, values in chunk:
                # a tuple is a row the kind's fast path already finished (pipeline.data_rows)
                row = values if values.__class__ is tuple else spec.validate(number, values, ctx)
                if row is not None:
                    staging.add(row)
    except BaseException:
        staging.abandon()
        raise
    staging.finish_loading()
    if not (dry_run or valid_rows_only or ctx.report.error_count):
        # Nothing else can refuse the file: a new month's rows go straight in (None: the general write below).
        inserted = staging.write_new(batch=ctx.batch, actor=ctx.actor, default_source=ctx.default_source)
        if inserted is not None:
            outcome = Outcome(inserted=inserted, unchanged=staging.count - inserted)
            if inserted:
                outcome.affected = staging.affected()
            staging.drop()
            return outcome
    duplicates = staging.duplicates()
    if duplicates:
        uscc_of = {e.pk: uscc for uscc, e in ctx.state.get("enterprises", {}).items() if e is not None}
        names = "+".join(spec.column(k).name for k in spec.key)
        for (enterprise_id, period), numbers in duplicates.items():
            for number in numbers:
                others = "、".join(str(n) for n in numbers if n != number)
                ctx.error(number, "uscc", f"{uscc_of.get(enterprise_id, '')} / {period:%Y-%m}", f"与第{others}行重复（{names}相同）")
        if valid_rows_only:
            staging.delete_rows({n for numbers in duplicates.values() for n in numbers})
    _refuse_if_errors(ctx, valid_rows_only)
    outcome = Outcome()
    if dry_run:
        outcome.inserted, outcome.updated, outcome.unchanged = staging.preview(ctx.default_source)
        return outcome
    outcome.inserted, outcome.updated, outcome.unchanged = staging.write(batch=ctx.batch, actor=ctx.actor, default_source=ctx.default_source)
    if outcome.inserted or outcome.updated:
        outcome.affected = staging.affected()
    staging.drop()
    return outcome


# --- what the web pages call (thin wrappers; the work is in templates.py and export.py) -----------------


def template(*, kind: str) -> tuple[bytes, str]:
    """The .xlsx import template of `kind` and its download file name."""
    from .templates import template_bytes, template_filename

    return template_bytes(kind), template_filename(kind)


def export(*, kind: str, actor, fmt: str = "xlsx", queryset=None) -> tuple[bytes, str]:
    """The rows of `kind` (or of `queryset`, e.g. a filtered list page) that `actor` may see, as .xlsx or
    .csv bytes in the import template's format, and a file name."""
    from .export import export_bytes, export_filename

    return export_bytes(kind=kind, user=actor, fmt=fmt, queryset=queryset), export_filename(kind, fmt)


def import_submit(*, kind: str, upload, actor, dry_run: bool = False, valid_rows_only: bool = False,
                  channel: str = "web"):
    """An uploaded file as an import job (louyu.jobs, kind "import"): stored under MEDIA_ROOT/uploads, then
    queued; the worker runs `import_file` with its size, inflation and row limits. Returns (job, created); the
    same file of the same kind already queued or running is that job (the copy just stored is dropped)."""
    folder = Path(settings.MEDIA_ROOT) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
    with path.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    job, created = job_submit(kind="import", actor=actor, channel=channel, args={
        "kind": kind, "path": str(path), "file_name": upload.name, "sha256": readers.sha256_of(path),
        "dry_run": dry_run, "valid_rows_only": valid_rows_only, "channel": channel,
    })
    if not created:
        path.unlink(missing_ok=True)
    return job, created


"""Reads for the import history page: which imports a user may see, and an import's error report."""
from __future__ import annotations

import io

from django.db.models import QuerySet

from louyu.core import permissions, spreadsheets

from .models import ImportBatch, ImportKind, ImportStatus

ERROR_HEADERS = ["行号", "列", "值", "原因"]


def imports_for(user, *, kind: str | None = None, status: str | None = None) -> QuerySet:
    """The imports `user` may see (louyu.core.permissions: their district's, everything for city roles, and
    always their own), newest first — the one rule the page, its error reports and the API share."""
    visible = permissions.restrict(ImportBatch.objects.select_related("actor", "district"), user, permissions.VIEW)
    if kind:
        visible = visible.filter(kind=kind)
    if status:
        visible = visible.filter(status=status)
    return visible.order_by("-started_at", "-id")


def import_for(user, pk: int) -> ImportBatch:
    """One visible import (ImportBatch.DoesNotExist otherwise, which a view turns into a 404)."""
    return imports_for(user).get(pk=pk)


def batch_outcome(batch: ImportBatch, user) -> dict:
    """What a finished import's page shows: its errors and warnings row by row, and — after an enterprise
    import — how many of its enterprises now wait for a person to place them (待复核 or 无匹配)."""
    from louyu.enterprises.models import Enterprise

    waiting = 0
    if batch.kind == ImportKind.ENTERPRISES and batch.status == ImportStatus.COMMITTED:
        waiting = permissions.restrict(
            Enterprise.objects.filter(source_batch_id=batch.pk, address_match__status__in=("review", "none")), user, permissions.CHANGE
        ).count()
    return {"batch": batch, "batch_tables": [("错误", batch.errors or [], "errors"), ("警告", batch.warnings or [], "warnings")],
            "review_waiting": waiting}


def error_rows(batch: ImportBatch) -> list[list]:
    return [[e.get("row") or "", e.get("column", ""), e.get("value", ""), e.get("reason", "")] for e in batch.errors or []]


def errors_csv(batch: ImportBatch) -> bytes:
    """The error report (行号, 列, 值, 原因) as UTF-8 CSV with a BOM, so Excel opens it in Chinese."""
    buffer = io.StringIO()
    writer = spreadsheets.csv_writer(buffer)
    writer.writerow(ERROR_HEADERS)
    writer.writerows(error_rows(batch))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def errors_csv_filename(batch: ImportBatch) -> str:
    return f"导入{batch.pk}_错误清单.csv"


def import_summary(batch: ImportBatch) -> dict:
    """The figures an import history row shows."""
    return {
        "id": batch.pk, "kind": batch.kind, "kind_label": batch.get_kind_display(), "file_name": batch.file_name,
        "file_sha256": batch.file_sha256, "actor": batch.actor_label, "district": batch.district.name if batch.district else "",
        "department": batch.department, "channel": batch.channel, "started_at": batch.started_at, "finished_at": batch.finished_at,
        "status": batch.status, "status_label": batch.status_text, "followup_status": batch.followup_status, "dry_run": batch.dry_run,
        "valid_rows_only": batch.valid_rows_only, "rows_total": batch.rows_total, "rows_inserted": batch.rows_inserted,
        "rows_updated": batch.rows_updated, "rows_unchanged": batch.rows_unchanged, "rows_rejected": batch.rows_rejected,
        "errors": len(batch.errors or []), "warnings": len(batch.warnings or []), "skipped": len(batch.skipped or []),
    }

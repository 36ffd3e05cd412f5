"""The intake's background job: one uploaded file through `import_file` (registered from IntakeConfig.ready)."""
from __future__ import annotations

from pathlib import Path

from louyu.jobs.kinds import owned_files, partitions_refresh, register

# 数据导入 ------------------------------------------------------------------------------------------------

def _import_summary(result: dict) -> str:
    return (f"{result['status_label']}：共 {result['rows_total']:,} 行，新增 {result['rows_inserted']:,}，"
            f"更新 {result['rows_updated']:,}，未变化 {result['rows_unchanged']:,}，有错误 {result['rows_rejected']:,}。")


def _import_links(job) -> list:
    from django.urls import reverse

    result = job.result
    links = [("查看导入记录", reverse("web:import_history") + f"#batch-{result['batch']}")]
    if result.get("errors"):
        links.append((f"下载错误报告（{result['errors']:,} 条）", reverse("web:import_errors", args=[result["batch"]])))
    return links


def _import_outcome(job, user) -> tuple[str, dict] | None:
    from louyu.intake import selectors

    batch = selectors.imports_for(user).filter(pk=job.result.get("batch")).first()
    return ("web/_import_result.html", selectors.batch_outcome(batch, user)) if batch else None


def _import_label(args: dict) -> str:
    from louyu.intake.kinds import LABELS

    return f"导入{LABELS.get(args['kind'], args['kind'])}：{args['file_name']}" + ("（试导入）" if args.get("dry_run") else "")


def _import_detail(job, user) -> dict | None:
    """The API's view of the same outcome: the batch as /api/imports/{id}/ gives it (errors and warnings row by
    row) and where its error report is."""
    from django.urls import reverse

    from louyu.intake import selectors
    from louyu.intake.api import ImportBatchSerializer

    batch = selectors.imports_for(user).filter(pk=job.result.get("batch")).first()
    if batch is None:
        return None
    return {"batch": ImportBatchSerializer(batch).data, "errors_url": reverse("api:import-errors", args=[batch.pk]),
            "review_waiting": selectors.batch_outcome(batch, user)["review_waiting"]}


@register("import", label=_import_label, key=lambda a: f"import:{a['kind']}:{a['sha256']}",
          summary=_import_summary, links=_import_links, outcome=_import_outcome, detail=_import_detail,
          cleanup=owned_files("path"))
def import_job(*, actor, progress, kind: str, path: str, file_name: str, sha256: str = "", dry_run: bool = False,
               valid_rows_only: bool = False, channel: str = "web", department: str = "", keep: bool = False,
               error_sink=None) -> dict:
    """One uploaded file through the intake (which validates everything first and writes in one transaction)."""
    from louyu.intake.services import import_file

    progress(0, None, "读取并校验")
    batch = import_file(kind=kind, path_or_file=Path(path), actor=actor, dry_run=dry_run, valid_rows_only=valid_rows_only,
                        channel=channel, department=department, file_name=file_name,
                        progress=lambda done, total=None: progress(done, total, "读取并校验"), error_sink=error_sink)
    partitions_refresh()  # rows of a year new to the database move from the default partition into their own
    return batch_result(batch)


def batch_result(batch) -> dict:
    """What the job keeps of an import (its summary line reads it): the status in words, as the history shows it
    (a failed indicator refresh says 待重试), and the row counts."""
    return {"batch": batch.pk, "status": batch.status, "status_label": batch.status_text,
            "rows_total": batch.rows_total, "rows_inserted": batch.rows_inserted, "rows_updated": batch.rows_updated,
            "rows_unchanged": batch.rows_unchanged, "rows_rejected": batch.rows_rejected, "errors": len(batch.errors or [])}

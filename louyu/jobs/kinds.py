"""The registry of job kinds: every long operation the platform runs in the background.

A kind is a plain function `run(*, actor, progress, **args) -> dict` (the JSON result) plus how to name it,
which work it is (`key`: two jobs with the same key never run at once) and whether a job a dead worker left
behind may simply run again (`resumable`: only for work that is all-or-nothing and idempotent). To run a
report as a job, register its service in one line, e.g.

    register("bluebook", label=lambda a: f"{a['year']} 年楼宇经济蓝皮书", key=lambda a: f"bluebook:{a['year']}",
             resumable=True)(bluebook_job)

and submit it with `louyu.jobs.services.job_submit(kind="bluebook", args={"year": 2023}, actor=user)`, then
redirect to `jobs:detail` (the progress page). A kind whose result holds `"output": path` gets a download
link with `links=lambda job: [("下载", reverse("jobs:download", args=[job.pk]))]`.
`progress(done, total=None, phase="")` may be called as often as convenient: it only sets numbers in memory,
which the runner's heartbeat writes to the job row once a second.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class JobKind:
    name: str
    run: Callable[..., dict]
    label: Callable[[dict], str]
    key: Callable[[dict], str | None] = lambda args: None
    resumable: bool = False
    summary: Callable[[dict], str] = lambda result: "已完成。"
    cleanup: Callable[[dict], None] = lambda args: None  # after the job ends for good (files it owned)
    links: Callable[[object], list] = field(default=lambda job: [])  # [(文字, url)] shown once it succeeded
    # (template, context) the job's page adds once it succeeded, read for the viewing user (e.g. an import's errors)
    outcome: Callable[[object, object], tuple[str, dict] | None] = field(default=lambda job, user: None)


KINDS: dict[str, JobKind] = {}
log = logging.getLogger(__name__)


class UnknownJobKind(KeyError):
    pass


def register(name: str, **options) -> Callable:
    def decorate(run: Callable[..., dict]) -> Callable[..., dict]:
        KINDS[name] = JobKind(name=name, run=run, **options)
        return run
    return decorate


def get(name: str) -> JobKind:
    try:
        return KINDS[name]
    except KeyError:
        raise UnknownJobKind(f"未知的任务类型“{name}”") from None


def _unlink(*names: str) -> Callable[[dict], None]:
    """Delete the files the job owns (uploads stored for it); `keep` marks a user's own file (the CLI's)."""
    def cleanup(args: dict) -> None:
        if args.get("keep"):
            return
        for name in names:
            if args.get(name):
                Path(args[name]).unlink(missing_ok=True)
    return cleanup


def _partitions_ensure(years=()) -> None:
    """PostgreSQL's year partitions (louyu.core.partitions) after the work has committed. A failure here loses
    nothing (the rows stay in the default partition, read and written as before), so it is logged, not raised:
    the job's own outcome is the import's or the compute's."""
    from louyu.core.partitions import partitions_ensure

    try:
        partitions_ensure(years=years)
    except Exception:
        log.exception("year partitions not updated; the rows stay in the default partition")


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


@register("import", label=_import_label, key=lambda a: f"import:{a['kind']}:{a['sha256']}",
          summary=_import_summary, links=_import_links, outcome=_import_outcome, cleanup=_unlink("path"))
def import_job(*, actor, progress, kind: str, path: str, file_name: str, sha256: str = "", dry_run: bool = False,
               valid_rows_only: bool = False, channel: str = "web", department: str = "", keep: bool = False,
               error_sink=None) -> dict:
    """One uploaded file through the intake (which validates everything first and writes in one transaction)."""
    from louyu.intake.services import import_file

    progress(0, None, "读取并校验")
    batch = import_file(kind=kind, path_or_file=Path(path), actor=actor, dry_run=dry_run, valid_rows_only=valid_rows_only,
                        channel=channel, department=department, file_name=file_name,
                        progress=lambda done, total=None: progress(done, total, "读取并校验"), error_sink=error_sink)
    _partitions_ensure()  # rows of a year new to the database move from the default partition into their own
    return {"batch": batch.pk, "status": batch.status, "status_label": batch.get_status_display(),
            "rows_total": batch.rows_total, "rows_inserted": batch.rows_inserted, "rows_updated": batch.rows_updated,
            "rows_unchanged": batch.rows_unchanged, "rows_rejected": batch.rows_rejected, "errors": len(batch.errors or [])}


# 指标计算 ------------------------------------------------------------------------------------------------

def _compute_summary(result: dict) -> str:
    years = "、".join(str(y) for y in result["years"]) or "—"
    return f"已计算年度：{years}，预警 {result['alerts']:,} 条，用时 {result['seconds']:.1f} 秒。"


@register("compute", label=lambda a: f"指标计算（{a['year']} 年）" if a.get("year") else "指标计算（全部年度）",
          key=lambda a: f"compute:{a.get('year') or 'all'}", resumable=True, summary=_compute_summary,
          links=lambda job: [("打开驾驶舱", "/cockpit/")])
def compute_job(*, actor, progress, year: int | None = None) -> dict:
    """The indicator engine: one transaction, idempotent, so a crashed run may simply run again."""
    from louyu.indicators.engine import compute, vacuum_facts

    _partitions_ensure(years=[year - 1, year] if year else ())
    result = compute(year=year, progress=progress)
    _partitions_ensure()
    progress(1, 1, "整理存储")
    vacuum_facts()
    return {"years": list(result.years), "district_years": list(result.district_years), "alerts": result.alerts,
            "months": result.months, "seconds": result.seconds,
            "horizon": result.horizon.isoformat() if result.horizon else None, "steps": result.steps}


# 地址批量匹配 ---------------------------------------------------------------------------------------------

def _match_links(job) -> list:
    from django.urls import reverse

    return [("下载匹配结果（CSV）", reverse("jobs:download", args=[job.pk]))]


@register("match_file", label=lambda a: f"地址批量匹配：{a['input_name']}",
          key=lambda a: f"match_file:{a['sha256']}", resumable=True,
          summary=lambda r: f"共 {r['rows']:,} 条：匹配 {r['matched']:,} 条，待复核 {r['review']:,} 条，无匹配 {r['none']:,} 条。",
          links=_match_links, cleanup=_unlink("registry", "input"))
def match_file_job(*, actor, progress, registry: str, input: str, output: str, input_name: str = "", sha256: str = "") -> dict:
    """File in, file out (louyu.matching.batch); the output file is written whole or not at all."""
    from louyu.matching.batch import match_file

    progress(0, None, "读取楼宇名录与地址")
    partial = Path(output).with_suffix(".partial")
    summary = match_file(registry, input, partial, progress=progress)
    partial.replace(output)
    return {"rows": summary.rows, "matched": summary.matched, "review": summary.review, "none": summary.none,
            "seconds": summary.seconds, "output": str(output)}


# 自检 ----------------------------------------------------------------------------------------------------

@register("probe", label=lambda a: f"工作进程自检（{a.get('steps', 3)} 步）", key=lambda a: a.get("key"), resumable=True,
          summary=lambda r: f"工作进程正常：完成 {r['steps']} 步。")
def probe_job(*, actor, progress, steps: int = 3, pause: float = 0.0, key: str | None = None) -> dict:
    """Checks that a worker picks jobs up (`louyu worker --check`); `pause` makes each step take that long."""
    for step in range(steps):
        progress(step, steps, f"第 {step + 1} 步")
        time.sleep(pause)
    progress(steps, steps, "完成")
    return {"steps": steps}

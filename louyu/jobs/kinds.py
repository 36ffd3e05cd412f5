"""The registry of job kinds: every long operation the platform runs in the background.

Kinds are registered by the apps that own the work (`louyu/intake/job_kinds.py`, `louyu/indicators/job_kinds.py`,
`louyu/matching/job_kinds.py`, `louyu/reports/job_kinds.py`), imported from each app's `ready()`: this module
knows none of them, so every app may submit jobs without an arrow pointing up.
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
    # the same outcome as data for the API's GET /api/jobs/{id}/ (e.g. the import batch with its errors), or None
    detail: Callable[[object, object], dict | None] = field(default=lambda job, user: None)


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


def owned_files(*names: str) -> Callable[[dict], None]:
    """Delete the files the job owns (uploads stored for it); `keep` marks a user's own file (the CLI's)."""
    def cleanup(args: dict) -> None:
        if args.get("keep"):
            return
        for name in names:
            if args.get(name):
                Path(args[name]).unlink(missing_ok=True)
    return cleanup


def partitions_refresh(years=()) -> None:
    """PostgreSQL's year partitions (louyu.core.partitions) after the work has committed. A failure here loses
    nothing (the rows stay in the default partition, read and written as before), so it is logged, not raised:
    the job's own outcome is the import's or the compute's."""
    from louyu.core.partitions import partitions_ensure

    try:
        partitions_ensure(years=years)
    except Exception:
        log.exception("year partitions not updated; the rows stay in the default partition")


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

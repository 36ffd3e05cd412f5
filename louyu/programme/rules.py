"""How an assignment of 附件2 stands on a chosen day — the rules as small functions, one per policy word.

Dated tasks (2023 年 4 月底前) are judged by their deadline; 持续推进 tasks by their reporting cycle: every
complete cycle since the programme began must hold at least one report, and a cycle without one is a miss.

Settings (override in settings.LOUYU_PROGRAMME): DUE_SOON_DAYS (30) — "即将到期" window; START
("2023-04-01") — the first cycle of 持续推进 tasks (the policy is dated 2023-03-28).
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, field

from django.conf import settings

DEFAULTS = {"DUE_SOON_DAYS": 30, "START": "2023-04-01"}
CYCLE_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}

DONE, ON_TIME, OVERDUE, DUE_SOON, NO_REPORT = "done", "on_time", "overdue", "due_soon", "no_report"
LABELS = {DONE: "已完成", ON_TIME: "按期推进", OVERDUE: "逾期", DUE_SOON: "即将到期", NO_REPORT: "本周期未报告"}
LATE = (OVERDUE, NO_REPORT)  # what the cockpit's overdue panel lists


def config() -> dict:
    merged = {**DEFAULTS, **(getattr(settings, "LOUYU_PROGRAMME", {}) or {})}
    merged["START"] = dt.date.fromisoformat(str(merged["START"]))
    merged["DUE_SOON_DAYS"] = int(merged["DUE_SOON_DAYS"])
    return merged


@dataclass(frozen=True)
class Standing:
    status: str
    due: dt.date | None  # by when the unit owes its next report or completion
    blocked: bool = False
    misses: int = 0  # 持续推进: complete cycles without a report
    last_report: dt.date | None = None
    missed_cycles: tuple = field(default=())

    @property
    def label(self) -> str:
        return LABELS[self.status]


def cycle_bounds(day: dt.date, cycle: str, start: dt.date) -> tuple[dt.date, dt.date]:
    """[first, last] day of the cycle that holds `day` (cycles are aligned to calendar months from January)."""
    months = CYCLE_MONTHS[cycle]
    first_month = (day.month - 1) // months * months + 1
    first = dt.date(day.year, first_month, 1)
    nxt = _add_months(first, months)
    return max(first, start), nxt - dt.timedelta(days=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def complete_cycles(cycle: str, start: dt.date, as_of: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The cycles that began on or after `start` and ended before `as_of`."""
    out, first = [], cycle_bounds(start, cycle, start)[0]
    while True:
        lo, hi = cycle_bounds(first, cycle, start)
        if hi >= as_of:
            return out
        out.append((lo, hi))
        first = hi + dt.timedelta(days=1)


def dated_standing(deadline: dt.date, reports: list, as_of: dt.date, due_soon_days: int) -> Standing:
    """A task with a deadline: done once a 完成 report is filed; otherwise overdue after the deadline, due soon
    within the window before it, on time before that."""
    done = [r for r in reports if r.status == "done"]
    last = max((r.reported_on for r in reports), default=None)
    blocked = bool(reports) and max(reports, key=lambda r: (r.reported_on, r.pk or 0)).status == "blocked"
    if done:
        return Standing(DONE, None, False, 0, last)
    if deadline < as_of:
        return Standing(OVERDUE, deadline, blocked, 0, last)
    if (deadline - as_of).days <= due_soon_days:
        return Standing(DUE_SOON, deadline, blocked, 0, last)
    return Standing(ON_TIME, deadline, blocked, 0, last)


def cycle_standing(cycle: str, reports: list, as_of: dt.date, start: dt.date, due_soon_days: int) -> Standing:
    """A 持续推进 task: each complete cycle needs a report; the last complete cycle without one means 本周期未报告
    (a miss); otherwise the current cycle's report is due at its end (即将到期 inside the window)."""
    dates = sorted(r.reported_on for r in reports)
    last = dates[-1] if dates else None
    blocked = bool(reports) and max(reports, key=lambda r: (r.reported_on, r.pk or 0)).status == "blocked"
    missed = tuple((lo, hi) for lo, hi in complete_cycles(cycle, start, as_of) if not _reported_within(dates, lo, hi))
    lo, hi = cycle_bounds(max(as_of, start), cycle, start)
    if missed and missed[-1][1] == lo - dt.timedelta(days=1):
        return Standing(NO_REPORT, hi, blocked, len(missed), last, missed)
    if _reported_within(dates, lo, hi):
        nxt = cycle_bounds(hi + dt.timedelta(days=1), cycle, start)[1]
        return Standing(ON_TIME, nxt, blocked, len(missed), last, missed)
    status = DUE_SOON if (hi - as_of).days <= due_soon_days else ON_TIME
    return Standing(status, hi, blocked, len(missed), last, missed)


def _reported_within(dates: list[dt.date], lo: dt.date, hi: dt.date) -> bool:
    """Whether the sorted `dates` hold one in [lo, hi] (a binary search: the cockpit judges every assignment's
    every cycle against its reports on each view)."""
    i = bisect_left(dates, lo)
    return i < len(dates) and dates[i] <= hi


def standing(task, reports: list, as_of: dt.date, *, due_soon_days: int | None = None) -> Standing:
    """The assignment's standing on `as_of`, from its task and its reports (those dated after `as_of` are ignored)."""
    cfg = config()
    window = cfg["DUE_SOON_DAYS"] if due_soon_days is None else due_soon_days
    known = [r for r in reports if r.reported_on <= as_of]
    if task.deadline is not None:
        return dated_standing(task.deadline, known, as_of, window)
    return cycle_standing(task.cycle, known, as_of, cfg["START"], window)

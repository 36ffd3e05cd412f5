"""Reads of the work programme: target versions and the city list, progress against the version in force
with its on-track status, and the 附件2 assignments' standing on a chosen day. Every read that takes a user
goes through louyu.core.permissions."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple


from louyu.core import permissions
from louyu.core.models import Role
from louyu.geo.models import District

from . import rules
from .models import AnnualTarget, KeyTask, ProgressReport, TargetColumn, TargetStatus, TargetVersion, TaskAssignment

TARGET_FIELDS = [c.value for c in TargetColumn]
CITY_TOTAL = "全市合计"


# ------------------------------------------------------------------------------------- 附件1 targets

def target_versions_for(user, *, year: int | None = None, district=None, status: str | None = None):
    qs = TargetVersion.objects.select_related("district")
    if year is not None:
        qs = qs.filter(year=year)
    if district is not None:
        qs = qs.filter(district=district)
    if status:
        qs = qs.filter(status=status)
    return permissions.restrict(qs, user, permissions.VIEW)


def pending_submissions(user):
    return target_versions_for(user, status=TargetStatus.SUBMITTED).order_by("year", "district__order", "created_at")


def target_history(year: int, district) -> list[TargetVersion]:
    """Every submission and version of one row, oldest first (the history shown beside the progress)."""
    return list(TargetVersion.objects.filter(year=year, district=district).order_by("created_at", "id"))


def target_years() -> list[int]:
    return sorted(set(TargetVersion.objects.values_list("year", flat=True)), reverse=True)


def city_target_list(year: int) -> dict:
    """三(三) 市级年度目标清单: the districts' rows in force (with their version), their sum, and the city's own
    approved row where the city set one; `differs` names the columns where the city's own row is not the sum."""
    rows = list(AnnualTarget.objects.filter(year=year).select_related("district").order_by("district__order"))
    total = {f: sum(getattr(r, f) for r in rows) for f in TARGET_FIELDS} if rows else None
    own = (TargetVersion.objects.filter(year=year, district=None, status=TargetStatus.APPROVED).order_by("-number").first())
    differs = [f for f in TARGET_FIELDS if own is not None and total is not None and getattr(own, f) != total[f]]
    city = {f: getattr(own, f) for f in TARGET_FIELDS} if own is not None else total
    return {"year": year, "rows": rows, "total": total, "own": own, "city": city, "differs": differs}


def year_fraction(year: int, as_of_month: dt.date | None) -> Decimal:
    """How much of `year` the data covers: months with data ÷ 12 (1 for a past year, 0 before it starts)."""
    if as_of_month is None or as_of_month.year < year:
        return Decimal(0)
    if as_of_month.year > year:
        return Decimal(1)
    return Decimal(as_of_month.month) / 12


ON_TRACK_LABELS = {"done": "已完成", "on_track": "进度正常", "behind": "进度落后", "unknown": "暂无数据", "none": "无目标"}


def on_track(actual, target, fraction: Decimal) -> str:
    """序时进度: done when the actual reaches the target; on track when it reaches the elapsed share of the year
    (months with data ÷ 12) of the target; behind otherwise."""
    if target is None:
        return "none"
    if actual is None:
        return "unknown"
    if actual >= target:
        return "done"
    return "on_track" if Decimal(actual) >= Decimal(target) * fraction else "behind"


# ------------------------------------------------------------------------------------- 附件2 assignments

class ReportMark(NamedTuple):
    """What a standing reads of a report (louyu.programme.rules): its date and status."""
    pk: int
    reported_on: dt.date
    status: str


def report_marks(assignment_ids) -> dict[int, list[ReportMark]]:
    """Each assignment's reports as marks, in order: plain tuples, not model rows — the city's glance, the
    cockpit and the evaluation judge every assignment with its thousands of reports on each request."""
    marks: dict[int, list[ReportMark]] = {}
    rows = (ProgressReport.objects.filter(assignment_id__in=assignment_ids).order_by("reported_on", "id")
            .values_list("pk", "assignment_id", "reported_on", "status"))
    for pk, assignment_id, reported_on, status in rows.iterator(chunk_size=5000):
        marks.setdefault(assignment_id, []).append(ReportMark(pk, reported_on, status))
    return marks


def assignments_for(user, action: str = permissions.VIEW):
    qs = TaskAssignment.objects.select_related("task", "plan_item", "district")
    return permissions.restrict(qs, user, action)


def with_standing(assignments, as_of: dt.date, *, due_soon_days: int | None = None) -> list[tuple]:
    """[(assignment, rules.Standing)] on `as_of`."""
    assignments = list(assignments)
    marks = report_marks([a.pk for a in assignments])
    return [(a, rules.standing(a.item, marks.get(a.pk, []), as_of, due_soon_days=due_soon_days)) for a in assignments]


STATUSES = (rules.DONE, rules.ON_TIME, rules.DUE_SOON, rules.OVERDUE, rules.NO_REPORT)


def overview(user, as_of: dt.date, *, due_soon_days: int | None = None, assignments=None) -> dict:
    """The city's glance: counts per status (and blocked) per 五方面工作 area and per responsible unit, of
    `assignments` (default: those the user may see; a report published by the system passes all)."""
    standings = with_standing(assignments_for(user) if assignments is None else assignments, as_of, due_soon_days=due_soon_days)

    def empty():
        return {**{s: 0 for s in STATUSES}, "blocked": 0, "total": 0}

    by_area, by_unit, total = {}, {}, empty()
    for assignment, st in standings:
        for bucket in (by_area.setdefault(assignment.item.area, empty()), by_unit.setdefault(assignment.owner, empty()), total):
            bucket[st.status] += 1
            bucket["total"] += 1
            bucket["blocked"] += int(st.blocked)
    return {"as_of": as_of, "by_area": by_area, "by_unit": dict(sorted(by_unit.items())), "total": total,
            "standings": standings, "labels": rules.LABELS}


def late_assignments(user, as_of: dt.date) -> list[tuple]:
    """The cockpit's overdue panel: assignments overdue or without a report in their last cycle — not every
    task whose deadline has passed (a task reported 完成 is not late)."""
    return [(a, st) for a, st in with_standing(assignments_for(user), as_of) if st.status in rules.LATE]


def owed_by(user, as_of: dt.date) -> list[tuple]:
    """What the user's unit owes (its own assignments, not yet done), soonest first: a department user's
    department, a district user's district. Others owe nothing here."""
    role = permissions.role_of(user)
    profile = permissions.profile_of(user)
    if role == Role.DEPARTMENT and profile and profile.department:
        qs = assignments_for(user).filter(department=profile.department)
    elif role == Role.DISTRICT_EDITOR and profile:
        qs = assignments_for(user).filter(district=profile.district)
    else:
        return []
    rows = [(a, st) for a, st in with_standing(qs, as_of) if st.status != rules.DONE]
    return sorted(rows, key=lambda r: (r[1].due or dt.date.max, r[0].item.order))


def reports_for(user, assignment) -> list[ProgressReport]:
    return list(permissions.restrict(ProgressReport.objects.filter(assignment=assignment), user, permissions.VIEW)
                .order_by("-reported_on", "-id"))


def key_tasks() -> list[KeyTask]:
    return list(KeyTask.objects.order_by("order"))


def districts() -> list[District]:
    return list(District.objects.order_by("order"))


# ------------------------------------------------------------------------------------- 三年行动计划

def plans_overview(user, as_of: dt.date) -> list[dict]:
    """Per district (all districts: the publishing status is a summary everyone may compare): the plan, its
    publishing status against 2023年4月底前, and counts of goals and items the user may see."""
    from .models import ActionPlan
    from .services import plan_publication

    plans = {p.district_id: p for p in ActionPlan.objects.select_related("district")}
    visible = set(permissions.restrict(ActionPlan.objects.all(), user, permissions.VIEW).values_list("pk", flat=True))
    rows = []
    for d in District.objects.order_by("order"):
        plan = plans.get(d.pk)
        rows.append({"district": d, "plan": plan, "status": plan_publication(plan, as_of),
                     "visible": plan is not None and plan.pk in visible,
                     "published_on": plan.published_on if plan and plan.document else None})
    return rows


# ------------------------------------------------------------------------------------- 地区评价：重点任务完成

ON_SCHEDULE = (rules.DONE, rules.ON_TIME, rules.DUE_SOON)  # not late: done, or not yet due / reported this cycle


def key_task_completion(year: int, *, today: dt.date | None = None) -> dict[int, Decimal]:
    """The evaluation's 重点任务完成 (louyu.evaluation reads it; it sits above the programme): per district, the share of
    its own assignments — 附件2 tasks assigned to 各县级市<区>人民政府 and its three-year plan's items — that are
    done or on schedule (not overdue, not missing a report in their last cycle) on the evaluation date: 31 December
    of `year`, or `today` while the year runs. Districts without assignments, and years before the programme's
    first cycle, have no value (the evaluation gives the weight to the other components)."""
    as_of = min(dt.date(year, 12, 31), today or dt.date.today())
    if as_of < rules.config()["START"]:
        return {}
    qs = TaskAssignment.objects.filter(district__isnull=False).select_related("task", "plan_item")
    counts: dict[int, list[int]] = {}
    for assignment, st in with_standing(qs, as_of):
        row = counts.setdefault(assignment.district_id, [0, 0])
        row[0] += st.status in ON_SCHEDULE
        row[1] += 1
    return {d: Decimal(done) / Decimal(total) for d, (done, total) in counts.items()}

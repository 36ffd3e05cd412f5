"""待办: what waits for this user, on the page they open first — each count read through the permission
module, each a link to where the work is done."""
from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from louyu.core import permissions
from louyu.core.pagination import count_label
from louyu.filing import selectors as filing_selectors
from louyu.programme import rules as programme_rules
from louyu.programme import selectors as programme_selectors
from louyu.reports import fmt
from louyu.stewardship import selectors as stewardship_selectors
from louyu.stewardship.models import CLOSED_STATUSES
from louyu.indicators import selectors as indicator_selectors
from louyu.indicators.models import AlertStatus
from louyu.intake import selectors as intake_selectors
from louyu.matching import selectors as matching_selectors
from louyu.matching.models import MatchStatus


def todo_for(user) -> dict:
    """Counts of the work waiting for `user` and their latest imports (a read-only role has none)."""
    items = []
    if permissions.can_edit_any(user):
        waiting = dict(matching_selectors.decidable_for(user).order_by().values_list("status").annotate(n=Count("pk")))
        items += [
            ("待复核地址", waiting.get(MatchStatus.REVIEW, 0), reverse("matching:review_queue")),
            ("无匹配企业", waiting.get(MatchStatus.NONE, 0), reverse("matching:unmatched")),
        ]
    alerts = indicator_selectors.alerts_for(user)
    # New alerts grow with the enterprises (22 万 at province scale): counted up to the cap, "10,000+" past it.
    items.append(("新预警", count_label(alerts.filter(status=AlertStatus.NEW)), reverse("web:alert_list") + "?status=new"))
    mine = alerts.filter(assigned_to=user.pk).exclude(status=AlertStatus.HANDLED).count() if user.pk else 0
    if mine:
        items.append(("指派给我的预警", fmt.count(mine), reverse("web:alert_list") + "?mine=on"))
    if user.is_authenticated:
        today = timezone.localdate()
        items += filing_items(user, today) + task_items(user, today) + request_items(user, today)
    imports = list(intake_selectors.imports_for(user).filter(actor=user).order_by("-started_at")[:3]) if user.is_authenticated else []
    return {"items": items, "imports": imports}


def _link(rows, one, many: str) -> str:
    """One thing owed: straight to where it is done; several: to the list of them."""
    return one(rows[0]) if len(rows) == 1 else many


def filing_items(user, today: dt.date) -> list[tuple]:
    """楼宇填报: an operator's reports due, late or returned for the month just ended; a district user's filed
    reports waiting for their verification."""
    mine = reverse("filing:mine")
    owed = filing_selectors.owed_filings(user, today)
    form = lambda s: reverse("filing:form", args=[s.building.pk, s.period.strftime("%Y-%m")])  # noqa: E731
    items = [(label, len(owed[key]), _link(owed[key], form, mine)) for key, label in
             (("late", "逾期未报的楼宇填报"), ("returned", "被退回待更正的填报"), ("due", "本月待填报"))
             if owed[key]]
    waiting = filing_selectors.awaiting_review(user).count()
    if waiting:
        items.append(("待核实的楼宇填报", waiting, mine))
    return items


def task_items(user, today: dt.date) -> list[tuple]:
    """附件2: what the user's unit owes — overdue, due soon, no report in the cycle — each to its assignment."""
    owed = programme_selectors.owed_by(user, today)
    items = []
    for status, label in ((programme_rules.OVERDUE, "逾期的重点任务"), (programme_rules.NO_REPORT, "本周期未报告的重点任务"),
                          (programme_rules.DUE_SOON, "即将到期的重点任务")):
        rows = [a for a, st in owed if st.status == status]
        if rows:
            one = lambda a: reverse("programme:assignment_detail", args=[a.pk])  # noqa: E731
            items.append((label, len(rows), _link(rows, one, reverse("programme:tasks") + f"?status={status}")))
    return items


def request_items(user, today: dt.date) -> list[tuple]:
    """企业诉求 assigned to the user and still open: all of them, and those past their deadline."""
    assigned = list(stewardship_selectors.requests_for(user).filter(assignee=user.pk).exclude(status__in=CLOSED_STATUSES)
                    .order_by("due_on", "pk"))
    one = lambda r: reverse("stewardship:request_detail", args=[r.pk])  # noqa: E731
    many = reverse("stewardship:request_list") + "?sort=due_on"
    overdue = [r for r in assigned if stewardship_selectors.is_overdue(r, today)]
    items = [("逾期未办结的企业诉求", len(overdue), _link(overdue, one, many))] if overdue else []
    if assigned:
        items.append(("承办中的企业诉求", len(assigned), _link(assigned, one, many)))
    return items

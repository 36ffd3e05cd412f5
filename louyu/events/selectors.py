"""Reads of the event register: lists for a user, counts for the indicators, the mechanism rules' verdicts."""
from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import Count, QuerySet, Sum

from louyu.core import permissions

from . import rules
from .models import Event, EventKind, Resolution, ResolutionStatus


def events_for(user, action: str = permissions.VIEW) -> QuerySet:
    return permissions.restrict(Event.objects.select_related("district"), user, action)


def promotion_event_counts(year: int) -> dict:
    """推介活动 held in `year` by district id (None: the city's own events) — the provider of 附件1's
    举办楼宇推介活动 actual (registered with louyu.indicators.definitions). A count, not a listing, so it is
    not narrowed to a user: every role sees every district's 附件1 progress."""
    rows = (Event.objects.filter(kind=EventKind.PROMOTION_EVENT, held_on__year=year)
            .values("district_id").annotate(n=Count("id")))
    return {r["district_id"]: r["n"] for r in rows}


def compliance(year: int, *, today: dt.date | None = None) -> list[rules.Judgement]:
    """Every configured mechanism rule judged for every period of `year` (on `today`). The rules are
    city-wide, so every event of the year counts, whoever asks."""
    events = Event.objects.filter(held_on__year=year).select_related("district")
    return rules.compliance(year, today=today or dt.date.today(), events=events)


def compliance_summary(year: int, *, today: dt.date | None = None) -> list[dict]:
    """For the cockpit panel: per rule, its periods' verdicts in order."""
    out: dict[str, dict] = {}
    for j in compliance(year, today=today):
        entry = out.setdefault(j.code, {"rule": j.rule, "periods": [], "missed": 0, "met": 0})
        entry["periods"].append(j)
        entry["missed"] += j.status == rules.MISSED
        entry["met"] += j.status == rules.MET
    return list(out.values())


def month_calendar(user, year: int, month: int, *, kind: str = "", district_id: str = "") -> dict:
    """The weeks of a month (Monday first), each day with the user's visible events that match the filters."""
    qs = events_for(user).filter(held_on__year=year, held_on__month=month)
    if kind:
        qs = qs.filter(kind=kind)
    if district_id == "city":
        qs = qs.filter(district__isnull=True)
    elif district_id:
        qs = qs.filter(district_id=district_id)
    by_day: dict[int, list] = {}
    for event in qs.order_by("held_on", "id"):
        by_day.setdefault(event.held_on.day, []).append(event)
    weeks = [[(day, by_day.get(day, [])) if day else (None, []) for day in week]
             for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)]
    return {"weeks": weeks, "count": sum(len(v) for v in by_day.values())}


def resolutions_for(user) -> QuerySet:
    return permissions.restrict(Resolution.objects.select_related("event__district"), user, permissions.VIEW)


def overdue_resolutions(user, today: dt.date) -> QuerySet:
    """议定事项 past their deadline and not done (shown with the overdue key tasks)."""
    return resolutions_for(user).filter(deadline__lt=today).exclude(status=ResolutionStatus.DONE).order_by("deadline", "id")


def events_by_kind(year: int, *, district=None) -> list[dict]:
    """Events held in `year` per type (one district's, or all with the city's own): how many, participants,
    signed projects and amount — the blue book's events section. Counts, not listings (every role sees them)."""
    qs = Event.objects.filter(held_on__year=year)
    if district is not None:
        qs = qs.filter(district=district)
    rows = {r["kind"]: r for r in qs.values("kind").annotate(n=Count("id"), people=Sum("participants"),
                                                               signed=Sum("signed_projects"), amount=Sum("signed_amount"))}
    return [{"kind": kind, "label": label, "events": rows[kind]["n"], "participants": rows[kind]["people"],
             "signed_projects": rows[kind]["signed"], "signed_amount": rows[kind]["amount"]}
            for kind, label in EventKind.choices if kind in rows]


def resolution_standing(year: int, *, today: dt.date) -> dict:
    """议定事项 of the year's joint meetings: how many, done, and overdue on `today`."""
    qs = Resolution.objects.filter(event__held_on__year=year)
    return {"total": qs.count(), "done": qs.filter(status=ResolutionStatus.DONE).count(),
            "overdue": qs.filter(deadline__lt=today).exclude(status=ResolutionStatus.DONE).count()}

"""全市驾驶舱 (city cockpit) and its 大屏 (full-screen meeting-room) mode."""
from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from louyu.core import permissions
from louyu.core.models import Role
from louyu.geo.models import District
from louyu.programme.models import AnnualTarget

from .programme_panels import panels as programme_panels

from . import figures, page_exports
from .todo import todo_for
from .common import as_of, map_config, role_flags, selected_period, year_choices


@login_required
def home(request):
    # Operators work on their own buildings; everyone else starts at the cockpit.
    if permissions.role_of(request.user) == Role.OPERATOR:
        return redirect("web:building_list")
    return redirect("web:cockpit")


# Cached for a minute at most: two transactions can commit out of their audit entries' order, and then the
# newest entry does not move with the later commit.
@figures.cached(stamp=figures.changes_stamp, seconds=60)
def overdue_tasks(user, today: dt.date):
    """附件2 assignments that are really late on `today`: past their deadline without a 完成 report, or a
    持续推进 task without a report in its last cycle (louyu.programme.rules)."""
    from louyu.programme.selectors import late_assignments

    return late_assignments(user, today)


def department_tasks(user) -> list:
    """What the user's unit owes on 附件2 (a department's or a district's own assignments), soonest first."""
    from louyu.programme.selectors import owed_by

    return owed_by(user, dt.date.today())


def cockpit_context(request, district: District | None = None) -> dict:
    latest = as_of()
    year, month = selected_period(request, latest)
    targets = permissions.restrict(
        AnnualTarget.objects.filter(year=year).select_related("district"), request.user, permissions.VIEW
    )
    if district is not None:
        targets = targets.filter(district=district)
    late = overdue_tasks(request.user, dt.date.today())
    if district is not None:
        late = [(a, st) for a, st in late if a.district_id == district.pk]
    context = {
        "as_of": latest, "year": year, "month": month, "years": year_choices(latest), "months": range(1, 13),
        "district": district,
        "headline": figures.headline(year, month, district=district),
        "progress": figures.progress(year, district=district),
        "targets": list(targets),
        "tax_trend": figures.tax_trend(year, month, district=district),
        "industry": figures.industry_structure(year, district=district),
        "facts_as_of": figures.facts_as_of(),
        "alerts": figures.open_alerts(request.user, district=district, limit=12),
        "tasks": late[:12], "tasks_more": max(len(late) - 12, 0),
        "my_tasks": department_tasks(request.user),
        **role_flags(request.user),
    }
    return context


def mechanisms_panel(user, year: int, *, overdue: bool = True) -> dict:
    """三(五) 工作机制 on the cockpit: each rule's periods of the year, and (unless `overdue` is False: the 大屏
    shows the verdicts only) overdue 联席会议 议定事项 and 督查整改."""
    from louyu.events import selectors as events

    today = dt.date.today()
    return {"year": year, "today": today, "year_prefix": f"{year}年", "summary": events.compliance_summary(year, today=today),
            "resolutions": list(events.overdue_resolutions(user, today)[:8]) if overdue else [],
            "rectifications": _overdue_rectifications(user, today) if overdue else []}


def _overdue_rectifications(user, today: dt.date) -> list:
    """督查整改 past their deadline (louyu.evaluation), for the same panel."""
    from louyu.evaluation import selectors as evaluation

    return list(evaluation.overdue_rectifications(user, today)[:8])


@login_required
def cockpit(request):
    context = cockpit_context(request)
    if request.GET.get("export") == "xlsx":
        return page_exports.workbook_response(
            title="全市驾驶舱", scope="全市", as_of=context["as_of"],
            sheets=[page_exports.ranking_sheet(context["year"], request.user), page_exports.progress_sheet(context["year"])])
    context["ranking"] = figures.district_ranking(context["year"], context["month"])
    context["todo"] = todo_for(request.user)
    context.update(programme_panels(request.user, year=context["year"], month=context["month"], progress=False))
    context["mechanisms"] = mechanisms_panel(request.user, context["year"])
    return render(request, "web/cockpit.html", context)


@login_required
def cockpit_screen(request):
    context = cockpit_context(request)
    context["ranking"] = figures.district_ranking(context["year"], context["month"])
    context["screen"] = True
    context["leaderboard"] = figures.leaderboard(context["year"], request.user)
    context["map_config"] = map_config()
    # The rules are judged for the current year whatever year the screen's figures show (a meeting room asks
    # "are we on schedule now?").
    context["mechanisms"] = mechanisms_panel(request.user, dt.date.today().year, overdue=False)
    return render(request, "web/cockpit_screen.html", context)

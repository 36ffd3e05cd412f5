"""全市驾驶舱 (city cockpit) and its 大屏 (full-screen meeting-room) mode."""
from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from louyu.core import permissions
from louyu.core.models import Role
from louyu.geo.models import District
from louyu.programme.models import AnnualTarget, KeyTask

from . import figures, page_exports
from .todo import todo_for
from .common import as_of, map_config, role_flags, selected_period, year_choices


@login_required
def home(request):
    # Operators work on their own buildings; everyone else starts at the cockpit.
    if permissions.role_of(request.user) == Role.OPERATOR:
        return redirect("web:building_list")
    return redirect("web:cockpit")


def overdue_tasks(user, today: dt.date):
    """附件2 tasks whose deadline has passed (KeyTask.deadline < today)."""
    qs = KeyTask.objects.filter(deadline__lt=today).order_by("deadline", "order")
    return permissions.restrict(qs, user, permissions.VIEW)


def department_tasks(user) -> list:
    """附件2 tasks naming the department user's unit among their responsible units (their work list)."""
    department = permissions.profile_of(user).department if permissions.role_of(user) == Role.DEPARTMENT else ""
    if not department:
        return []
    tasks = permissions.restrict(KeyTask.objects.order_by("order"), user, permissions.VIEW)
    return [t for t in tasks if any(department in unit or unit in department for unit in t.responsible_units)]


def cockpit_context(request, district: District | None = None) -> dict:
    latest = as_of()
    year, month = selected_period(request, latest)
    targets = permissions.restrict(
        AnnualTarget.objects.filter(year=year).select_related("district"), request.user, permissions.VIEW
    )
    if district is not None:
        targets = targets.filter(district=district)
    context = {
        "as_of": latest, "year": year, "month": month, "years": year_choices(latest), "months": range(1, 13),
        "district": district, "engine_ready": figures.engine_ready(),
        "headline": figures.headline(year, month, district=district),
        "progress": figures.progress(year, district=district),
        "targets": list(targets),
        "tax_trend": figures.tax_trend(year, month, district=district),
        "industry": figures.industry_structure(year, district=district),
        "facts_as_of": figures.facts_as_of(),
        "alerts": figures.open_alerts(request.user, district=district, limit=12),
        "tasks": list(overdue_tasks(request.user, dt.date.today())[:12]),
        "my_tasks": department_tasks(request.user),
        **role_flags(request.user),
    }
    return context


@login_required
def cockpit(request):
    context = cockpit_context(request)
    if request.GET.get("export") == "xlsx":
        return page_exports.workbook_response(
            title="全市驾驶舱", scope="全市", as_of=context["as_of"],
            sheets=[page_exports.ranking_sheet(context["year"], request.user), page_exports.progress_sheet(context["year"])])
    context["ranking"] = figures.district_ranking(context["year"], context["month"])
    context["todo"] = todo_for(request.user)
    return render(request, "web/cockpit.html", context)


@login_required
def cockpit_screen(request):
    context = cockpit_context(request)
    context["ranking"] = figures.district_ranking(context["year"], context["month"])
    context["screen"] = True
    context["leaderboard"] = figures.leaderboard(context["year"], request.user)
    context["map_config"] = map_config()
    return render(request, "web/cockpit_screen.html", context)

"""Pages of 楼宇填报: the user's own page (an operator's buildings, deadlines and history; a district's
reports to verify and late list), the phone form, and the review of one report."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from louyu.buildings.models import OperationReport
from louyu.buildings.selectors import buildings_for
from louyu.core import permissions
from louyu.core.models import Role
from louyu.web.common import role_flags

from . import rules, selectors, services
from .forms import FilingForm, ReviewForm


def _period(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise Http404("所属期格式应为 YYYY-MM")


def _recent_periods(today: dt.date, count: int) -> list[dt.date]:
    periods = [rules.reporting_period(today)]
    while len(periods) < count:
        periods.append(rules.previous_month(periods[-1]))
    return periods


@login_required
def my_filings(request):
    """The user's own page: what to file (operator) or verify and chase (district), with deadlines."""
    user = request.user
    today = timezone.localdate()
    period = _period(request.GET["period"]) if request.GET.get("period") else rules.reporting_period(today)
    buildings = list(selectors.reporting_buildings(user))
    states = selectors.month_states(buildings, period, today)
    is_operator = permissions.role_of(user) == Role.OPERATOR
    context = {
        "period": period, "deadline": rules.filing_deadline(period), "today": today, "states": states,
        "is_operator": is_operator, "to_file": [s for s in states if s.report is None or s.label == "已退回"],
        "awaiting": list(selectors.awaiting_review(user)[:100]),
        "late": [s for s in states if s.late],
        "histories": [(b, list(selectors.history(b, user)[:12])) for b in buildings] if is_operator else [],
        "periods": _recent_periods(today, 6),
        **role_flags(user),
    }
    return render(request, "filing/mine.html", context)


@login_required
def filing_form(request, building_pk: int, period: str):
    month = _period(period)
    building = get_object_or_404(buildings_for(request.user),
                                 pk=building_pk)
    may_file = permissions.can_create_at(request.user, OperationReport, building) or permissions.can_create_in(
        request.user, OperationReport, building.district)
    if not may_file:
        raise PermissionDenied("无权为该楼宇填报")
    if month > rules.reporting_period(timezone.localdate()):
        raise Http404("该月尚未结束")
    filled = selectors.prefill(building, month)
    form = FilingForm(request.POST or None, initial=filled.values)
    if request.method == "POST" and form.is_valid():
        try:
            services.operator_report_submit(building=building, period=month, data=form.cleaned_data, actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, "；".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, f"{month:%Y年%m月} 报告已提交，等待地区核实。")
            return HttpResponseRedirect(reverse("filing:mine") + f"?period={month:%Y-%m}")
    context = {"building": building, "period": month, "form": form, "prefill": filled,
               "deadline": rules.filing_deadline(month), **role_flags(request.user)}
    return render(request, "filing/form.html", context, status=400 if request.method == "POST" else 200)


@login_required
def review(request, pk: int):
    report = get_object_or_404(permissions.restrict(OperationReport.objects.select_related("building__district"), request.user,
                                                    permissions.VIEW), pk=pk)
    may_review = permissions.role_of(request.user) in (Role.CITY_ADMIN, Role.DISTRICT_EDITOR) and permissions.can(
        request.user, permissions.CHANGE, report)
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if not may_review:
            raise PermissionDenied("只有所属地区的核实人员可以核实或退回运营报告")
        if form.is_valid():
            try:
                services.operator_report_review(report=report, accept=form.cleaned_data["decision"] == "verify",
                                                comment=form.cleaned_data["comment"], actor=request.user)
            except ValidationError as exc:
                form.add_error("comment", exc.messages)
            else:
                messages.success(request, "已核实。" if form.cleaned_data["decision"] == "verify" else "已退回运营方更正。")
                return HttpResponseRedirect(reverse("filing:mine"))
    previous = OperationReport.objects.filter(building=report.building, period__lt=report.period).order_by("-period").first()
    context = {"report": report, "previous": previous, "form": form if may_review else None, **role_flags(request.user)}
    return render(request, "filing/review.html", context, status=400 if request.method == "POST" else 200)

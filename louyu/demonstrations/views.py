"""Pages of 三(四) typical demonstrations: 高产出楼宇 by tier, and the 特色产业楼宇 recognition workflow (candidates
and reserves from the engine → a district proposes → the city publishes a 公示期 → recognises or rejects; revoke;
annual review)."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from louyu.buildings.models import Building
from louyu.core import permissions
from louyu.enterprises.models import FeaturedCategory
from louyu.indicators import selectors as indicators
from louyu.indicators import services as recognition
from louyu.indicators.models import FeaturedRecognition, RecognitionStatus
from louyu.web.common import freshness, role_flags

from . import selectors


def _year(request) -> int:
    latest = indicators.as_of()
    default = latest.year if latest else dt.date.today().year
    try:
        return min(max(int(request.GET.get("year") or default), 2000), 2100)
    except ValueError:
        return default


def _years(year: int) -> range:
    return range(max(year, dt.date.today().year), 2020, -1)


@login_required
def high_output(request):
    year = _year(request)
    return render(request, "demonstrations/high_output.html", {
        "year": year, "years": _years(year), "tiers": selectors.high_output(year, request.user), **freshness(),
        **role_flags(request.user)})


@login_required
def renovations(request):
    return render(request, "demonstrations/renovations.html", {
        "rows": selectors.renovation_demonstrations(request.user), **freshness(), **role_flags(request.user)})


@login_required
def featured(request):
    year = _year(request)
    user = request.user
    district = permissions.district_of(user) if permissions.role_of(user) == "district_editor" else None
    candidates = list(indicators.featured_candidates(year, district=district))
    open_ids = set(FeaturedRecognition.objects.filter(status__in=["proposed", "in_notice", "recognised"])
                   .values_list("building_id", flat=True))
    recognitions = selectors.recognitions_for(user).order_by("status", "-proposed_at")
    return render(request, "demonstrations/featured.html", {
        "year": year, "years": _years(year), "candidates": candidates, "open_ids": open_ids,
        "can_propose": permissions.role_of(user) in ("city_admin", "district_editor"),
        "recognitions": recognitions, "review": selectors.annual_review(year, user), "today": dt.date.today(),
        "statuses": RecognitionStatus, **freshness(), **role_flags(user)})


def _back(request, year) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse('demonstrations:featured')}?year={year}")


def _date(value: str, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        raise ValidationError(f"请填写{label}（格式 YYYY-MM-DD）") from None


@login_required
@require_POST
def featured_propose(request):
    year = int(request.POST.get("year") or 0)
    building = get_object_or_404(permissions.restrict(Building.objects.all(), request.user), pk=request.POST.get("building"))
    category = get_object_or_404(FeaturedCategory, pk=request.POST.get("category"))
    try:
        recognition.featured_propose(building=building, category=category, year=year,
                                     note=request.POST.get("note", ""), actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "申报未成功：" + "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, f"已申报：{building.name}")
    return _back(request, year)


ACTIONS = {
    "withdraw": lambda r, p, actor: recognition.featured_withdraw(recognition=r, actor=actor),
    "publicise": lambda r, p, actor: recognition.featured_publicise(
        recognition=r, notice_start=_date(p.get("notice_start"), "公示开始日期"),
        notice_end=_date(p.get("notice_end"), "公示结束日期"), actor=actor),
    "recognise": lambda r, p, actor: recognition.featured_recognise(
        recognition=r, recognised_on=_date(p.get("recognised_on"), "认定日期"), note=p.get("note", ""), actor=actor),
    "reject": lambda r, p, actor: recognition.featured_reject(recognition=r, note=p.get("note", ""), actor=actor),
    "revoke": lambda r, p, actor: recognition.featured_revoke(
        recognition=r, revoked_on=_date(p.get("revoked_on"), "撤销日期"), reason=p.get("reason", ""), actor=actor),
}


@login_required
@require_POST
def featured_action(request, pk, action):
    if action not in ACTIONS:
        raise PermissionDenied("未知操作")
    rec = get_object_or_404(selectors.recognitions_for(request.user), pk=pk)
    try:
        ACTIONS[action](rec, request.POST, request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "操作未成功：" + "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, f"{rec.building.name}：{rec.get_status_display()}")
    return _back(request, request.POST.get("year") or dt.date.today().year)

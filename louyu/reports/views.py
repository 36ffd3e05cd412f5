"""生成报告: a city user asks for the blue book or a briefing, a district user for their district's report; each
is queued as a job and the page follows its progress (louyu.jobs)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from louyu.core import permissions
from louyu.core.models import Role
from louyu.geo.models import District
from louyu.jobs.services import job_submit

from . import services
from .job_kinds import FORMATS, output_path

CITY_ROLES = (Role.CITY_ADMIN, Role.CITY_VIEWER)


def _format(request) -> str:
    fmt = request.POST.get("format", "pdf")
    if fmt not in FORMATS:
        raise PermissionDenied("格式只能是 DOCX 或 PDF")
    return fmt


def _queued(request, job, created):
    if not created:
        messages.info(request, f"同一份报告正在生成（任务 #{job.pk}）。")
    return redirect("jobs:detail", pk=job.pk)


@login_required
@require_POST
def generate(request):
    """POST report=bluebook|briefing|district, year / month / district, format=docx|pdf."""
    report, fmt, user = request.POST.get("report"), _format(request), request.user
    try:
        if report == "district":
            district = get_object_or_404(District, pk=request.POST.get("district"))
            if not services.can_report_on(user, district):
                raise PermissionDenied(f"无权生成{district.name}的报告")
            year = int(request.POST["year"])
            args = {"district_id": district.pk, "district_name": district.name, "year": year,
                    "output": output_path(f"{district.name}{year}年楼宇经济发展报告", fmt)}
            return _queued(request, *job_submit(kind="district_report", args=args, actor=user))
        if permissions.role_of(user) not in CITY_ROLES:
            raise PermissionDenied("全市报告仅限市级用户生成")
        if report == "bluebook":
            year = int(request.POST["year"])
            args = {"year": year, "output": output_path(f"{year}年楼宇经济高质量发展蓝皮书", fmt)}
            return _queued(request, *job_submit(kind="bluebook", args=args, actor=user))
        if report == "briefing":
            month = services.parse_month(request.POST["month"]).strftime("%Y-%m")
            args = {"month": month, "output": output_path(f"楼宇经济运行监测简报{month}", fmt)}
            return _queued(request, *job_submit(kind="briefing", args=args, actor=user))
    except (KeyError, ValueError, services.ReportError) as exc:
        messages.error(request, f"无法生成报告：{exc}")
        return redirect(request.META.get("HTTP_REFERER") or "web:cockpit")
    raise PermissionDenied("未知的报告类型")

"""Pages of 评价督查: the district evaluation (weights, components, chart, versions), data quality, 督查记录."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from louyu.core import permissions
from louyu.core.views import Column, ObjectDeleteView, ObjectEditView, form_action
from louyu.indicators import selectors as indicators
from louyu.web.common import freshness, role_flags
from louyu.web.registers import RegisterDetailView
from louyu.web.registers_io import RegisterListView

from . import components, quality, selectors, services
from .filters import InspectionFilterSet
from .forms import FollowUpForm, InspectionForm
from .models import Evaluation, Inspection


def _year(request) -> int:
    latest = indicators.as_of()
    default = latest.year if latest else dt.date.today().year
    try:
        return min(max(int(request.GET.get("year") or request.POST.get("year") or default), 2000), 2100)
    except ValueError:
        return default


@login_required
def evaluation_page(request):
    year = _year(request)
    weights, problems = selectors.parse_weights(request.GET)
    if problems:
        weights = components.default_weights()
    result = selectors.evaluate(year, weights=weights)
    chart = {"indicators": [{"name": label, "max": 100} for label in result["labels"].values()],
             "series": [{"name": r["district"], "value": [c["score"] if c["score"] is not None else 0 for c in r["components"]]}
                        for r in result["rows"]],
             "bars": {"districts": [r["district"] for r in result["rows"]],
                      "parts": [{"name": label, "data": [r["components"][i]["contribution"] or 0 for r in result["rows"]]}
                                for i, label in enumerate(result["labels"].values())]}}
    return render(request, "evaluation/evaluation.html", {
        "year": year, "years": range(dt.date.today().year, 2021, -1), "result": result, "problems": problems,
        "docs": [(code, label, components.CALIBERS[code]) for code, label in result["labels"].items()],
        "chart": chart, "versions": selectors.published(year), **freshness(), **role_flags(request.user)})


@login_required
@require_POST
def evaluation_publish(request):
    year = _year(request)
    weights, problems = selectors.parse_weights(request.POST)
    if problems:
        messages.error(request, "；".join(problems))
    else:
        try:
            evaluation = services.evaluation_publish(year=year, weights=weights, actor=request.user, note=request.POST.get("note", ""))
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, "未发布：" + "；".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, f"已发布 {evaluation}，此版本不再随数据变化。")
            return HttpResponseRedirect(reverse("evaluation:version", args=[evaluation.pk]))
    return HttpResponseRedirect(f"{reverse('evaluation:evaluation')}?year={year}")


@login_required
def evaluation_version(request, pk):
    evaluation = get_object_or_404(permissions.restrict(Evaluation.objects.all(), request.user), pk=pk)
    labels = {c["code"]: c["label"] for c in (evaluation.results[0]["components"] if evaluation.results else [])}
    return render(request, "evaluation/version.html", {"evaluation": evaluation, "labels": labels, **freshness(),
                                                       **role_flags(request.user)})


@login_required
def quality_page(request):
    user = request.user
    rows = list(quality.data_quality(dt.date.today()).values())
    if permissions.role_of(user) == "district_editor":
        rows = [q for q in rows if q.district.pk == permissions.district_of(user).pk]
    return render(request, "evaluation/quality.html", {"rows": rows, "report_months": quality.REPORT_MONTHS, **freshness(),
                                                       **role_flags(user)})


class InspectionListView(RegisterListView):
    model = Inspection
    queryset = Inspection.objects.select_related("district")
    filterset_class = InspectionFilterSet
    title = "督查记录"
    export_name = "督查记录"
    kind = "inspections"
    detail_url_name = "evaluation:inspection_detail"
    add_url_name = "evaluation:inspection_add"
    edit_url_name = "evaluation:inspection_edit"
    default_sort = "-inspected_on"
    columns = (
        Column("inspected_on", "督查日期", sort="inspected_on"),
        Column("subject", "督查对象", value=lambda o: o.subject, link=True),
        Column("policy_item", "政策条款", link=True),
        Column("findings", "发现问题", value=lambda o: o.findings[:40]),
        Column("deadline", "整改期限", sort="deadline"),
        Column("status", "状态", sort="status"),
    )


class InspectionDetailView(RegisterDetailView):
    model = Inspection
    queryset = Inspection.objects.select_related("district")
    template_name = "evaluation/inspection_detail.html"
    title = "督查记录"
    edit_url_name = "evaluation:inspection_edit"
    delete_url_name = "evaluation:inspection_delete"
    fields = ("inspected_on", "district", "department", "policy_item", "findings", "requirement", "deadline", "status",
              "source", "verification", "updated_at")

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context.update(follow_ups=context["object"].follow_ups.all(), follow_up_form=FollowUpForm(), today=dt.date.today())
        return context


class InspectionEditView(ObjectEditView):
    model = Inspection
    form_class = InspectionForm
    title = "督查记录"

    create_service = staticmethod(services.inspection_create)
    update_service = staticmethod(services.inspection_update)
    update_keyword = "inspection"

    def success_url(self, obj):
        return reverse("evaluation:inspection_detail", args=[obj.pk])


@login_required
@require_POST
def follow_up_add(request, pk):
    inspection = get_object_or_404(selectors.inspections_for(request.user), pk=pk)
    return form_action(request, FollowUpForm(request.POST),
                       lambda data: services.follow_up_add(inspection=inspection, actor=request.user, **data),
                       done="整改情况已报告。", refused="未保存", invalid="请填写报告日期和整改情况。",
                       back=reverse("evaluation:inspection_detail", args=[inspection.pk]))


class InspectionDeleteView(ObjectDeleteView):
    model, title, success_url_name = Inspection, "督查记录", "evaluation:inspection_list"
    delete_service, delete_keyword = staticmethod(services.inspection_delete), "inspection"

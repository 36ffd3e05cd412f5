"""Pages of 政务服务进楼宇 and 楼宇党建: registers (list, detail, edit), monthly transactions, ratios and coverage."""
from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from louyu.core.views import Column, ObjectDeleteView, ObjectEditView, form_action
from louyu.web.common import freshness, role_flags
from louyu.web.registers import RegisterDetailView
from louyu.web.registers_io import RegisterListView

from . import selectors, services
from .forms import PartyOrganisationForm, ServicePointForm, VolumeForm
from .models import PartyOrganisation, ServicePoint


class ServicePointListView(RegisterListView):
    kind = "service_points"  # exported in its import template's columns (re-importable)

    model = ServicePoint
    queryset = ServicePoint.objects.select_related("building__district").prefetch_related("services")
    title = "政务服务点"
    export_name = "政务服务点"
    detail_url_name = "servicepoints:point_detail"
    add_url_name = "servicepoints:point_add"
    edit_url_name = "servicepoints:point_edit"
    columns = (
        Column("name", "服务点名称", link=True),
        Column("building", "楼宇", value=lambda o: o.building.name),
        Column("district", "地区", value=lambda o: o.building.district.name),
        Column("opened_on", "设立日期"),
        Column("services", "服务事项", value=lambda o: "、".join(s.name for s in o.services.all())),
        Column("has_self_service_terminal", "自助终端"),
    )


class PartyOrganisationListView(RegisterListView):
    kind = "party_organisations"  # exported in its import template's columns (re-importable)

    model = PartyOrganisation
    queryset = PartyOrganisation.objects.select_related("building__district")
    title = "楼宇党组织"
    export_name = "楼宇党组织"
    detail_url_name = "servicepoints:party_detail"
    add_url_name = "servicepoints:party_add"
    edit_url_name = "servicepoints:party_edit"
    columns = (
        Column("name", "党组织名称", link=True),
        Column("kind", "类型"),
        Column("building", "楼宇", value=lambda o: o.building.name),
        Column("district", "地区", value=lambda o: o.building.district.name),
        Column("lead_unit", "依托单位"),
        Column("members", "党员人数", numeric=True),
        Column("community", "所属党建共同体"),
    )


class ServicePointDetailView(RegisterDetailView):
    model = ServicePoint
    queryset = ServicePoint.objects.select_related("building__district")
    template_name = "servicepoints/point_detail.html"
    title = "政务服务点"
    edit_url_name = "servicepoints:point_edit"
    delete_url_name = "servicepoints:point_delete"
    fields = ("name", "building", "opened_on", "has_self_service_terminal", "source", "verification", "updated_at")

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        point = context["object"]
        context.update(services=point.services.all(), volumes=point.volumes.order_by("-period")[:24], volume_form=VolumeForm())
        return context


class PartyOrganisationDetailView(RegisterDetailView):
    model = PartyOrganisation
    queryset = PartyOrganisation.objects.select_related("building__district")
    title = "楼宇党组织"
    edit_url_name = "servicepoints:party_edit"
    delete_url_name = "servicepoints:party_delete"
    fields = ("name", "kind", "building", "lead_unit", "members", "community", "founded_on", "source", "verification", "updated_at")


class ServicePointEditView(ObjectEditView):
    model = ServicePoint
    form_class = ServicePointForm
    title = "政务服务点"

    create_service = staticmethod(services.service_point_create)
    update_service = staticmethod(services.service_point_update)
    update_keyword = "service_point"

    def success_url(self, obj):
        return reverse("servicepoints:point_detail", args=[obj.pk])


class PartyOrganisationEditView(ObjectEditView):
    model = PartyOrganisation
    form_class = PartyOrganisationForm
    title = "楼宇党组织"

    create_service = staticmethod(services.party_organisation_create)
    update_service = staticmethod(services.party_organisation_update)
    update_keyword = "party_organisation"

    def success_url(self, obj):
        return reverse("servicepoints:party_detail", args=[obj.pk])


@login_required
@require_POST
def volume_record(request, pk):
    point = get_object_or_404(selectors.service_points_for(request.user), pk=pk)
    return form_action(request, VolumeForm(request.POST),
                       lambda data: services.service_volume_record(point=point, actor=request.user, **data),
                       done="办件量已保存。", refused="未保存", invalid="请填写月份、办件量和自助办理数。",
                       back=reverse("servicepoints:point_detail", args=[point.pk]))


@login_required
def overview(request):
    try:
        year = min(max(int(request.GET.get("year") or dt.date.today().year), 2000), 2100)
    except ValueError:
        year = dt.date.today().year
    return render(request, "servicepoints/overview.html", {
        "year": year, "years": range(dt.date.today().year, 2021, -1), "ratios": selectors.self_service_by_district(year),
        "trend": selectors.self_service_trend(year), "party": selectors.party_coverage(), **freshness(), **role_flags(request.user)})


class ServicePointDeleteView(ObjectDeleteView):
    model, title, success_url_name = ServicePoint, "政务服务点", "servicepoints:point_list"
    delete_service, delete_keyword = staticmethod(services.service_point_delete), "service_point"


class PartyOrganisationDeleteView(ObjectDeleteView):
    model, title, success_url_name = PartyOrganisation, "楼宇党组织", "servicepoints:party_list"
    delete_service, delete_keyword = staticmethod(services.party_organisation_delete), "party_organisation"

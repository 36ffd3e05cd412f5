"""Pages of 招商: vacant space (list, map, detail, edit, confirm, attachments), demands with their ranked
units, leads and their stages, and the 招商 overview (funnel, stage durations, consistency flags)."""
from __future__ import annotations

import mimetypes
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from louyu.core import audit, permissions
from louyu.core.models import Role
from louyu.core.views import Column, ObjectDetailView, ObjectEditView, can_add, form_action
from louyu.indicators import selectors as indicator_selectors
from louyu.indicators.models import AlertKind
from louyu.web.common import map_config, role_flags
from louyu.web.registers_io import RegisterListView

from . import selectors, services
from .filters import DemandFilterSet, LeadFilterSet, VacantUnitFilterSet
from .forms import DemandForm, LeadAdvanceForm, LeadForm, VacantUnitForm
from .models import Demand, Lead, LeadStage, ListingStatus, VacantUnit


def _num(value, digits=0):
    return None if value is None else f"{value:,.{digits}f}"


def can_list_space(user) -> bool:
    return can_add(user, VacantUnit) or (permissions.role_of(user) == Role.OPERATOR and user.profile.buildings.exists())


class VacantUnitListView(RegisterListView):
    """Exported in the import template's format (louyu.intake), so an exported file can be edited and re-imported."""

    kind = "vacant_units"
    model = VacantUnit
    queryset = VacantUnit.objects.select_related("building__district")
    filterset_class = VacantUnitFilterSet
    title = "可招商空间"
    export_name = "可招商空间"
    detail_url_name = "investment:unit_detail"
    add_url_name = "investment:unit_add"
    edit_url_name = "investment:unit_edit"
    default_sort = "district"
    columns = (
        Column("building", "楼宇", value=lambda o: o.building.name, sort="building__name", link=True),
        Column("district", "地区", value=lambda o: o.building.district.name, sort="building__district__order,building__code"),
        Column("floor", "楼层", sort="floor"),
        Column("unit", "单元/房号", link=True),
        Column("area", "面积(㎡)", value=lambda o: _num(o.area), sort="area", numeric=True),
        Column("asking_rent", "报价(元/㎡·天)", value=lambda o: _num(o.asking_rent, 2), sort="asking_rent", numeric=True),
        Column("fit_out", "装修", sort="fit_out"),
        Column("available_from", "可入驻日期", sort="available_from"),
        Column("divisible", "可分割"),
        Column("status", "状态", sort="status"),
        Column("confirmed_on", "最近确认", sort="confirmed_on"),
    )

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context["can_add"] = can_list_space(self.request.user)
        return context

class VacantUnitDetailView(ObjectDetailView):
    model = VacantUnit
    queryset = VacantUnit.objects.select_related("building__district")
    template_name = "investment/unit_detail.html"

    def get_context_data(self, **context):
        unit = context["object"]
        leads = selectors.leads_for(self.request.user).filter(unit=unit)
        context.update(leads=list(leads), history=audit.history_of(unit)[:20], **role_flags(self.request.user))
        return context


class VacantUnitEditView(ObjectEditView):
    model = VacantUnit
    form_class = VacantUnitForm
    title = "可招商空间"

    def get_object(self):
        if self.kwargs.get("pk") is None and not can_list_space(self.request.user):
            raise PermissionDenied("当前角色不能登记可招商空间")
        if self.kwargs.get("pk") is None:
            return None
        return super().get_object()

    def get_form(self, obj, data=None):
        initial = {"building": self.request.GET.get("building")} if obj is None and data is None else None
        return self.form_class(data=data, files=self.request.FILES if data is not None else None, instance=obj,
                               initial=initial, user=self.request.user)

    create_service = staticmethod(services.vacant_unit_create)
    update_service = staticmethod(services.vacant_unit_update)
    update_keyword = "vacant_unit"

    def success_url(self, obj):
        return reverse("investment:unit_detail", args=[obj.pk])


@login_required
@require_POST
def unit_confirm(request, pk: int):
    unit = get_object_or_404(selectors.vacant_units_for(request.user), pk=pk)
    if not permissions.can(request.user, permissions.CHANGE, unit):
        raise PermissionDenied("无权确认该空间")
    try:
        services.vacant_unit_confirm(vacant_unit=unit, actor=request.user)
        messages.success(request, "已确认该空间仍可招商。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return HttpResponseRedirect(reverse("investment:unit_detail", args=[pk]))


@login_required
def unit_attachment(request, pk: int, field: str):
    """A listing's photo or floor plan, served only to those who may see the listing."""
    if field not in ("photo", "floor_plan"):
        raise Http404
    unit = get_object_or_404(selectors.vacant_units_for(request.user), pk=pk)
    stored = getattr(unit, field)
    if not stored:
        raise Http404
    content_type = mimetypes.guess_type(stored.name)[0] or "application/octet-stream"
    response = FileResponse(stored.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


@login_required
def unit_map(request):
    filterset = VacantUnitFilterSet(request.GET or None, queryset=selectors.vacant_units_for(request.user), request=request)
    return render(request, "investment/unit_map.html", {"filterset": filterset, "map_config": map_config(), **role_flags(request.user)})


@login_required
def unit_map_data(request):
    """Buildings with open listings (filtered), as GeoJSON: names are data, the page renders them as text."""
    qs = selectors.vacant_units_for(request.user).filter(status__in=selectors.OPEN_LISTING)
    filterset = VacantUnitFilterSet(request.GET or None, queryset=qs, request=request)
    if filterset.is_bound and filterset.is_valid():
        qs = filterset.qs
    qs = qs.filter(building__longitude__isnull=False, building__latitude__isnull=False)
    buildings: dict[int, dict] = {}
    for unit in qs.select_related("building__district"):
        b = unit.building
        row = buildings.setdefault(b.pk, {"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(b.longitude), float(b.latitude)]},
                                          "properties": {"name": b.name, "district": b.district.name, "units": 0, "area": 0.0,
                                                         "url": reverse("investment:unit_list") + f"?building={b.pk}"}})
        row["properties"]["units"] += 1
        row["properties"]["area"] += float(unit.area)
    return JsonResponse({"type": "FeatureCollection", "features": list(buildings.values())})


# --- 招商需求 --------------------------------------------------------------------------------------------


class DemandListView(RegisterListView):
    exporter = None  # the list's own columns
    model = Demand
    queryset = Demand.objects.select_related("district", "industry")
    filterset_class = DemandFilterSet
    title = "招商需求"
    export_name = "招商需求"
    detail_url_name = "investment:demand_detail"
    add_url_name = "investment:demand_add"
    edit_url_name = "investment:demand_edit"
    columns = (
        Column("enterprise_name", "企业名称", sort="enterprise_name", link=True),
        Column("uscc", "统一社会信用代码"),
        Column("industry", "行业", value=lambda o: str(o.industry) if o.industry_id else ""),
        Column("area", "面积(㎡)", value=lambda o: f"{o.area_min:,.0f}–{o.area_max:,.0f}", sort="area_min"),
        Column("budget_rent", "预算(元/㎡·天)", value=lambda o: _num(o.budget_rent, 2), sort="budget_rent", numeric=True),
        Column("district", "意向地区", value=lambda o: o.district.name if o.district_id else "不限"),
        Column("move_in_by", "期望入驻", sort="move_in_by"),
        Column("origin", "来源", sort="origin"),
    )


class DemandDetailView(ObjectDetailView):
    model = Demand
    queryset = Demand.objects.select_related("district", "industry", "enterprise")
    template_name = "investment/demand_detail.html"

    def get_context_data(self, **context):
        demand = context["object"]
        user = self.request.user
        matches = selectors.ranked_units(demand, user, timezone.localdate())
        pursued = set(Lead.objects.filter(demand=demand).values_list("unit_id", flat=True))
        context.update(matches=matches, pursued=pursued, leads=list(selectors.leads_for(user).filter(demand=demand)),
                       can_lead=permissions.can_edit_any(user) and permissions.role_of(user) != Role.OPERATOR,
                       history=audit.history_of(demand)[:20], **role_flags(user))
        return context


class DemandEditView(ObjectEditView):
    model = Demand
    form_class = DemandForm
    title = "招商需求"

    create_service = staticmethod(services.demand_create)
    update_service = staticmethod(services.demand_update)
    update_keyword = "demand"

    def success_url(self, obj):
        return reverse("investment:demand_detail", args=[obj.pk])


@login_required
@require_POST
def lead_start(request, pk: int):
    demand = get_object_or_404(selectors.demands_for(request.user), pk=pk)
    unit = get_object_or_404(selectors.vacant_units_for(request.user), pk=request.POST.get("unit"))
    try:
        lead = services.lead_create(demand=demand, unit=unit, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        return HttpResponseRedirect(reverse("investment:demand_detail", args=[pk]))
    messages.success(request, "已建立招商线索。")
    return HttpResponseRedirect(reverse("investment:lead_detail", args=[lead.pk]))


# --- 招商线索 --------------------------------------------------------------------------------------------


class LeadListView(RegisterListView):
    exporter = None  # the list's own columns
    model = Lead
    queryset = Lead.objects.select_related("demand", "unit__building", "district")
    filterset_class = LeadFilterSet
    title = "招商线索"
    export_name = "招商线索"
    detail_url_name = "investment:lead_detail"
    edit_url_name = "investment:lead_edit"
    columns = (
        Column("demand", "企业", value=lambda o: o.demand.enterprise_name, sort="demand__enterprise_name", link=True),
        Column("building", "楼宇", value=lambda o: o.unit.building.name, sort="unit__building__name"),
        Column("unit", "空间", value=lambda o: f"{o.unit.floor}层 {o.unit.unit}"),
        Column("district", "地区", value=lambda o: o.district.name, sort="district__order"),
        Column("stage", "阶段", sort="stage"),
        Column("clue_on", "线索日期", sort="clue_on"),
        Column("signed_on", "签约日期", sort="signed_on"),
        Column("lost_reason", "流失原因"),
    )


class LeadDetailView(ObjectDetailView):
    model = Lead
    queryset = Lead.objects.select_related("demand", "unit__building__district", "tenancy")
    template_name = "investment/lead_detail.html"

    def get_context_data(self, **context):
        lead = context["object"]
        open_lead = lead.stage not in (LeadStage.SIGNED, LeadStage.LOST)
        form = LeadAdvanceForm(initial={"on": timezone.localdate().isoformat(), "uscc": lead.demand.uscc})
        context.update(advance_form=form if context["can_edit"] and open_lead else None, stages=_stage_rows(lead),
                       history=audit.history_of(lead)[:20], **role_flags(self.request.user))
        return context


def _stage_rows(lead):
    from .models import STAGE_DATE_FIELD

    return [(label, getattr(lead, STAGE_DATE_FIELD[value])) for value, label in LeadStage.choices]


class LeadEditView(ObjectEditView):
    model = Lead
    form_class = LeadForm
    title = "招商线索"

    def get_object(self):
        if self.kwargs.get("pk") is None:
            raise PermissionDenied("线索从招商需求的匹配结果中建立")
        return super().get_object()

    def success_url(self, obj):
        return reverse("investment:lead_detail", args=[obj.pk])


@login_required
@require_POST
def lead_advance(request, pk: int):
    lead = get_object_or_404(selectors.leads_for(request.user), pk=pk)
    if not permissions.can(request.user, permissions.CHANGE, lead):
        raise PermissionDenied("无权推进该线索")
    form = LeadAdvanceForm(request.POST)
    stage = LeadStage(request.POST["stage"]).label if request.POST.get("stage") in LeadStage.values else ""
    return form_action(request, form,
                       lambda data: services.lead_advance(lead=lead, stage=data["stage"], on=data["on"], note=data["note"],
                                                          reason=data["reason"], uscc=data["uscc"].strip(), actor=request.user),
                       done=f"线索已推进至“{stage}”。", refused="线索未推进", invalid="请填写阶段和日期。",
                       back=reverse("investment:lead_detail", args=[pk]))


# --- 招商 overview ---------------------------------------------------------------------------------------


@login_required
def overview(request):
    user = request.user
    leads = selectors.leads_for(user)
    units = selectors.vacant_units_for(user)
    open_units = units.filter(status__in=selectors.OPEN_LISTING)
    context = {
        "funnel": selectors.funnel(leads), "durations": selectors.stage_durations(leads),
        "stage_labels": [(s.value, s.label) for s in (LeadStage.CLUE, LeadStage.CONTACT, LeadStage.VISIT, LeadStage.INTENT, LeadStage.SIGNED)],
        "open_units": open_units.count(), "stale_units": units.filter(status=ListingStatus.STALE).count(),
        "open_area": sum((u for u in open_units.values_list("area", flat=True)), 0),
        "demand_count": selectors.demands_for(user).count(),
        "gaps": [(a, Decimal(a.evidence["listed_area"]), Decimal(a.evidence["reported_vacant"])) for a in
                 indicator_selectors.alerts_for(user, kind=AlertKind.VACANCY_GAP).exclude(status="handled")[:100]],
        "recent_leads": list(leads.order_by("-updated_at")[:10]),
        **role_flags(user),
    }
    return render(request, "investment/overview.html", context)

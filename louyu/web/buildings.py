"""重点楼宇名录 (list, export, create/edit) and 楼宇画像 (building profile)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Sum
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from louyu.buildings import services as building_services
from louyu.buildings.models import Building, NewBuildingProject
from louyu.buildings.selectors import buildings_for, operation_reports_of
from louyu.core import audit, permissions
from louyu.core.views import Column, ObjectDetailView, ObjectEditView
from louyu.enterprises.models import Enterprise, TaxRecord, Tenancy, TenancyKind
from louyu.indicators import selectors as alert_selectors

from . import figures, page_exports, rows
from .common import as_of, map_config, role_flags, selected_period, year_choices
from .filters import BuildingListFilterSet
from .forms import BuildingForm
from .registers_io import RegisterListView

TENANTS_SHOWN = 30  # a building page lists this many tenants; the enterprise list shows them all


def _district(obj):
    return obj.district.name


class BuildingListView(RegisterListView):
    model = Building
    queryset = Building.objects.select_related("district")
    filterset_class = BuildingListFilterSet
    title = "重点楼宇名录"
    export_name = "楼宇名录"
    detail_url_name = "web:building_detail"
    add_url_name = "web:building_add"
    edit_url_name = "web:building_edit"
    kind = "buildings"
    default_sort = "district"
    columns = (
        Column("code", "楼宇编码", sort="code", link=True),
        Column("name", "楼宇名称", sort="name", link=True),
        Column("district", "地区", value=_district, sort="district__order,code"),
        Column("street", "街道", sort="street"),
        Column("office_area", "商务办公面积(㎡)", sort="office_area", numeric=True),
        Column("completion_year", "竣工年份", sort="completion_year", numeric=True),
        Column("status", "状态", sort="status"),
        Column("is_key", "重点楼宇", sort="is_key"),
        Column("verification", "核实状态", sort="verification"),
    )

    def sorted(self, qs, sort):
        if sort and sort.lstrip("-") == "tax_yi":
            year, _ = selected_period(self.request, as_of())
            return figures.order_by_year_tax(qs, year, descending=sort.startswith("-"), user=self.request.user)
        return super().sorted(qs, sort)

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        year, _ = selected_period(self.request, context["as_of"])
        rows = context["rows"]
        facts = figures.building_list_facts([obj for obj, _ in rows], year, user=self.request.user)
        context.update(year=year, facts=facts, fact_columns=figures.BUILDING_LIST_FACT_COLUMNS if facts else ())
        context["rows"] = [(obj, cells + [facts.get(obj.pk, {}).get(k) for k, _ in context["fact_columns"]]) for obj, cells in rows]
        context["columns"] = list(self.columns) + [
            Column(k, label, numeric=True, sort="fact" if k == "tax_yi" else None) for k, label in context["fact_columns"]]
        return context


class BuildingDetailView(ObjectDetailView):
    model = Building
    queryset = Building.objects.select_related("district")
    template_name = "web/building_detail.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            building = self.get_object()
            if not permissions.sees(request.user, permissions.BUILDING_TAX, building):
                raise PermissionDenied("无权限导出该楼宇的税收指标")
            return page_exports.workbook_response(title="楼宇指标", scope=building.name, as_of=as_of(),
                                                  sheets=[page_exports.building_sheet(building, request.user)])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **context):
        building = context["object"]
        user = self.request.user
        latest = as_of()
        year, month = selected_period(self.request, latest)
        # Tenants' tax (even as a rank) is enterprise tax; the building's own figures are building tax.
        tax_rank = figures.enterprise_tax_rank(building, year) if permissions.sees(user, permissions.ENTERPRISE_TAX, building) else None
        tenancies = tenant_rows(building, user, dt.date.today(), tax_rank or {}, TENANTS_SHOWN)
        profile = figures.building_profile(building, year) if permissions.sees(user, permissions.BUILDING_TAX, building) else None
        if profile and tax_rank is None:
            profile = figures.without_tax_row_links(profile)
        reports = operation_reports_of(building, user)
        renovations = permissions.restrict(building.renovations.all(), user, permissions.VIEW)
        origin = permissions.restrict(NewBuildingProject.objects.filter(building=building), user, permissions.VIEW)
        context.update(
            as_of=latest, facts_as_of=figures.facts_as_of(), year=year, month=month, years=year_choices(latest),
            profile=profile, tax_rank=tax_rank,
            current_rows=rows.tenant_rows_html(tenancies["current"], rank=tax_rank),
            current_count=tenancies["current_count"],
            moved_out_rows=rows.tenant_rows_html(tenancies["moved_out"], moved_out=True),
            moved_out_count=tenancies["moved_out_count"],
            tenants_shown=TENANTS_SHOWN,
            reports=list(reports), renovations=list(renovations), origin_projects=list(origin),
            concentration=(alert_selectors.tax_concentration(building, year, user=user)  # names the largest taxpayer
                           if tax_rank is not None else None),
            # One building's alerts are all of one district: the default order's district join only misled the
            # planner into scanning every alert (30 ms at ×100 instead of 1).
            alerts=list(alert_selectors.alerts_for(user, building=building, active=None).select_related("assigned_to")
                        .order_by("-period", "kind", "id")[:ALERTS_SHOWN]),
            history=list(audit.history_of(building)[:10]),
            map_point=building_point(building),
            **role_flags(user),
        )
        return context


ALERTS_SHOWN = 30  # the building's alert history, newest first: open and closed, still holding or not


TENANT_FIELDS = ("id", "enterprise_id", "enterprise__name", "enterprise__industry_id", "enterprise__industry__name",
                 "kind", "floor", "room", "area", "move_in", "move_out")


def tenant_rows(building, user, today: dt.date, rank: dict, limit: int) -> dict:
    """The building's tenancies the user may see: current (not moved out by today) with the top taxpayers first
    (by the engine's `rank`) and then the most recent move-ins, and moved out, latest first — at most `limit`
    of each, with both counts. A large building has thousands: every tenancy's dates come in one narrow query,
    and whole rows (names, industries) only for those shown."""
    qs = permissions.restrict(Tenancy.objects.filter(building=building), user, permissions.VIEW)
    current, moved_out = [], []
    for row in qs.values_list("id", "enterprise_id", "move_in", "move_out"):
        (current if row[3] is None or row[3] > today else moved_out).append(row)
    current.sort(key=lambda r: (r[2], r[0]), reverse=True)
    moved_out.sort(key=lambda r: (r[3], r[0]), reverse=True)
    shown = {"current": ranked_first(current, rank, limit), "moved_out": moved_out[:limit]}
    labels = dict(TenancyKind.choices)
    full = {row["id"]: {**row, "kind_label": labels.get(row["kind"], row["kind"])}
            for row in qs.filter(pk__in=[r[0] for rows in shown.values() for r in rows]).values(*TENANT_FIELDS)}
    return {**{name: [full[r[0]] for r in rows] for name, rows in shown.items()},
            "current_count": len(current), "moved_out_count": len(moved_out)}


def ranked_first(rows: list[tuple], rank: dict, limit: int) -> list[tuple]:
    """The top taxpayers (by the engine's rank) first, then the most recent move-ins, at most `limit`;
    rows are (tenancy, enterprise, move-in, move-out)."""
    ranked = sorted((r for r in rows if r[1] in rank), key=lambda r: rank[r[1]])
    rest = [r for r in rows if r[1] not in rank]
    return (ranked + rest)[:limit]


def building_point(building) -> dict | None:
    if building.longitude is None or building.latitude is None:
        return None
    from django.templatetags.static import static

    config = map_config()
    return {"lng": float(building.longitude), "lat": float(building.latitude), "name": building.name,
            "tile_url": config["tile_url"], "boundaries": static(config["geojson"])}


class BuildingEditView(ObjectEditView):
    model = Building
    form_class = BuildingForm
    title = "楼宇"
    create_service = staticmethod(building_services.building_create)
    update_service = staticmethod(building_services.building_update)
    update_keyword = "building"

    def success_url(self, obj):
        return reverse("web:building_detail", args=[obj.pk])


def _visible_building(request, pk):
    return get_object_or_404(buildings_for(request.user), pk=pk)


@login_required
def building_why(request, pk: int):
    """Why is this building (not) 亿元楼宇 in year Y: the comparison, its months, its top enterprises."""
    building = _visible_building(request, pk)
    if not permissions.sees(request.user, permissions.BUILDING_TAX, building):
        raise PermissionDenied("无权限查看该楼宇的税收")
    latest = as_of()
    year, _ = selected_period(request, latest)
    why = figures.why(building, year)
    if why and not permissions.sees(request.user, permissions.ENTERPRISE_TAX, building):
        why = {**why, "top_enterprises": [], "top_share": None, "tax_rows_hidden": True}
    context = {"object": building, "year": year, "years": year_choices(latest), "why": why,
               "as_of": latest, "facts_as_of": figures.facts_as_of(), **role_flags(request.user)}
    return render(request, "web/building_why.html", context)


@login_required
def building_tax_rows(request, pk: int):
    """The tax records behind a building's figure (a year, optionally one month or one enterprise)."""
    building = _visible_building(request, pk)
    user = request.user
    if not permissions.sees(user, permissions.ENTERPRISE_TAX, building):
        raise PermissionDenied("无权限查看企业税收明细")
    latest = as_of()
    year, _ = selected_period(request, latest)
    month = int(request.GET["month"]) if request.GET.get("month", "").isdigit() else None
    enterprise = None
    if request.GET.get("enterprise", "").isdigit():
        # Named only if the user may read some of its tax records: an id must not reveal any enterprise's name.
        visible_tax = permissions.restrict(TaxRecord.objects.all(), user, permissions.VIEW)
        enterprise = get_object_or_404(Enterprise.objects.filter(pk__in=visible_tax.values("enterprise_id")),
                                       pk=int(request.GET["enterprise"]))
    rows = figures.tax_rows(building, year, enterprise=enterprise, month=month)
    if rows is not None:
        rows = permissions.restrict(rows, user, permissions.VIEW)
    page = Paginator(rows if rows is not None else [], 100).get_page(request.GET.get("page"))
    context = {"object": building, "year": year, "month": month, "enterprise": enterprise, "page": page,
               "total": (Decimal(rows.aggregate(total=Sum("total_tax"))["total"] or 0).quantize(Decimal("0.01"))
                         if rows is not None else None),
               "as_of": latest, "facts_as_of": figures.facts_as_of(), **role_flags(request.user)}
    return render(request, "web/building_tax_rows.html", context)

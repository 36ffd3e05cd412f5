"""What pages, the API, exports and reports read: indicator facts, never a recomputation of them."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum

from louyu.buildings.models import Building
from louyu.core import permissions
from louyu.enterprises.models import FeaturedCategory, IndustryCode, TaxRecord
from louyu.geo.models import District
from louyu.programme.models import AnnualTarget, TargetColumn
from louyu.programme.selectors import ON_TRACK_LABELS, on_track, year_fraction

from . import definitions
from .facts import attribution_from
from .models import (
    MONTH_FIELDS, Alert, BuildingIndustryYear, BuildingMonth, BuildingYear, CityYear, ComputeState, DistrictYear,
    FeaturedRecognition, IndustryDimension, SupersededTenancy, TaxpayerYear, UnattributedTax,
)
from .sqlbits import fetch

Q4 = Decimal("0.0001")
CITY_TOTAL = "全市合计"


def _q4(num, den) -> Decimal | None:
    if not den:
        return None
    return (Decimal(num) / Decimal(den)).quantize(Q4, ROUND_HALF_UP)


# ------------------------------------------------------------------ freshness

def as_of() -> dt.date | None:
    """The latest month the facts cover (所属期, first day), or None before the first compute."""
    state = ComputeState.objects.first()
    return state.horizon if state else None


def latest_year() -> int | None:
    return CityYear.objects.filter(months__gt=0).order_by("-year").values_list("year", flat=True).first()


def years_available() -> list[int]:
    return list(BuildingYear.objects.values_list("year", flat=True).distinct().order_by("year"))


def facts_ready(year: int) -> bool:
    return DistrictYear.objects.filter(year=year).exists()


# ------------------------------------------------------------------ buildings

def building_year_facts(*, year: int, user=None, district=None, buildings=None) -> QuerySet:
    """BuildingYear rows of `year` the user may see, in 附件1 district order then building code."""
    qs = BuildingYear.objects.filter(year=year).select_related("building", "district", "lead_category")
    if user is not None:
        qs = permissions.restrict(qs, user, permissions.VIEW)
    if district is not None:
        qs = qs.filter(district=district)
    if buildings is not None:
        qs = qs.filter(building__in=buildings)
    return qs.order_by("district__order", "building__code")


def building_history(building) -> QuerySet:
    return BuildingYear.objects.filter(building=building).select_related("lead_category").order_by("year")


def building_month_facts(building, year: int | None = None) -> QuerySet:
    qs = BuildingMonth.objects.filter(building=building)
    return (qs.filter(year=year) if year else qs).order_by("period")


def top_buildings(year: int, *, district=None, limit: int = 10) -> QuerySet:
    qs = BuildingYear.objects.filter(year=year).select_related("building", "district", "lead_category")
    if district is not None:
        qs = qs.filter(district=district)
    return qs.order_by("-total_tax", "building__code")[:limit]


def _check(user, obj) -> None:
    """Enterprise-level figures (who pays what) follow the row permissions of the building or enterprise."""
    if user is not None and not permissions.can(user, permissions.VIEW, obj):
        raise PermissionDenied("无权限查看该对象的明细")


def top_taxpayers(building, year: int, *, limit: int = 10, user=None) -> QuerySet:
    _check(user, building)
    return (TaxpayerYear.objects.filter(building=building, year=year).select_related("enterprise__industry")
            .order_by("-total_tax", "enterprise_id")[:limit])


def tax_concentration(building, year: int, *, user=None) -> dict | None:
    """税源集中: the largest taxpayer's share of the building's tax in `year`, flagged above the configured share
    (one departure would take most of the building's figure with it). None without positive tax."""
    _check(user, building)
    fact = BuildingYear.objects.filter(building=building, year=year).only("total_tax").first()
    top = top_taxpayers(building, year, limit=1).first()
    if fact is None or top is None or not fact.total_tax or fact.total_tax <= 0:
        return None
    share = _q4(top.total_tax, fact.total_tax)
    limit = definitions.config()["CONCENTRATION_RISK_SHARE"]
    return {"enterprise": top.enterprise, "tax": top.total_tax, "share": share, "limit": limit, "flagged": share > limit}


def why_100m(building, year: int, *, top: int = 10, user=None) -> dict:
    """Why a building is (or is not) 亿元楼宇 in `year`: the comparison, its months and top enterprises,
    each traceable to TaxRecords through `tax_rows_behind`."""
    _check(user, building)
    fact = BuildingYear.objects.filter(building=building, year=year).select_related("lead_category").first()
    cfg = definitions.config()
    if fact is None:
        return {"building": building, "year": year, "fact": None, "explanation": f"{year} 年指标尚未计算"}
    taxpayers = list(top_taxpayers(building, year, limit=top))
    months = list(building_month_facts(building, year).values("period", "total_tax", "taxpayer_count"))
    op = "≥" if cfg["HUNDRED_MILLION_INCLUSIVE"] else "＞"
    verdict = f"是亿元楼宇，等级为{definitions.tier_label(fact.tax_tier)}" if fact.is_100m else "不是亿元楼宇"
    compare = op if fact.is_100m else ("＜" if cfg["HUNDRED_MILLION_INCLUSIVE"] else "≤")
    if not fact.is_100m:
        newness = ""
    elif fact.is_new_100m is None:
        newness = f"{year - 1} 年没有全年的税收数据，无法判断是否新增"
    else:
        newness = "上年不是亿元楼宇，计为新增" if fact.is_new_100m else "上年已是亿元楼宇，不计新增"
    explanation = (f"{year} 年（截至 {fact.as_of:%Y-%m-%d}，{fact.months} 个月）全口径税收 {fact.total_tax:,.2f} 元 "
                   f"{compare} {cfg['HUNDRED_MILLION']:,.2f} 元，{verdict}。{newness}")
    total = fact.total_tax or Decimal(0)
    return {
        "building": building, "year": year, "fact": fact, "threshold": cfg["HUNDRED_MILLION"],
        "explanation": explanation.strip(),
        "months": months,
        "top_enterprises": [
            {"enterprise": t.enterprise, "tax": t.total_tax, "months": t.months,
             "share": _q4(t.total_tax, total) if total > 0 else None}
            for t in taxpayers
        ],
        "top_share": _q4(sum((t.total_tax for t in taxpayers), Decimal(0)), total) if total > 0 else None,
        "concentration": tax_concentration(building, year),
    }


def tax_rows_behind(building, year: int, *, enterprise=None, month: int | None = None, user=None) -> QuerySet:
    """The TaxRecords attributed to `building` in `year` (optionally one enterprise / month): the rows behind
    every tax figure of the building, by the engine's own attribution rule."""
    _check(user, building)
    params: list = [building.pk if hasattr(building, "pk") else building, year]
    sql = f"SELECT r.id{attribution_from(SupersededTenancy.objects.exists())} AND t.building_id = %s AND m.year = %s"
    if enterprise is not None:
        sql += " AND r.enterprise_id = %s"
        params.append(enterprise.pk if hasattr(enterprise, "pk") else enterprise)
    if month is not None:
        sql += " AND m.month = %s"
        params.append(month)
    ids = [r[0] for r in fetch(sql, params)]
    return TaxRecord.objects.filter(pk__in=ids).select_related("enterprise").order_by("period", "enterprise__uscc")


def enterprise_attribution(enterprise, *, user=None) -> dict:
    """Where an enterprise's tax went, year by year: buildings (with months) and 未归属."""
    _check(user, enterprise)
    buildings = TaxpayerYear.objects.filter(enterprise=enterprise).select_related("building")
    unattributed = UnattributedTax.objects.filter(enterprise=enterprise)
    if user is not None:  # a district sees the years attributed to it, not the enterprise's whole history
        buildings = permissions.restrict(buildings, user, permissions.VIEW)
        unattributed = permissions.restrict(unattributed, user, permissions.VIEW)
    return {
        "buildings": list(buildings.order_by("year", "building__code")),
        "unattributed": list(unattributed.order_by("year")),
    }


# ------------------------------------------------------------------ districts and city

def district_year_facts(year: int) -> QuerySet:
    return DistrictYear.objects.filter(year=year).select_related("district").order_by("district__order")


def district_progress(year: int, *, district=None) -> list[dict]:
    """附件1 progress: per district (附件1 order) and a last 全市合计 row, each column with actual, target,
    completion and gap. The building-count column of year Y counts at the end of Y−1, as 附件1 does."""
    facts = {f.district_id: f for f in DistrictYear.objects.filter(year=year)}
    targets = {t.district_id: t for t in AnnualTarget.objects.filter(year=year)}
    districts = District.objects.order_by("order", "code")
    if district is not None:
        districts = districts.filter(pk=district.pk)
    rows, totals = [], {c: [0, None] for c in TargetColumn}  # an unknown actual (None) makes the total unknown
    for d in districts:
        fact, target = facts.get(d.pk), targets.get(d.pk)
        cells = []
        for column in TargetColumn:
            actual = getattr(fact, definitions.PROGRESS_ACTUALS[column.value]) if fact else None
            if column == TargetColumn.PROMOTION_EVENTS and not definitions.promotion_events_known():
                actual = None  # 暂无数据 until the event register exists
            goal = getattr(target, column.value) if target else None
            cells.append(_cell(column, actual, goal))
            if fact is not None:
                totals[column][0] = None if actual is None or totals[column][0] is None else totals[column][0] + actual
            if goal is not None:
                totals[column][1] = (totals[column][1] or 0) + goal
        rows.append({"district": d, "name": d.name, "computed": fact is not None, "columns": cells,
                     "version": target.version if target else None})
    city = CityYear.objects.filter(year=year).first() if district is None else None
    if city is not None and totals[TargetColumn.PROMOTION_EVENTS][0] is not None:
        totals[TargetColumn.PROMOTION_EVENTS][0] = city.promotion_events  # districts' events plus the city's own
    if district is None:
        rows.append({"district": None, "name": CITY_TOTAL, "computed": bool(facts),
                     "columns": [_cell(c, a if facts else None, t) for c, (a, t) in totals.items()]})
    return rows


def _cell(column, actual, target) -> dict:
    return {"column": column.value, "label": column.label, "actual": actual, "target": target,
            "completion": definitions.completion(actual, target), "gap": definitions.gap(actual, target)}


def city_year(year: int) -> CityYear | None:
    return CityYear.objects.filter(year=year).first()


def city_summary(year: int, month: int | dt.date | None = None) -> dict:
    """Headline figures for the cockpit: the year's city facts, and one month's when `month` is given."""
    city = city_year(year)
    summary = {"year": year, "city": city, "as_of": as_of(), "month": None}
    if month is None or city is None:
        return summary
    m = month.month if isinstance(month, dt.date) else int(month)
    period = dt.date(year, m, 1)
    bm = BuildingMonth.objects.filter(period=period).aggregate(
        tax=Sum("total_tax"), present=Sum("present_count"), registered=Sum("registered_count"), n=Count("id"))
    prior = BuildingMonth.objects.filter(period=dt.date(year - 1, m, 1)).aggregate(tax=Sum("total_tax"))
    unattributed = UnattributedTax.objects.filter(year=year).aggregate(v=Sum(MONTH_FIELDS[m - 1]))["v"] or Decimal(0)
    occupancy = _weighted_occupancy(period)
    attributed = _money(bm["tax"])
    summary["month"] = {
        "period": period, "computed": bool(bm["n"]), "attributed_tax": attributed,
        "unattributed_tax": _money(unattributed), "total_tax": attributed + _money(unattributed),
        "attributed_growth": _growth(attributed, prior["tax"]),
        "present_count": bm["present"] or 0, "registered_count": bm["registered"] or 0, "occupancy_rate": occupancy,
    }
    return summary


def _money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def _growth(current, prior) -> Decimal | None:
    g = definitions.growth(current, _money(prior) if prior is not None else None)
    return g.quantize(Q4, ROUND_HALF_UP) if g is not None else None


def _weighted_occupancy(period: dt.date, district=None) -> Decimal | None:
    qs = BuildingMonth.objects.filter(period=period, occupancy_rate__isnull=False, building__office_area__gt=0)
    if district is not None:
        qs = qs.filter(district=district)
    rows = list(qs.values_list("occupancy_rate", "building__office_area"))
    den = sum((a for _, a in rows), Decimal(0))
    return (sum((r * a for r, a in rows), Decimal(0)) / den).quantize(Decimal("0.000001")) if den else None


def tax_trend(year: int, *, district=None) -> list[dict]:
    """Monthly attributed tax of the year and the year before (for the trend chart)."""
    qs = BuildingMonth.objects.filter(year__in=[year - 1, year])
    if district is not None:
        qs = qs.filter(district=district)
    sums = {p: t for p, t in qs.values_list("period").annotate(t=Sum("total_tax")).values_list("period", "t")}
    return [{"month": m, "tax": _money(sums.get(dt.date(year, m, 1))) if dt.date(year, m, 1) in sums else None,
             "prior_tax": _money(sums.get(dt.date(year - 1, m, 1))) if dt.date(year - 1, m, 1) in sums else None}
            for m in range(1, 13)]


def unattributed_summary(year: int) -> dict:
    """未归属 of a year by district (None: enterprises with no district) and the accounting identity."""
    by_district = list(UnattributedTax.objects.filter(year=year).values("district_id")
                       .annotate(tax=Sum("total_tax"), enterprises=Count("enterprise_id")).order_by("district_id"))
    city = CityYear.objects.filter(year=year).first()
    return {"year": year, "by_district": by_district, "city": city}


# ------------------------------------------------------------------ industry structure

def industry_structure(scope=None, year: int | None = None, *, dimension: str = IndustryDimension.SECTION) -> list[dict]:
    """Shares of registered enterprises, occupied area and tax by GB/T 4754 门类 (dimension 'section') or by
    featured category ('featured', plus a 非特色产业 remainder), for a Building, a District or the city (None)."""
    base = BuildingIndustryYear.objects.filter(year=year)
    if isinstance(scope, Building):
        base = base.filter(building=scope)
    elif isinstance(scope, District):
        base = base.filter(district=scope)
    fields = {"registered": Sum("registered_count"), "area": Sum("occupied_area"), "tax": Sum("total_tax")}
    totals = base.filter(dimension=IndustryDimension.SECTION).aggregate(**fields)
    rows = list(base.filter(dimension=dimension).values("key").annotate(**fields).order_by("key"))
    if dimension == IndustryDimension.FEATURED:
        names = {c.code: (c.order, c.name) for c in FeaturedCategory.objects.all()}
        rest = {k: (totals[k] or 0) - sum((r[k] or 0) for r in rows) for k in fields}
        rows.sort(key=lambda r: names.get(r["key"], (99, ""))[0])
        rows.append({"key": "", **rest})
        label = lambda key: names[key][1] if key in names else "非特色产业"  # noqa: E731
    else:
        names = dict(IndustryCode.objects.filter(level="section").values_list("code", "name"))
        label = lambda key: names.get(key, "未分类")  # noqa: E731
    out = []
    for r in rows:
        out.append({
            "key": r["key"], "label": label(r["key"]),
            "registered": r["registered"] or 0, "area": _money(r["area"]), "tax": _money(r["tax"]),
            "registered_share": _q4(r["registered"] or 0, totals["registered"]),
            "area_share": _q4(r["area"] or 0, totals["area"]) if totals["area"] else None,
            "tax_share": _q4(r["tax"] or 0, totals["tax"]) if totals["tax"] and totals["tax"] > 0 else None,
        })
    return out


# ------------------------------------------------------------------ alerts and recognitions

def alerts_for(user, *, district=None, building=None, kind=None, status=None, year=None, active: bool | None = True) -> QuerySet:
    """Alerts the user may see (district editors: their district), newest first, with their evidence."""
    qs = permissions.restrict(Alert.objects.all(), user, permissions.VIEW)
    filters = Q()
    if district is not None:
        filters &= Q(district=district)
    if building is not None:
        filters &= Q(building=building)
    if kind:
        filters &= Q(kind=kind)
    if status:
        filters &= Q(status=status)
    if year:
        filters &= Q(year=year)
    if active is not None:
        filters &= Q(active=active)
    return qs.filter(filters).select_related("building", "district", "enterprise").order_by("-period", "district__order", "kind", "id")


def alert_assignees(alert: Alert) -> list:
    """The people an alert can be assigned to: active users who may handle it (its district's editors and the
    city administrators), by name."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(profile__role="city_admin") | Q(profile__role="district_editor", profile__district=alert.district_id)
    ).select_related("profile").order_by("username")
    return [u for u in users if permissions.can(u, permissions.CHANGE, alert)]


def alert_counts(user, *, year=None) -> list[dict]:
    """Open (active, not handled) alerts per district and kind, for the cockpit."""
    qs = alerts_for(user, year=year).exclude(status="handled")
    return list(qs.values("district_id", "district__name", "kind").annotate(n=Count("id")).order_by("district__name", "kind"))


def recognitions_for(user, *, year=None, status=None) -> QuerySet:
    qs = permissions.restrict(FeaturedRecognition.objects.all(), user, permissions.VIEW)
    if year:
        qs = qs.filter(Q(year=year) | Q(recognised_on__year=year))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("building", "building__district", "category")


def featured_candidates(year: int, *, district=None) -> QuerySet:
    qs = BuildingYear.objects.filter(year=year).exclude(featured_status="").select_related("building", "district", "lead_category")
    if district is not None:
        qs = qs.filter(district=district)
    return qs.order_by("-concentration", "building__code")


def programme_progress(year: int, *, district=None, as_of_month: dt.date | None = None) -> dict:
    """Actual vs the version in force per district and column, with gap, completion and on-track status."""
    as_of_month = as_of_month or as_of()
    fraction = year_fraction(year, as_of_month)
    rows = district_progress(year, district=district)
    for row in rows:
        for cell in row["columns"]:
            cell["status"] = on_track(cell["actual"], cell["target"], fraction)
            cell["status_label"] = ON_TRACK_LABELS[cell["status"]]
    return {"year": year, "as_of": as_of_month, "fraction": fraction, "rows": rows,
            "columns": [c.label for c in TargetColumn]}

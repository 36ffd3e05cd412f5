"""The web layer's only door to the indicator engine (louyu.indicators.selectors).

Pages never compute an indicator: they ask here, and this module only calls the engine's selectors and
shapes their results for templates and charts. Where the facts are not computed yet a figure is None and
the page shows the raw register data with a notice.

Figures are cached per worker against the facts' stamp (the last `louyu compute`), so a page costs its
own queries (the user's rows) plus a cache lookup.
"""
from __future__ import annotations

import functools
import hashlib
import threading
import time
from decimal import Decimal

from django.core.cache import cache
from django.db.models import F, OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html

from louyu.core import permissions
from louyu.enterprises.models import FeaturedCategory
from louyu.indicators import selectors
from louyu.indicators.alerts import evidence_for
from louyu.indicators.definitions import UNKNOWN_ACTUAL, growth, tier_label
from louyu.indicators.models import ComputeState

from .common import chart_number, growth_html, in_wan_yuan, in_yi_yuan, percent


# --- caching: facts change only when `louyu compute` runs, so a figure is cached against that run -------

_stamp_memo = threading.local()
STAMP_SECONDS = 2.0  # how long a worker trusts its last look at ComputeState
CACHE_SECONDS = 600


def facts_stamp() -> str:
    """Identifies the current facts (the last compute's time and horizon); cached figures are keyed by it."""
    now = time.monotonic()
    memo = getattr(_stamp_memo, "value", None)
    if memo and now - memo[0] < STAMP_SECONDS:
        return memo[1]
    state = ComputeState.objects.values_list("computed_at", "horizon").first()
    stamp = f"{state[0].isoformat()}/{state[1]}" if state else "not-computed"
    _stamp_memo.value = (now, stamp)
    return stamp


def reset_cache() -> None:
    """Forget cached figures (tests; after a compute the stamp changes by itself)."""
    _stamp_memo.value = None
    cache.clear()


def _key_part(value) -> str:
    if value is None:
        return "-"
    if hasattr(value, "pk"):
        return f"{type(value).__name__}:{value.pk}"
    if isinstance(value, (list, tuple)):
        return ",".join(_key_part(v) for v in value)
    return str(value)


def changes_stamp() -> str:
    """Identifies the state of the official data: services audit every change in its own transaction, so the
    newest audit entry moves with each one (one index probe; not memoised, a user sees their own change)."""
    from louyu.core.models import AuditEntry

    return str(AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0)


def cached(fn=None, *, seconds: int = CACHE_SECONDS, stamp=None):
    """Cache a figure function's result per arguments (models by pk, a user per user) and facts stamp — or
    `stamp`, for what changes with the registers rather than with a compute (changes_stamp)."""
    if fn is None:
        return functools.partial(cached, seconds=seconds, stamp=stamp)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        parts = [fn.__module__, fn.__name__, (stamp or facts_stamp)(), *(_key_part(a) for a in args),
                 *(f"{k}={_key_part(v)}" for k, v in sorted(kwargs.items()))]
        key = "louyu:figure:" + hashlib.sha1("|".join(parts).encode()).hexdigest()
        value = cache.get(key, _MISSING)
        if value is _MISSING:
            value = fn(*args, **kwargs)
            cache.set(key, value, seconds)
        return value

    return wrapper


_MISSING = object()


# --- shaping the engine's selectors for pages ----------------------------------------------------------
# Display units only (亿元/万元, %); every number comes from a selector, nothing is recomputed here.


def tier_text(tier: int | None) -> str:
    """The tier in words (definitions.tier_label), empty for a building below the threshold."""
    return tier_label(tier) if tier else ""
BUILDING_LIST_FACT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("tax_yi", "全口径税收(亿元)"), ("tax_tier_label", "亿元楼宇"), ("occupancy", "入驻率"), ("lead", "主导特色产业"),
)


def _growth_html(value) -> str:
    return growth_html(value, label="同比")


def _kpi(label, value, unit="", sub="", link=None) -> dict:
    return {"label": label, "value": value, "unit": unit, "sub": sub, "link": link}


@cached
def facts_as_of():
    """The month the indicator facts were last computed to (may lag the latest tax month)."""
    return selectors.as_of()


@cached
def trend_rows(year: int, district=None) -> list[dict] | None:
    """The engine's monthly tax of year and year−1 (tax_trend), fetched once per page."""
    return selectors.tax_trend(year, district=district)


@cached
def headline(year: int, month: int, district=None) -> dict | None:
    """KPI cards of the city (city_summary) or one district (district_year_facts) for year/month."""
    trend = {row["month"]: row for row in trend_rows(year, district) or []}
    month_tax = trend.get(month, {}).get("tax")
    prior_month_tax = trend.get(month, {}).get("prior_tax")
    if district is None:
        summary = selectors.city_summary(year, month)
        fact = summary["city"]
        if fact is None:
            return None
        m = summary["month"] or {}
        tax_sub = format_html("{} · 楼宇归属 {} · 未归属 {}", _growth_html(fact.tax_growth), in_yi_yuan(fact.attributed_tax), in_yi_yuan(fact.unattributed_tax))
        month_kpi = _kpi(f"{month} 月全口径税收", in_yi_yuan(m.get("total_tax")), "亿元", _growth_html(m.get("attributed_growth")) + "（楼宇归属部分）")
        occupancy_sub = f"{month} 月 {percent(m.get('occupancy_rate'))}" if m else ""
        buildings_kpi = _kpi("商务办公1万㎡以上楼宇", fact.office_buildings_10k, "幢",
                             f"{year} 年末数；附件1口径为截至 {year - 1} 年末的 {fact.office_buildings_10k_list} 幢")
    else:
        fact = selectors.district_year_facts(year).filter(district=district).first()
        if fact is None:
            return None
        tax_sub = format_html("{} · 未归属 {}", _growth_html(fact.tax_growth), in_yi_yuan(fact.unattributed_tax))
        month_kpi = _kpi(f"{month} 月楼宇税收", in_yi_yuan(month_tax), "亿元",
                         _growth_html(growth(month_tax, prior_month_tax)))
        occupancy_sub = f"单位面积税收 {fact.tax_per_m2:,.0f} 元/㎡" if fact.tax_per_m2 is not None else "单位面积税收 —"
        buildings_kpi = _kpi("登记楼宇", fact.buildings, "幢", f"1万㎡以上 {fact.office_buildings_10k} 幢")
    months = getattr(fact, "months", 0)
    return {"kpis": [
        buildings_kpi,
        _kpi("亿元楼宇（累计）", fact.cumulative_100m, "幢",
             f"新增 {_known(fact.new_100m)} · 10亿元级 {fact.tier_10} · 5亿元级 {fact.tier_5} · 亿元级 {fact.tier_1}"),
        _kpi(f"全口径税收（{year} 年 1–{months} 月）", in_yi_yuan(fact.total_tax), "亿元", tax_sub),
        month_kpi,
        _kpi("入驻率（面积加权）", percent(fact.occupancy_rate), "", occupancy_sub),
        _kpi("入驻 / 注册企业", f"{fact.present_count:,} / {fact.registered_count:,}", "家", f"落地率 {percent(fact.presence_rate)}"),
        _kpi("特色产业楼宇（已认定）", fact.featured_recognised, "幢",
             f"新增 {fact.new_featured} · 候选 {fact.featured_candidates} · 储备 {fact.featured_reserves}"),
        _kpi("改造存量楼宇 / 推介活动", f"{fact.renovated} / {_or_unknown(fact.promotion_events, 'promotion_events')}", "",
             f"{year} 年完成数"),
    ]}


@cached
def progress(year: int, district=None) -> dict | None:
    """附件1 progress (district_progress): actual vs target bars per district and column."""
    rows = selectors.district_progress(year, district=district)
    if not rows or not any(r["computed"] for r in rows):
        return None
    out = {"columns": [c["label"] for c in rows[0]["columns"]], "rows": []}
    for r in rows:
        cells = []
        for c in r["columns"]:
            completion = c["completion"]
            unknown = UNKNOWN_ACTUAL.get(c["column"], "—")
            cells.append({"actual": c["actual"] if c["actual"] is not None else unknown, "target": c["target"],
                          "width": min(100, int((completion or 0) * 100)), "done": completion is not None and completion >= 1})
        url = reverse("web:district_detail", args=[r["district"].pk]) + f"?year={year}" if r["district"] else None
        out["rows"].append({"name": r["name"], "url": url, "cells": cells})
    return out


@cached
def district_ranking(year: int, month: int) -> dict | None:
    """Districts by their year's tax (district_year_facts)."""
    facts = sorted(selectors.district_year_facts(year), key=lambda f: f.total_tax, reverse=True)
    if not facts:
        return None
    columns = ["楼宇归属税收(亿元)", "同比", "累计亿元楼宇", "新增亿元楼宇", "入驻率", "单位面积税收(元/㎡)", "未归属(亿元)"]
    rows = [{"district_id": f.district_id, "name": f.district.name,
             "cells": [in_yi_yuan(f.total_tax), growth_html(f.tax_growth), f.cumulative_100m, _known(f.new_100m), percent(f.occupancy_rate),
                       f"{f.tax_per_m2:,.0f}" if f.tax_per_m2 is not None else "—", in_yi_yuan(f.unattributed_tax)]}
            for f in facts]
    return {"columns": columns, "rows": rows, "reconcile": _reconcile(year, facts)}


def _reconcile(year: int, facts) -> str:
    """How the ranking adds up to the city total: districts' building tax + their 未归属 (+ 未归属 of enterprises
    with no district) = 全市 (CityYear.total_tax)."""
    city = selectors.city_year(year)
    if city is None:
        return ""
    attributed = sum((f.total_tax for f in facts), Decimal(0))
    unattributed = sum((f.unattributed_tax for f in facts), Decimal(0))
    no_district = city.total_tax - attributed - unattributed
    parts = f"各地区楼宇归属 {in_yi_yuan(attributed)} + 各地区未归属 {in_yi_yuan(unattributed)}"
    if no_district:
        parts += f" + 未能确定地区的未归属 {in_yi_yuan(no_district)}"
    return (f"排名按楼宇归属税收（不含未归属税收）。{parts} = 全市全口径税收 {in_yi_yuan(city.total_tax)} 亿元"
            "（各项分别四舍五入，末位可能相差 0.01）。")


def leaderboard(year: int, user, limit: int = 10) -> list[dict]:
    """The year's 亿元楼宇 by tax, highest first, among the building facts the user may see (大屏)."""
    facts = (selectors.building_year_facts(year=year, user=user).filter(is_100m=True)
             .order_by("-total_tax", "building__code")[:limit])
    return [{"name": f.building.name, "district": f.district.name, "tax": in_yi_yuan(f.total_tax), "tier": tier_text(f.tax_tier),
             "new": bool(f.is_new_100m)} for f in facts]


def _or_unknown(value, column: str):
    return UNKNOWN_ACTUAL.get(column, "—") if value is None else value


def _known(count) -> str | int:
    """A count that may be unknown (新增亿元楼宇 without a whole prior year of tax data): "—"."""
    return "—" if count is None else count


def _new_label(fact) -> str:
    """A 亿元楼宇's 新增 mark: 新增, empty, or 新增未知 when the prior year has no whole year of data."""
    if fact.is_new_100m is None:
        return "新增未知" if fact.is_100m else ""
    return "新增" if fact.is_new_100m else ""


def tax_trend(year: int, month: int, district=None) -> dict | None:
    """Monthly attributed tax of year and year−1 (tax_trend), in 亿元 for the chart."""
    rows = trend_rows(year, district)
    if not rows or not any(r["tax"] is not None for r in rows):
        return None
    to_yi = lambda v: None if v is None else chart_number(Decimal(v) / Decimal(100_000_000))  # noqa: E731
    return {"kind": "bar", "unit": "亿元", "x": [f"{r['month']}月" for r in rows], "series": [
        {"name": f"{year} 年", "data": [to_yi(r["tax"]) for r in rows]},
        {"name": f"{year - 1} 年", "data": [to_yi(r["prior_tax"]) for r in rows]},
    ]}


@cached
def industry_structure(year: int, district=None, building=None, dimension: str = "section") -> dict | None:
    """Tax shares by 门类 or featured category (industry_structure) as pie items."""
    rows = selectors.industry_structure(building or district, year, dimension=dimension)
    items = [{"name": r["label"], "value": chart_number(r["tax"])} for r in rows if r["tax"] and r["tax"] > 0]
    items.sort(key=lambda i: -i["value"])
    if len(items) > 9:  # the tail as one slice keeps the pie readable
        rest = sum(i["value"] for i in items[8:])
        items = items[:8] + [{"name": "其他门类", "value": rest}]
    return {"items": items} if items else None


@cached(seconds=60)  # alert statuses change outside `louyu compute`: a minute's staleness at most
def open_alerts(user, district=None, building=None, limit: int = 20) -> list | None:
    """Open (active, not handled) alerts the user may see (alerts_for)."""
    qs = selectors.alerts_for(user, district=district, building=building).exclude(status="handled")[:limit]
    detail, alert_url = _url_template("web:building_detail"), _url_template("web:alert_detail")
    out = []
    for a in qs:
        subject = f"：{a.enterprise.name}" if a.enterprise_id else ""
        out.append({"title": f"{a.get_kind_display()}{subject}", "building": a.building.name,
                    "building_url": detail.format(a.building_id), "url": alert_url.format(a.pk),
                    "date": a.period, "status": a.status, "status_label": a.get_status_display(),
                    "evidence": evidence_for(user, a)})
    return out


def _url_template(name: str) -> str:
    return reverse(name, args=[987654321]).replace("987654321", "{}")


def top_buildings(buildings, year: int, limit: int = 15, district=None, user=None) -> list[dict]:
    """The district page's leading buildings by the year's tax (top_buildings), each marked visible when
    the user may open it; raw register order (by office area) without a district, or when the user may not see
    the district's per-building tax (another district's page: its aggregates only)."""
    if district is None or not permissions.sees(user, permissions.BUILDING_TAX, district):
        rows = [_building_row(b) for b in buildings.select_related("district").order_by("-office_area", "code")[:limit]]
    else:
        rows = _top_building_rows(year, district, limit)
    visible = set(buildings.filter(pk__in=[r["pk"] for r in rows]).values_list("pk", flat=True))
    return [{**r, "visible": r["pk"] in visible} for r in rows]


def _building_row(b, fact=None) -> dict:
    return {"pk": b.pk, "name": b.name, "street": b.street, "office_area": b.office_area,
            "status_label": b.get_status_display(), "tax_tier": fact.tax_tier if fact else 0,
            "fact_cells": [in_yi_yuan(fact.total_tax), percent(fact.occupancy_rate),
                           fact.lead_category.name if fact.lead_category_id else "—"] if fact else []}


@cached
def _top_building_rows(year: int, district, limit: int) -> list[dict]:
    return [_building_row(fact.building, fact) for fact in selectors.top_buildings(year, district=district, limit=limit)]


TOP_BUILDING_COLUMNS = ("全口径税收(亿元)", "入驻率", "主导特色产业")


def building_list_facts(buildings, year: int, *, user) -> dict:
    """{building id: {fact column: value}} for the list page, one query (building_year_facts), only the
    buildings whose tax the user may see."""
    if not buildings:
        return {}
    rows = selectors.building_year_facts(year=year, user=user, buildings=[b.pk for b in buildings]).values(
        "building_id", "total_tax", "tax_tier", "occupancy_rate", "lead_category__name")
    return {r["building_id"]: {"tax_yi": in_yi_yuan(r["total_tax"]), "tax_tier_label": tier_text(r["tax_tier"]),
                               "occupancy": percent(r["occupancy_rate"]), "lead": r["lead_category__name"] or ""}
            for r in rows}


def buildings_with(year: int, *, user, tier: int | None = None, category=None):
    """Building ids of the year's facts with a tier / lead featured category (for the list filters), among
    the buildings whose tax the user may see."""
    qs = selectors.building_year_facts(year=year, user=user)
    if tier is not None:
        qs = qs.filter(tax_tier=tier)
    if category is not None:
        qs = qs.filter(lead_category=category)
    return qs.values("building_id")


@cached
def building_profile(building, year: int) -> dict | None:
    """Trends, tier history, industry mix, featured shares and why-links of one building."""
    history = list(selectors.building_history(building))
    fact = next((h for h in history if h.year == year), None)
    if fact is None:
        return None
    why = reverse("web:building_why", args=[building.pk]) + f"?year={year}"
    months = list(selectors.building_month_facts(building))
    rows_url = reverse("web:building_tax_rows", args=[building.pk])
    charts = [
        {"id": "tax-months", "title": "月度全口径税收（万元，点击柱子查看明细）", "kind": "bar", "data": {
            "unit": "万元", "x": [m.period.strftime("%Y-%m") for m in months],
            "series": [{"name": "全口径税收", "data": [chart_number(Decimal(m.total_tax) / 10000) for m in months]}],
            "links": [f"{rows_url}?year={m.period.year}&month={m.period.month}" for m in months]}},
        {"id": "occupancy-months", "title": "月度入驻率（%）", "kind": "line", "data": {
            "unit": "%", "x": [m.period.strftime("%Y-%m") for m in months],
            "series": [{"name": "入驻率", "data": [None if m.occupancy_rate is None else chart_number(m.occupancy_rate * 100) for m in months]}]}},
        {"id": "tier-history", "title": "年度税收与亿元楼宇等级（亿元）", "kind": "bar", "data": {
            "unit": "亿元", "x": [f"{h.year}（{tier_text(h.tax_tier) or '—'}）" for h in history],
            "series": [{"name": "全口径税收", "data": [chart_number(Decimal(h.total_tax) / 100_000_000) for h in history]}],
            "links": [reverse("web:building_why", args=[building.pk]) + f"?year={h.year}" for h in history]}},
    ]
    mix = industry_structure(year, building=building)
    if mix:
        charts.append({"id": "industry-mix", "title": f"产业结构（{year} 年税收，按门类）", "kind": "pie", "data": mix})
    featured = selectors.industry_structure(building, year, dimension="featured")
    named = [r for r in featured if r["key"]]
    if named:
        share = lambda v: None if v is None else chart_number(v * 100)  # noqa: E731
        charts.append({"id": "featured-shares", "title": f"特色产业占比（{year} 年，%）", "kind": "bar", "data": {
            "unit": "%", "x": [r["label"] for r in named], "series": [
                {"name": "注册企业数占比", "data": [share(r["registered_share"]) for r in named]},
                {"name": "入驻面积占比", "data": [share(r["area_share"]) for r in named]},
                {"name": "税收占比", "data": [share(r["tax_share"]) for r in named]}]},
            "note": f"集聚度取三者最大值；主导特色产业：{fact.lead_category.name if fact.lead_category_id else '无'}，"
                    f"集聚度 {percent(fact.concentration)}{('，' + fact.featured_label) if fact.featured_label else ''}。"})
    table = {"title": "历年指标", "columns": ["年度", "全口径税收(亿元)", "同比", "等级", "新增亿元楼宇", "入驻率", "入驻/注册企业",
                                          "落地率", "单位面积税收(元/㎡)", "主导特色产业", "特色楼宇状态"], "rows": []}
    for h in reversed(history):
        table["rows"].append([
            format_html('<a href="{}?year={}">{}</a>', reverse("web:building_why", args=[building.pk]), h.year, h.year),
            in_yi_yuan(h.total_tax), growth_html(h.tax_growth), tier_text(h.tax_tier) or "—", _new_label(h),
            percent(h.occupancy_rate), f"{h.present_count} / {h.registered_count}", percent(h.presence_rate),
            f"{h.tax_per_m2:,.0f}" if h.tax_per_m2 is not None else "—",
            h.lead_category.name if h.lead_category_id else "—", h.featured_label or "—"])
    tax_value = in_yi_yuan(fact.total_tax) if fact.total_tax >= 10_000_000 else in_wan_yuan(fact.total_tax)
    tax_unit = "亿元" if fact.total_tax >= 10_000_000 else "万元"
    return {
        "tax_tier": fact.tax_tier, "year": year,
        "kpis": [
            _kpi(f"{year} 年全口径税收（1–{fact.months} 月）", tax_value, tax_unit, _growth_html(fact.tax_growth), why),
            _kpi("亿元楼宇", tier_text(fact.tax_tier) or "否", "", _new_label(fact) or ("上年已是" if fact.prior_is_100m else ""), why),
            _kpi("入驻率（12 月 / 月均）", percent(fact.occupancy_rate), "", f"月均 {percent(fact.occupancy_avg)} · 来源 {fact.get_occupancy_source_display() or '—'}"),
            _kpi("入驻 / 注册企业", f"{fact.present_count} / {fact.registered_count}", "家", f"落地率 {percent(fact.presence_rate)}"),
            _kpi("单位面积税收", f"{fact.tax_per_m2:,.0f}" if fact.tax_per_m2 is not None else "—", "元/㎡", _growth_html(fact.tax_per_m2_growth)),
            _kpi("主导特色产业", fact.lead_category.name if fact.lead_category_id else "无", "", f"集聚度 {percent(fact.concentration)} {fact.featured_label}"),
        ],
        "charts": charts, "tables": [table],
    }


@cached
def why(building, year: int) -> dict | None:
    """Why the building is (not) 亿元楼宇 in year: why_100m."""
    return selectors.why_100m(building, year)


def without_tax_row_links(profile: dict) -> dict:
    """A building profile for a user who may see the building's tax but not its tenants': no links from
    the monthly chart to the tax records behind it."""
    charts = [{**c, "data": {k: v for k, v in c["data"].items() if k != "links"}} if c["id"] == "tax-months" else c
              for c in profile["charts"]]
    return {**profile, "charts": charts}


def tax_rows(building, year: int, *, enterprise=None, month: int | None = None):
    """The TaxRecords behind a building's tax figure (tax_rows_behind)."""
    return selectors.tax_rows_behind(building, year, enterprise=enterprise, month=month)


@cached
def enterprise_tax_rank(building, year: int) -> dict:
    """{enterprise id: rank by tax attributed to the building in year} (top_taxpayers)."""
    ids = selectors.top_taxpayers(building, year, limit=100_000).values_list("enterprise_id", flat=True)
    return {eid: rank for rank, eid in enumerate(ids, start=1)}


def enterprise_attribution(enterprise, *, user) -> list[dict] | None:
    """Per year: which building receives the enterprise's tax and why (enterprise_attribution), the rows
    the user may see (a district: the years and buildings attributed to it)."""
    found = selectors.enterprise_attribution(enterprise, user=user)
    rows = [{"year": t.year, "building_id": t.building_id, "building_name": t.building.name, "total_tax": t.total_tax,
             "months": t.months, "reason": f"{t.months} 个月月末在该楼宇有“注册且办公”或“仅注册”入驻（税收随注册地）"}
            for t in found["buildings"]]
    for u in found["unattributed"]:
        rows.append({"year": u.year, "building_id": None, "building_name": "", "total_tax": u.total_tax,
                     "months": u.months,
                     "reason": "、".join(f"{m}月" for m, _ in u.by_month()) + " 月末没有任何楼宇的注册入驻，计为“未归属”"})
    rows.sort(key=lambda r: (r["year"], r["building_id"] is None))
    return rows


def map_facts(building_ids: list[int], year: int, *, user) -> dict:
    """{building id: {"tax_tier", "occupancy", "tax_yi"}} for map colouring (building_year_facts), only the
    buildings whose tax the user may see."""
    if not building_ids:
        return {}
    rows = selectors.building_year_facts(year=year, user=user, buildings=building_ids).values_list(
        "building_id", "tax_tier", "occupancy_rate", "total_tax")
    return {bid: {"tax_tier": tier, "occupancy": chart_number(occ), "tax_yi": in_yi_yuan(tax)} for bid, tier, occ, tax in rows}


@cached
def showcase_building():
    """The building the screenshots show: the top tax payer of the latest year."""
    latest = selectors.latest_year()
    if latest is None:
        return None
    fact = selectors.top_buildings(latest, limit=1).first()
    return fact.building if fact else None


def featured_categories_of(enterprise) -> list:
    """The featured categories (三(四)) whose configured GB/T 4754 prefixes the industry code matches."""
    if not enterprise.industry_id:
        return []
    code = enterprise.industry_id
    return [c for c in FeaturedCategory.objects.all() if any(code.startswith(p) for p in c.industry_prefixes)]


def order_by_year_tax(queryset, year: int, *, user, descending: bool = True):
    """Buildings ordered by their year's tax from the facts (building_year_facts), unknown (or not the
    user's to see) last."""
    tax = Subquery(selectors.building_year_facts(year=year, user=user).filter(building=OuterRef("pk")).values("total_tax")[:1])
    key = F("fact_tax").desc(nulls_last=True) if descending else F("fact_tax").asc(nulls_last=True)
    return queryset.annotate(fact_tax=tax).order_by(key, "code")

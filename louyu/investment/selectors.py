"""Reads of 招商: what a user may see (always through louyu.core.permissions), ranking inputs, the funnel."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, Sum

from louyu.buildings.models import OperationReport
from louyu.core import permissions
from louyu.enterprises.models import PRESENT_KINDS, FeaturedCategory, Tenancy

from . import ranking, rules
from .models import STAGE_DATE_FIELD, STAGE_ORDER, Demand, Lead, LeadStage, ListingStatus, VacantUnit

OPEN_LISTING = (ListingStatus.AVAILABLE, ListingStatus.STALE)


def vacant_units_for(user, action: str = permissions.VIEW):
    return permissions.restrict(VacantUnit.objects.select_related("building__district"), user, action)


def demands_for(user, action: str = permissions.VIEW):
    return permissions.restrict(Demand.objects.select_related("district", "industry", "enterprise"), user, action)


def leads_for(user, action: str = permissions.VIEW):
    return permissions.restrict(Lead.objects.select_related("demand", "unit__building__district"), user, action)


def category_of(industry_code: str | None, categories) -> object | None:
    if not industry_code:
        return None
    return next((c for c in categories if any(industry_code.startswith(p) for p in c.industry_prefixes)), None)


def lead_categories(building_ids) -> dict:
    """building id → lead featured category of its latest computed year (none before the engine has run)."""
    from louyu.indicators.models import BuildingYear

    result = {}
    rows = BuildingYear.objects.filter(building_id__in=building_ids, lead_category__isnull=False).select_related("lead_category")
    for row in rows.order_by("building_id", "year"):
        result[row.building_id] = row.lead_category  # the latest year wins
    return result


def tenant_shares(building_ids, *, category, section: str | None, today: dt.date) -> dict:
    """building id → share of its current present tenants in `category` (or in 门类 `section` without one)."""
    from louyu.enterprises.models import IndustryCode

    qs = Tenancy.objects.filter(building_id__in=building_ids, kind__in=PRESENT_KINDS, move_in__lte=today).filter(
        Q(move_out__isnull=True) | Q(move_out__gt=today))
    rows = list(qs.values_list("building_id", "enterprise__industry_id"))
    sections = dict(IndustryCode.objects.filter(code__in={c for _, c in rows if c}).values_list("code", "section")) if category is None else {}
    totals, hits = defaultdict(int), defaultdict(int)
    for building_id, code in rows:
        totals[building_id] += 1
        if code and (any(code.startswith(p) for p in category.industry_prefixes) if category is not None
                     else section is not None and sections.get(code) == section):
            hits[building_id] += 1
    return {b: hits[b] / n for b, n in totals.items() if n}


def ranking_context(demand: Demand, units, today: dt.date) -> ranking.Context:
    building_ids = {u.building_id for u in units}
    categories = list(FeaturedCategory.objects.all())
    code = demand.industry_id
    category = category_of(code, categories)
    section = demand.industry.section if demand.industry_id else None
    return ranking.Context(demand_category=category, lead_category=lead_categories(building_ids),
                           tenant_share=tenant_shares(building_ids, category=category, section=section, today=today), today=today)


def ranked_units(demand: Demand, user, today: dt.date) -> list[ranking.Match]:
    """The open listings the user may see, ranked for the demand (listings far too small are left out)."""
    units = list(vacant_units_for(user).filter(status=ListingStatus.AVAILABLE, area__gte=demand.area_min / 2))
    return ranking.rank(demand, units, ranking_context(demand, units, today))


def vacancy_gap_rows(building_ids=None) -> list[tuple[int, int, rules.VacancyGap]]:
    """(building id, district id, gap) for every building with a listing (of any status) and a report with both
    areas, whose listed vacant area is far from the latest report's vacancy (None: every building)."""
    listing = VacantUnit.objects.all() if building_ids is None else VacantUnit.objects.filter(building_id__in=building_ids)
    ids = set(listing.values_list("building_id", flat=True))
    listed = dict(VacantUnit.objects.filter(building_id__in=ids, status__in=OPEN_LISTING).values("building_id")
                  .annotate(total=Sum("area")).values_list("building_id", "total"))
    latest: dict[int, OperationReport] = {}
    reports = OperationReport.objects.filter(building_id__in=ids, leasable_area__isnull=False, leased_area__isnull=False)
    for report in reports.select_related("building").order_by("building_id", "period"):
        latest[report.building_id] = report
    flagged = []
    for building_id, report in sorted(latest.items()):
        gap = rules.VacancyGap(listed=listed.get(building_id) or Decimal(0),
                               reported=report.leasable_area - report.leased_area, period=report.period)
        if rules.vacancy_gap_is_large(gap):
            flagged.append((building_id, report.building.district_id, gap))
    return flagged


def funnel(leads) -> list[dict]:
    """Per district: how many leads reached each stage (a signed lead has passed every earlier one), and lost."""
    by_district: dict[str, dict] = {}
    for lead in leads.select_related(None).select_related("district").only("stage", *STAGE_DATE_FIELD.values(), "district__name", "district__order"):
        district = lead.district
        row = by_district.setdefault(district.name, {"district": district.name, "order": district.order,
                                                     **{s.value: 0 for s in STAGE_ORDER}, "lost": 0, "total": 0})
        row["total"] += 1
        for stage in STAGE_ORDER:
            if getattr(lead, STAGE_DATE_FIELD[stage]) is not None:
                row[stage.value] += 1
        if lead.stage == LeadStage.LOST:
            row["lost"] += 1
    return sorted(by_district.values(), key=lambda r: r["order"])


def stage_durations(leads) -> list[dict]:
    """Average days from each stage to the next, over the leads that made that step."""
    steps = list(zip(STAGE_ORDER, STAGE_ORDER[1:]))
    sums, counts = defaultdict(int), defaultdict(int)
    for lead in leads.select_related(None).only(*STAGE_DATE_FIELD.values()):
        for a, b in steps:
            start, end = getattr(lead, STAGE_DATE_FIELD[a]), getattr(lead, STAGE_DATE_FIELD[b])
            if start and end:
                sums[(a, b)] += (end - start).days
                counts[(a, b)] += 1
    return [{"from": a.label, "to": b.label, "count": counts[(a, b)],
             "days": round(sums[(a, b)] / counts[(a, b)], 1) if counts[(a, b)] else None} for a, b in steps]

"""Reads of 三(四) typical demonstrations, all from the indicator engine's facts (never re-derived):
高产出楼宇 by tier with the year's new entries, and the annual review of recognised featured buildings."""
from __future__ import annotations

from django.db.models import Q, QuerySet

from louyu.core import permissions
from louyu.indicators import definitions
from louyu.indicators.models import BuildingYear, FeaturedRecognition, RecognitionStatus

TIER_LABELS = {10: "10亿元级", 5: "5亿元级", 1: "亿元级"}


def high_output(year: int, user) -> list[dict]:
    """Per tier (highest first): the buildings of `year` in it, each marked new when it was in a lower tier (or
    none) the year before. Building facts are readable by every role (READ_ALL_MODELS)."""
    facts = permissions.restrict(BuildingYear.objects.filter(year=year, tax_tier__gt=0), user, permissions.VIEW)
    facts = facts.select_related("building", "district").order_by("-total_tax")
    prior = dict(BuildingYear.objects.filter(year=year - 1, building_id__in=facts.values("building_id"))
                 .values_list("building_id", "tax_tier"))
    tiers = []
    for tier, _ in definitions.tier_thresholds():
        rows = [{"fact": f, "new": prior.get(f.building_id, 0) < tier, "prior_tier": prior.get(f.building_id)}
                for f in facts if f.tax_tier == tier]
        tiers.append({"tier": tier, "label": TIER_LABELS.get(tier, f"{tier}亿元级"), "rows": rows,
                      "new": sum(r["new"] for r in rows)})
    return tiers


def recognised_at_end_of(year: int) -> Q:
    """Recognitions in force on 31 December of `year` (recognised by then, not yet revoked)."""
    import datetime as dt

    dec31 = dt.date(year, 12, 31)
    return Q(recognised_on__lte=dec31) & (Q(status=RecognitionStatus.RECOGNISED) |
                                          Q(status=RecognitionStatus.REVOKED, revoked_on__gt=dec31))


def recognitions_for(user) -> QuerySet:
    return permissions.restrict(FeaturedRecognition.objects.select_related("building__district", "category"), user,
                                permissions.VIEW)


def annual_review(year: int, user) -> list[dict]:
    """The annual review: every building recognised at the end of `year`, flagged when its 集聚度 that year fell
    below the reserve threshold (or it has no facts for the year)."""
    threshold = definitions.config()["FEATURED_RESERVE_CONCENTRATION"]
    recognitions = list(recognitions_for(user).filter(recognised_at_end_of(year)).order_by("building__district__order", "building__code"))
    facts = {f.building_id: f for f in BuildingYear.objects.filter(year=year, building_id__in=[r.building_id for r in recognitions])}
    out = []
    for r in recognitions:
        fact = facts.get(r.building_id)
        concentration = fact.concentration if fact else None
        out.append({"recognition": r, "fact": fact, "concentration": concentration,
                    "flagged": concentration is None or concentration < threshold})
    return out


def renovation_demonstrations(user) -> list[dict]:
    """存量楼宇提升示范项目: completed projects marked as demonstrations, each with its building's 入驻率 and 单位面积税收
    (engine facts, BuildingYear) and average rent (operation reports) in the year before and the year after completion."""
    from django.db.models import Avg

    from louyu.buildings.models import OperationReport, RenovationProject

    projects = permissions.restrict(
        RenovationProject.objects.filter(is_demonstration=True, status="completed", completion_date__isnull=False)
        .select_related("building__district"), user, permissions.VIEW).order_by("-completion_date", "code")
    out = []
    for p in projects:
        year = p.completion_date.year
        facts = {f.year: f for f in BuildingYear.objects.filter(building_id=p.building_id, year__in=(year - 1, year + 1))}
        rents = dict(OperationReport.objects.filter(building_id=p.building_id, period__year__in=(year - 1, year + 1))
                     .values("period__year").annotate(r=Avg("average_rent")).values_list("period__year", "r"))

        def side(y):
            f = facts.get(y)
            return {"year": y, "occupancy": f.occupancy_rate if f else None, "tax_per_m2": f.tax_per_m2 if f else None,
                    "rent": rents.get(y)}

        out.append({"project": p, "before": side(year - 1), "after": side(year + 1)})
    return out

"""Reads of the operation teams: a team's buildings' combined indicators from the engine's building facts."""
from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet

from louyu.core import permissions
from louyu.indicators.models import BuildingYear

from .models import OperationTeam


def teams_for(user) -> QuerySet:
    return permissions.restrict(OperationTeam.objects.select_related("district"), user, permissions.VIEW)


def combined(team: OperationTeam, year: int) -> dict:
    """The team's buildings in `year`: their number, total tax, 亿元楼宇, area-weighted 入驻率 and 单位面积税收."""
    facts = list(BuildingYear.objects.filter(year=year, building__in=team.buildings.all()).select_related("building"))
    area = sum((f.building.office_area or Decimal(0) for f in facts), Decimal(0))
    tax = sum((f.total_tax for f in facts), Decimal(0))
    occ_den = sum((f.building.office_area or 0 for f in facts if f.occupancy_rate is not None), Decimal(0))
    occ_num = sum((f.occupancy_rate * (f.building.office_area or 0) for f in facts if f.occupancy_rate is not None), Decimal(0))
    return {"buildings": len(facts), "total_tax": tax, "hundred_million": sum(1 for f in facts if f.is_100m),
            "occupancy_rate": (occ_num / occ_den).quantize(Decimal("0.000001")) if occ_den else None,
            "tax_per_m2": (tax / area).quantize(Decimal("0.01")) if area else None}


def ranking(year: int, user) -> list[dict]:
    """Every visible team with its combined indicators, by total tax (the basis of the yearly recognition)."""
    rows = [{"team": t, "recognised": any(r.year == year for r in t.recognitions.all()), **combined(t, year)}
            for t in teams_for(user).prefetch_related("recognitions")]
    return sorted(rows, key=lambda r: -r["total_tax"])

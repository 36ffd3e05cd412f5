"""Monthly operation reports (楼宇运营) from 2023-01 to December of the demo's last year, consistent with the
tenancies (the generator cuts them at its as-of month)."""
from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass

from .plan import BuildingSpec
from .population import PO, RP, Occ


def periods(last_year: int) -> list[dt.date]:
    return [dt.date(y, m, 1) for y in range(2023, last_year + 1) for m in range(1, 13)]


@dataclass
class ReportSpec:
    building: BuildingSpec
    period: dt.date
    leasable_area: float
    leased_area: float
    average_rent: float
    present_count: int


def operation_reports(buildings: list[BuildingSpec], occs: list[Occ], rng: random.Random, last_year: int = 2024) -> list[ReportSpec]:
    present: dict[int, list[Occ]] = {}
    for o in occs:
        if o.kind in (RP, PO) and o.area:
            present.setdefault(o.building.idx, []).append(o)
    reports = []
    for b in buildings:
        if not b.reports:
            continue
        leasable = round(b.office_area * rng.uniform(0.96, 1.0), 2)  # units cover ≤95 % of office area
        rent, drift = b.rent, rng.uniform(-0.004, 0.006)
        for period in periods(last_year):
            day = period.replace(day=calendar.monthrange(period.year, period.month)[1]).toordinal()
            active = [o for o in present.get(b.idx, ()) if o.active_on(day)]
            leased = min(leasable, round(sum(o.area for o in active), 2))
            rent = min(6.0, max(1.5, rent * (1 + drift + rng.gauss(0, 0.004))))
            reports.append(ReportSpec(b, period, leasable, leased, round(rent, 2), len({o.enterprise for o in active})))
    return reports

"""Matching 附件1: which buildings are 亿元楼宇 in which year, and the taxes that make them so.

A building's annual 全口径税收 is the sum over the months m of the year of the tax of the enterprises
whose registered tenancy (注册且办公 or 仅注册) there is active on the last day of m. For each district we
pick (累计 − 新增) buildings over 1亿 in 2022 and 2023, 新增 buildings over it first in 2023, and in every
later year up to the demo's last one a few more crossing it for the first time (about as many as the
district's 附件1 新增); every other building/year is held under CAP by scaling its tenants' tax down,
and each target building gets one to three anchor taxpayers whose tax tops it up to its level.
"""
from __future__ import annotations

import calendar
import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from .plan import AREA_10K, TENANTED, BuildingSpec, DistrictInfo
from .population import Ent, Occ, month_index
from .taxes import FIRST_YEAR, SEASON

THRESHOLD = 100_000_000.0  # 1亿元
CAP = 80_000_000.0  # every building/year that must stay under 1亿 stays under this
FLOOR = 115_000_000.0  # every building/year that must be over 1亿 is at least this
TIERS = {"工业园区": [(10.5e8, 13e8)] * 2 + [(5.3e8, 8e8)] * 3, "张家港市": [(5.2e8, 6.5e8)], "昆山市": [(5.2e8, 6.5e8)]}


def choose_targets(buildings: list[BuildingSpec], districts: list[DistrictInfo], rng: random.Random,
                   last_year: int = 2024) -> None:
    """Set role and yearly levels of the buildings that must be 亿元楼宇 (A: from 2022, N: new in 2023,
    R: new in a later year); once over 1亿 a building stays over it to `last_year`."""
    later = range(2024, last_year + 1)
    for d in districts:
        own = [b for b in buildings if b.district is d]
        a_pool = [b for b in own if b.counts_10k and b.completion_year <= 2020]
        n_pool = [b for b in own if b.counts_10k]
        # Later crossings come from buildings open since 2021 at the latest: their anchors pay a whole 2022, so the
        # year before a crossing is a full year of the building's own pattern (what the forecast projects from).
        r_pool = [b for b in own if b.status in TENANTED and b.office_area >= AREA_10K and b.completion_year <= 2021]
        tiers = list(TIERS.get(d.name, []))
        for b in sorted(_weighted_sample(rng, a_pool, d.cumulative_100m - d.new_100m), key=lambda b: (-b.office_area, b.idx)):
            lo, hi = tiers.pop(0) if tiers else (1.2e8, 2.6e8)
            base = rng.uniform(lo, hi)
            growth = rng.uniform(0.96, 1.10)
            b.role, b.levels = "A", {y: max(FLOOR, base * growth ** (y - 2022)) for y in range(2022, last_year + 1)}
            if rng.random() < 0.75:
                b.levels[2021] = max(FLOOR, base / growth)
        for b in _weighted_sample(rng, [b for b in n_pool if not b.role], d.new_100m):
            level = rng.uniform(1.2e8, 1.9e8)
            b.role, b.levels = "N", {2023: level, **_grown(rng, level, later)}
        for year in later:
            pool = [b for b in r_pool if not b.role]
            k = max(0, d.new_100m + rng.choice((-2, -1, -1, 0, 0, 1)))
            for b in _weighted_sample(rng, pool, min(k, len(pool))):
                level = rng.uniform(1.2e8, 1.6e8)
                b.role, b.levels = "R", {year: level, **_grown(rng, level, range(year + 1, last_year + 1))}


def _grown(rng: random.Random, level: float, years) -> dict[int, float]:
    """A 亿元楼宇's later years: growing or slightly falling, never back under 1亿 (FLOOR)."""
    out = {}
    for year in years:
        level = max(FLOOR, level * rng.uniform(0.98, 1.15))
        out[year] = level
    return out


def _weighted_sample(rng: random.Random, pool: list[BuildingSpec], k: int) -> list[BuildingSpec]:
    if k > len(pool):
        raise ValueError(f"可选楼宇不足：需要 {k} 幢，仅有 {len(pool)} 幢")
    pool, chosen = list(pool), []
    for _ in range(k):
        weights = [b.office_area ** 1.2 * (1.5 if b.is_key else 1.0) for b in pool]
        chosen.append(pool.pop(rng.choices(range(len(pool)), weights=weights)[0]))
    return chosen


def mark_roles(buildings: list[BuildingSpec], districts: list[DistrictInfo], rng: random.Random, leans: dict) -> None:
    """Featured buildings (附件1's 新增特色产业楼宇 count per district), 集群登记 addresses,
    and the ~60 % of ≥1万㎡ buildings that file monthly operation reports."""
    for d in districts:
        own = [b for b in buildings if b.district is d]
        pool = [b for b in own if b.counts_10k and not b.role]
        for i, b in enumerate(_weighted_sample(rng, pool, min(d.new_featured, len(pool)))):
            b.featured = leans[d.name][i % len(leans[d.name])]
        small = [b for b in own if b.status in TENANTED and b.completion_year <= 2022 and not b.role and not b.featured]
        named = [b for b in small if "园" in b.name] or small
        for b in rng.sample(named, min(len(named), 1 + (d.office_10k > 40))):
            b.cluster = True
        for b in own:
            b.reports = b.counts_10k and rng.random() < 0.6


def registered_spans(ents: list[Ent], occs: list[Occ], months: int) -> list[list[tuple[int, int, int]]]:
    """Per enterprise: (building idx, first month, end month exclusive) of each registered tenancy, where a
    month counts when the tenancy is active on its last day."""
    spans = []
    for ent in ents:
        own = []
        for j in ent.occs:
            o = occs[j]
            if o.kind == "present_only":
                continue
            a = max(0, month_index(o.move_in))
            b = months if o.move_out is None else min(months, month_index(o.move_out))
            if b > a:
                own.append((o.building.idx, a, b))
        spans.append(own)
    return spans


def building_totals(spans, series, n_buildings: int, n_years: int, only=None) -> list[list[float]]:
    """totals[building][year 0..n_years-1] from monthly series (None for enterprises without tax)."""
    totals = [[0.0] * n_years for _ in range(n_buildings)]
    for e, own in enumerate(spans):
        s = series[e]
        if s is None or (only is not None and not only(e)):
            continue
        for bidx, a, b in own:
            row = totals[bidx]
            for y in range(a // 12, (b - 1) // 12 + 1):
                row[y] += sum(s[max(a, 12 * y):min(b, 12 * y + 12)])
    return totals


def calibrate(buildings: list[BuildingSpec], ents: list[Ent], occs: list[Occ], series, rng: random.Random, n_years: int):
    """Hold non-target building/years under CAP, then give anchors the tax that lifts targets to their level."""
    spans = registered_spans(ents, occs, 12 * n_years)

    def ordinary(e: int) -> bool:
        return ents[e].kind != "anchor"

    contributors = defaultdict(list)
    for e, own in enumerate(spans):
        if ents[e].kind != "anchor" and series[e] is not None:
            for bidx, a, b in own:
                contributors[bidx].append((e, a, b))
    for _ in range(20):
        totals = building_totals(spans, series, len(buildings), n_years, ordinary)
        over = [(b, y) for b in buildings for y in range(n_years)
                if FIRST_YEAR + y not in b.levels and totals[b.idx][y] > CAP]
        if not over:
            break
        for b, y in over:
            factor = CAP * 0.97 / totals[b.idx][y]
            for e, a, end in contributors[b.idx]:
                if a < 12 * y + 12 and end > 12 * y:
                    s = series[e]
                    for m in range(12 * y, 12 * y + 12):
                        s[m] *= factor
    else:  # pragma: no cover - the loop converges in a few passes
        raise RuntimeError("税收校准未收敛")
    anchors = defaultdict(list)
    for e, ent in enumerate(ents):
        if ent.kind == "anchor":
            anchors[ent.anchor_of.idx].append(e)
    for b in buildings:
        if b.idx in anchors:
            _fund_anchors(b, anchors[b.idx], spans, series, totals[b.idx], rng)
    return building_totals(spans, series, len(buildings), n_years)


def _fund_anchors(b: BuildingSpec, anchor_ids: list[int], spans, series, ordinary: list[float], rng: random.Random):
    weights = {e: rng.uniform(0.5, 1.5) for e in anchor_ids}
    for y in range(len(ordinary)):
        level = b.levels.get(FIRST_YEAR + y)
        need = max(level - ordinary[y], 0.25 * level) if level else rng.uniform(0.25, 0.7) * (CAP - ordinary[y])
        active = {e: [m for m in range(12 * y, 12 * y + 12) if spans[e] and spans[e][0][1] <= m < spans[e][0][2]]
                  for e in anchor_ids}
        active = {e: months for e, months in active.items() if months}
        total_w = sum(weights[e] for e in active)
        for e, months in active.items():
            shape = [SEASON[m % 12] * rng.lognormvariate(0, 0.15) for m in months]
            share = need * weights[e] / total_w / sum(shape)
            for m, s in zip(months, shape):
                series[e][m] = share * s


def counts_by_district(buildings: list[BuildingSpec], totals) -> dict[str, dict[int, int]]:
    years = [FIRST_YEAR + i for i in range(len(totals[0]) if totals else 0)]
    counts: dict[str, dict[int, int]] = {}
    for b in buildings:
        row = counts.setdefault(b.district.name, {y: 0 for y in years})
        for i, y in enumerate(years):
            row[y] += totals[b.idx][i] >= THRESHOLD
    return counts


def hundred_million_counts_from_db(batch, years=(2022, 2023)) -> dict[str, dict[int, int]]:
    """亿元楼宇 per district and year, recomputed in plain Python from the stored rows of one demo batch
    (independently of the indicator engine)."""
    from louyu.buildings.models import Building
    from louyu.enterprises.models import REGISTERED_KINDS, TaxRecord, Tenancy

    districts = dict(Building.objects.filter(source_batch_id=batch.pk).values_list("id", "district__name"))
    tenancies = defaultdict(list)
    for ent, bld, move_in, move_out in Tenancy.objects.filter(source_batch_id=batch.pk, kind__in=REGISTERED_KINDS).values_list(
            "enterprise_id", "building_id", "move_in", "move_out"):
        tenancies[ent].append((bld, move_in, move_out))
    totals: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for year in years:
        for month in range(1, 13):  # a month at a time: bounded memory at any scale
            last = last_day(year, month)
            rows = TaxRecord.objects.filter(source_batch_id=batch.pk, period=last.replace(day=1)).order_by()
            for ent, tax in rows.values_list("enterprise_id", "total_tax"):
                for bld, move_in, move_out in tenancies.get(ent, ()):
                    if move_in <= last and (move_out is None or move_out > last):
                        totals[(bld, year)] += tax
    counts = {name: {y: 0 for y in years} for name in sorted(set(districts.values()))}
    for (bld, year), total in totals.items():
        if total >= Decimal("100000000.00") and bld in districts:
            counts[districts[bld]][year] += 1
    return counts


def last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])

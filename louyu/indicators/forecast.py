"""★ Year-end forecast of 亿元楼宇 from the months imported so far (method and backtest: docs/indicators.md).

Per building, from the engine's stored monthly facts (BuildingMonth — attribution is never re-derived here):
- year to date (YTD) = the year's tax in months 1..m;
- the remaining months = last year's tax in months m+1..12 × the building's growth so far (YTD ÷ last year's
  months 1..m): last year's seasonality scaled by the building's own level this year. A building without a
  usable last year — none, not all twelve months, or lopsided (its months 1..m under half the share they hold
  in the district's year: a big taxpayer arrived mid-year) — takes its own monthly average this year, spread by
  its district's seasonality;
- uncertainty: the remaining months are log-normal around that projection, σ from the spread of the building's
  own month-by-month growth (σ_m), σ = σ_m·√(1/m + 1/(12−m)), kept within [SIGMA_MIN, SIGMA_MAX];
- P(annual ≥ threshold) for 1亿/5亿/10亿 (the engine's thresholds and comparison).
Per district and for the city: expected 累计/新增亿元楼宇 = Σ P, their distribution (Poisson binomial, exact)
gives the 10–90 % range and the likelihood of reaching the target in force (the city's over all its buildings,
never the sum of the district ranges).

`monthly_tax` is the one function that reads per-building tax; per-building rows leave this module only
through `visible_rows`, which asks louyu.core.permissions what the user may see.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from louyu.core import permissions

from . import definitions
from .models import BuildingMonth, BuildingYear

DEFAULTS = {
    "SIGMA_MIN": 0.03, "SIGMA_MAX": 1.0, "SIGMA_DEFAULT": 0.25,  # σ without enough months to measure it
    "SIGMA_SCALE": 1.5,  # widens σ when a backtest shows the 10–90 % range holding too few actual years
    # 梯度培育 ladder below 1亿, in 元, highest first (准亿元楼宇)
    "LADDER": (50_000_000, 30_000_000, 10_000_000),
    "RANGE": (0.1, 0.9),  # the quantiles shown as the range of an expected count
    "LOPSIDED": 0.5,  # last year's months 1..m below this × their usual share: project from the own run rate
}


# The backtest's bounds (docs/indicators.md states them; louyu/indicators/tests/test_forecast.py holds the demo
# data to them): months known → largest median absolute % error of buildings ≥1千万, largest mean absolute
# error of a district's expected 累计亿元楼宇 (幢).
BACKTEST_BOUNDS = {6: {"median_ape": 0.10, "district_cumulative_mae": 0.5}, 9: {"median_ape": 0.06, "district_cumulative_mae": 0.3}}


def config() -> dict:
    return {**DEFAULTS, **(getattr(settings, "LOUYU_FORECAST", {}) or {})}


@dataclass
class BuildingForecast:
    building_id: int
    district_id: int
    ytd: float
    expected: float
    low: float
    high: float
    prior_total: float | None
    prior_is_100m: bool
    sigma: float
    p: dict = field(default_factory=dict)  # tier (1, 5, 10) → probability of reaching it

    @property
    def gap_to_100m(self) -> float:
        return max(float(definitions.config()["HUNDRED_MILLION"]) - self.expected, 0.0)


def monthly_tax(year: int) -> dict[int, dict]:
    """{building: {"district": id, "months": {1..12: tax}}} for `year` — the only read of per-building tax."""
    out: dict[int, dict] = {}
    for building, district, period, tax in (BuildingMonth.objects.filter(year=year)
                                             .values_list("building_id", "district_id", "period", "total_tax")):
        entry = out.setdefault(building, {"district": district, "months": {}})
        entry["months"][period.month] = float(tax)
    return out


def _normal_cdf(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def probability_at_least(ytd: float, rest: float, sigma: float, threshold: float) -> float:
    """P(ytd + rest·e^ε ≥ threshold), ε ~ N(0, σ²)."""
    need = threshold - ytd
    if need <= 0:
        return 1.0
    if rest <= 0:
        return 0.0
    return 1 - _normal_cdf((math.log(need) - math.log(rest)) / sigma)


def _sigma(now: dict, before: dict, m: int, cfg: dict) -> float:
    ratios = [math.log(now[i] / before[i]) for i in range(1, m + 1) if now.get(i, 0) > 0 and before.get(i, 0) > 0]
    if len(ratios) < 3:
        spread = cfg["SIGMA_DEFAULT"]
    else:
        mean = sum(ratios) / len(ratios)
        spread = math.sqrt(sum((r - mean) ** 2 for r in ratios) / (len(ratios) - 1))
    sigma = cfg["SIGMA_SCALE"] * spread * math.sqrt(1 / m + 1 / (12 - m)) if m < 12 else 0.0
    return min(max(sigma, cfg["SIGMA_MIN"]), cfg["SIGMA_MAX"])


def _season_shares(prior: dict[int, dict]) -> dict:
    """Per district (and None for the city): each month's share of last year's tax."""
    totals: dict = defaultdict(lambda: [0.0] * 13)
    for entry in prior.values():
        for key in (entry["district"], None):
            for month, tax in entry["months"].items():
                totals[key][month] += tax
    shares = {}
    for key, months in totals.items():
        whole = sum(months)
        shares[key] = [t / whole for t in months] if whole > 0 else [1 / 12] * 13
    return shares


def forecast_buildings(year: int, through_month: int) -> list[BuildingForecast]:
    """Every building with tax facts in `year`, forecast from months 1..through_month."""
    cfg, tiers = config(), definitions.tier_thresholds()
    m = through_month
    now, prior = monthly_tax(year), monthly_tax(year - 1)
    shares = _season_shares(prior)
    prior_100m = set(BuildingYear.objects.filter(year=year - 1, is_100m=True).values_list("building_id", flat=True))
    out = []
    for building, entry in now.items():
        months = entry["months"]
        ytd = sum(t for i, t in months.items() if i <= m)
        before = prior.get(building, {}).get("months", {})
        before_ytd = sum(t for i, t in before.items() if i <= m)
        before_rest = sum(t for i, t in before.items() if i > m)
        full_prior = len(before) == 12
        share = shares.get(entry["district"]) or shares.get(None) or [1 / 12] * 13
        done = sum(share[1:m + 1])
        # last year's months 1..m under half their usual share: a taxpayer arrived mid-year, its shape says nothing
        lopsided = before_ytd + before_rest > 0 and before_ytd / (before_ytd + before_rest) < cfg["LOPSIDED"] * done
        if m >= 12:
            rest = 0.0
        elif full_prior and before_ytd > 0 and ytd > 0 and not lopsided:
            rest = before_rest * ytd / before_ytd
        else:
            rest = ytd / done * (1 - done) if done > 0 else ytd / m * (12 - m)
        rest = max(rest, 0.0)
        sigma = _sigma(months, before, m, cfg) if m < 12 else 0.0
        p = {tier: (1.0 if ytd + rest >= float(amount) else 0.0) if sigma == 0 else
             probability_at_least(ytd, rest, sigma, float(amount)) for tier, amount in tiers}
        z = 1.2816  # the 10 % and 90 % quantiles of the normal
        out.append(BuildingForecast(
            building_id=building, district_id=entry["district"], ytd=ytd, expected=ytd + rest,
            low=ytd + rest * math.exp(-z * sigma), high=ytd + rest * math.exp(z * sigma),
            prior_total=sum(before.values()) if full_prior else None, prior_is_100m=building in prior_100m, sigma=sigma, p=p))
    return out


def count_distribution(probabilities: list[float]) -> list[float]:
    """P(count = k), k = 0..n, for independent events (Poisson binomial, exact). A certain event (p = 0 or 1:
    most buildings, far from the threshold) only shifts the count, so the quadratic recurrence runs over the
    uncertain ones alone (at city ×10, 25 of 586 buildings) and the page's cost stays linear in buildings."""
    certain = sum(1 for p in probabilities if p >= 1.0)
    dist = [1.0]
    for p in probabilities:
        if not 0.0 < p < 1.0:
            continue
        nxt = [0.0] * (len(dist) + 1)
        for k, q in enumerate(dist):
            nxt[k] += q * (1 - p)
            nxt[k + 1] += q * p
        dist = nxt
    return [0.0] * certain + dist + [0.0] * (len(probabilities) + 1 - certain - len(dist))


def _quantile(dist: list[float], q: float) -> int:
    acc = 0.0
    for k, p in enumerate(dist):
        acc += p
        if acc >= q - 1e-12:
            return k
    return len(dist) - 1


def summarise(probabilities: list[float], target: int | None) -> dict:
    cfg = config()
    dist = count_distribution(probabilities)
    lo, hi = cfg["RANGE"]
    return {"expected": sum(probabilities), "low": _quantile(dist, lo), "high": _quantile(dist, hi),
            "p_target": None if target is None else sum(dist[target:]) if target < len(dist) else 0.0}


def district_forecast(year: int, through_month: int, buildings: list[BuildingForecast] | None = None) -> dict[int, dict]:
    """Per district: expected 累计/新增亿元楼宇 with a range and the likelihood of reaching the target in force."""
    from louyu.programme.models import AnnualTarget  # the targets in force

    buildings = forecast_buildings(year, through_month) if buildings is None else buildings
    lowest = definitions.tier_thresholds()[-1][0]
    targets = {t.district_id: t for t in AnnualTarget.objects.filter(year=year)}
    by_district: dict[int, list[BuildingForecast]] = defaultdict(list)
    for b in buildings:
        by_district[b.district_id].append(b)
    out = {}
    for district, rows in by_district.items():
        target = targets.get(district)
        out[district] = {
            "cumulative": summarise([b.p[lowest] for b in rows], target.cumulative_100m if target else None),
            "new": summarise([b.p[lowest] for b in rows if not b.prior_is_100m], target.new_100m if target else None),
            "version": target.version if target else None,
        }
    return out


def visible_rows(user, rows: list[BuildingForecast]) -> list[BuildingForecast]:
    """The per-building rows `user` may see (per-building tax is need-to-know: louyu.core.permissions decides)."""
    if permissions.sees_every_row(user, BuildingYear):
        return rows
    ids = set(permissions.restrict(BuildingYear.objects.filter(building_id__in=[r.building_id for r in rows]), user,
                                   permissions.VIEW).values_list("building_id", flat=True))
    return [r for r in rows if r.building_id in ids]


def closest_to_threshold(rows: list[BuildingForecast], limit: int = 10) -> list[BuildingForecast]:
    """Buildings expected just under 1亿, smallest gap first (差 N 万元达亿元)."""
    yi = float(definitions.config()["HUNDRED_MILLION"])
    under = [r for r in rows if r.expected < yi]
    return sorted(under, key=lambda r: yi - r.expected)[:limit]


def ladder(rows: list[BuildingForecast]) -> list[dict]:
    """梯度培育: buildings expected under 1亿 by rung (≥5千万, ≥3千万, ≥1千万 by default), with the count last
    year at the same rung and each building's year-on-year change."""
    yi = float(definitions.config()["HUNDRED_MILLION"])
    rungs = sorted(config()["LADDER"], reverse=True)
    out, upper = [], yi
    for floor in rungs:
        now = [r for r in rows if floor <= r.expected < upper]
        before = sum(1 for r in rows if r.prior_total is not None and floor <= r.prior_total < upper)
        out.append({"floor": floor, "ceiling": upper, "buildings": sorted(now, key=lambda r: -r.expected),
                    "count": len(now), "prior_count": before})
        upper = floor
    return out


def yoy(row: BuildingForecast) -> Decimal | None:
    if not row.prior_total:
        return None
    return Decimal(str(round(row.expected / row.prior_total - 1, 4)))


def backtest(year: int, through_month: int) -> dict:
    """Forecast `year` from its first `through_month` months and compare with the year's stored facts."""
    rows = forecast_buildings(year, through_month)
    actual = {b: float(t) for b, t in BuildingYear.objects.filter(year=year).values_list("building_id", "total_tax")}
    actual_100m = set(BuildingYear.objects.filter(year=year, is_100m=True).values_list("building_id", flat=True))
    big = [r for r in rows if actual.get(r.building_id, 0) >= 10_000_000]
    errors = sorted(abs(r.expected - actual[r.building_id]) / actual[r.building_id] for r in big)
    lowest = definitions.tier_thresholds()[-1][0]
    brier = sum((r.p[lowest] - (r.building_id in actual_100m)) ** 2 for r in rows) / max(len(rows), 1)
    districts = district_forecast(year, through_month, rows)
    city = city_forecast(year, through_month, rows)
    counts = defaultdict(lambda: [0, 0])
    for r in rows:
        if r.building_id in actual_100m:
            counts[r.district_id][0] += 1
            counts[r.district_id][1] += int(not r.prior_is_100m)
    count_errors = [abs(d["cumulative"]["expected"] - counts[k][0]) for k, d in districts.items()]
    new_errors = [abs(d["new"]["expected"] - counts[k][1]) for k, d in districts.items()]
    inside = sum(1 for r in big if r.low <= actual[r.building_id] <= r.high)
    return {
        "year": year, "through_month": through_month, "buildings": len(big),
        "mape": sum(errors) / len(errors) if errors else 0.0,
        "median_ape": errors[len(errors) // 2] if errors else 0.0,
        "p90_ape": errors[int(len(errors) * 0.9)] if errors else 0.0,
        "coverage": inside / len(big) if big else 0.0,
        "brier": brier,
        "district_cumulative_mae": sum(count_errors) / len(count_errors) if count_errors else 0.0,
        "district_new_mae": sum(new_errors) / len(new_errors) if new_errors else 0.0,
        "city_cumulative": (city["cumulative"]["expected"], sum(c[0] for c in counts.values())),
        "city_new": (city["new"]["expected"], sum(c[1] for c in counts.values())),
        "city_cumulative_range": (city["cumulative"]["low"], city["cumulative"]["high"]),
        "city_new_range": (city["new"]["low"], city["new"]["high"]),
    }


def city_forecast(year: int, through_month: int, buildings: list[BuildingForecast] | None = None) -> dict:
    """The city's expected 累计/新增亿元楼宇 with its range and the likelihood of reaching the city's target (the
    roll-up of the districts' targets in force): the Poisson-binomial distribution of the count over every
    building's crossing probability, the same computation as a district's. The ends of district ranges do not
    add (each district at its 10 % quantile at once is far less likely than 10 %): the city's range is narrower
    than the sum of theirs."""
    from louyu.programme.models import AnnualTarget  # the targets in force

    buildings = forecast_buildings(year, through_month) if buildings is None else buildings
    lowest = definitions.tier_thresholds()[-1][0]
    targets = list(AnnualTarget.objects.filter(year=year).values_list("cumulative_100m", "new_100m"))
    cumulative = sum(t[0] for t in targets) if targets else None
    new = sum(t[1] for t in targets) if targets else None
    return {"cumulative": summarise([b.p[lowest] for b in buildings], cumulative),
            "new": summarise([b.p[lowest] for b in buildings if not b.prior_is_100m], new)}


def building_names(ids) -> dict[int, str]:
    from louyu.buildings.models import Building

    return dict(Building.objects.filter(pk__in=list(ids)).values_list("pk", "name"))

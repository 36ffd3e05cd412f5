"""Ranking vacant units for a demand: a registry of factors, each a small function that returns a score in
[0, 1] and the sentence that explains it; the weights are the city's configuration (investment.json).

Total = Σ weight × score ÷ Σ weight, shown as 0–100. Each factor has its own test.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from . import config


@dataclass(frozen=True)
class Context:
    """What the factors know beyond the demand and the unit, read once per ranking by the selector."""

    demand_category: object | None = None  # FeaturedCategory of the demand's industry, if any
    lead_category: dict = field(default_factory=dict)  # building id → its lead FeaturedCategory (indicator facts)
    tenant_share: dict = field(default_factory=dict)  # building id → share of current tenants in the demand's category/门类
    today: dt.date | None = None


@dataclass(frozen=True)
class FactorResult:
    key: str
    label: str
    weight: float
    score: float
    explanation: str


@dataclass(frozen=True)
class Match:
    unit: object
    score: float  # 0–100
    factors: tuple[FactorResult, ...]


FACTORS: dict[str, tuple[str, Callable]] = {}


def factor(key: str, label: str):
    def register(fn):
        FACTORS[key] = (label, fn)
        return fn
    return register


def _f(value) -> float:
    return float(value) if value is not None else 0.0


@factor("area", "面积匹配")
def area_fit(demand, unit, ctx: Context) -> tuple[float, str]:
    low, high, area = _f(demand.area_min), _f(demand.area_max), _f(unit.area)
    tolerance = config.settings()["ranking"]["area_tolerance"]
    if low <= area <= high:
        return 1.0, f"面积 {area:,.0f}㎡ 在需求 {low:,.0f}–{high:,.0f}㎡ 之内"
    if area > high and unit.divisible:
        # A divisible floor can be cut to size; a far larger one is a harder sell (the owner must split it).
        return (0.8, f"面积 {area:,.0f}㎡ 大于需求上限，但可分割") if area <= 3 * high else (0.5, f"面积 {area:,.0f}㎡ 远大于需求，需大幅分割")
    gap = (low - area) / low if area < low else (area - high) / high
    score = max(0.0, 1 - gap / tolerance)
    side = "小于需求下限" if area < low else "大于需求上限"
    return score, f"面积 {area:,.0f}㎡ {side} {gap:.0%}"


@factor("budget", "租金预算")
def budget_fit(demand, unit, ctx: Context) -> tuple[float, str]:
    if demand.budget_rent is None or unit.asking_rent is None:
        return 0.5, "租金预算或报价未填写，按中性计"
    budget, rent = _f(demand.budget_rent), _f(unit.asking_rent)
    if rent <= budget:
        return 1.0, f"报价 {rent:.2f} 元/㎡·天 不高于预算 {budget:.2f}"
    over = (rent - budget) / budget if budget else 1.0
    tolerance = config.settings()["ranking"]["budget_tolerance"]
    return max(0.0, 1 - over / tolerance), f"报价 {rent:.2f} 元/㎡·天 高出预算 {over:.0%}"


@factor("district", "意向地区")
def district_fit(demand, unit, ctx: Context) -> tuple[float, str]:
    if demand.district_id is None:
        return 1.0, "需求不限地区"
    if unit.building.district_id == demand.district_id:
        return 1.0, f"位于意向地区 {unit.building.district.name}"
    return 0.0, f"位于 {unit.building.district.name}，不在意向地区"


@factor("industry", "产业契合")
def industry_fit(demand, unit, ctx: Context) -> tuple[float, str]:
    """A law firm is steered to a 法律服务 building: the building's lead featured category first, then its
    current tenant mix (share of tenants in the demand's category, or its 门类 when it has none)."""
    building_id = unit.building_id
    lead = ctx.lead_category.get(building_id)
    if ctx.demand_category is not None and lead is not None and lead.pk == ctx.demand_category.pk:
        return 1.0, f"楼宇主导特色产业为“{lead.name}”，与需求行业一致"
    share = ctx.tenant_share.get(building_id, 0.0)
    if demand.industry_id is None:
        return 0.5, "需求未填行业，按中性计"
    score = min(1.0, share * 2)
    what = f"“{ctx.demand_category.name}”" if ctx.demand_category is not None else "同门类"
    return score, f"在驻企业中{what}企业占 {share:.0%}"


@factor("availability", "入驻时间")
def availability_fit(demand, unit, ctx: Context) -> tuple[float, str]:
    if demand.move_in_by is None:
        return 1.0, "需求未限定入驻时间"
    if unit.available_from <= demand.move_in_by:
        return 1.0, f"{unit.available_from:%Y-%m-%d} 起可入驻，早于期望 {demand.move_in_by:%Y-%m-%d}"
    late = (unit.available_from - demand.move_in_by).days
    grace = config.settings()["ranking"]["availability_grace_days"]
    return max(0.0, 1 - late / grace), f"{unit.available_from:%Y-%m-%d} 起可入驻，晚于期望 {late} 天"


def score(demand, unit, ctx: Context) -> Match:
    weights = config.settings()["ranking"]["weights"]
    results = []
    for key, (label, fn) in FACTORS.items():
        value, text = fn(demand, unit, ctx)
        results.append(FactorResult(key, label, float(weights.get(key, 0)), round(value, 4), text))
    total_weight = sum(r.weight for r in results) or 1.0
    total = sum(r.weight * r.score for r in results) / total_weight * 100
    return Match(unit=unit, score=round(total, 1), factors=tuple(results))


def rank(demand, units, ctx: Context) -> list[Match]:
    matches = [score(demand, unit, ctx) for unit in units]
    matches.sort(key=lambda m: (-m.score, m.unit.available_from, m.unit.pk))
    return matches[: config.settings()["ranking"]["top"]]


def as_decimal(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"))

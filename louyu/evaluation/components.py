"""地区评价: the indicator system as a registry of small component functions, weighted by the city's configuration
(cities/<city>/evaluation.json). Every component reads the indicator engine's facts (DistrictYear, 附件1 progress)
or the registers' data quality — nothing is re-derived here — and gives each district a value, a score 0–100
and where the value comes from.

Scores: rates are scored as themselves (completion, 入驻率, data quality: 100 × share, capped at 100); counts and
growths that have no natural 100 % are scored relative to the districts (best 100, worst 0, all equal 100).
Total = Σ weight × score / Σ weight over the components that have data for the district, so the components'
contributions (weight × score / Σ weight) add up to the total exactly.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Callable

from louyu.geo.reference import cities_dir, current_city_slug
from louyu.programme.selectors import key_task_completion


@dataclass
class Part:
    value: object  # what the source says (a rate, a count, a growth)
    score: float | None  # 0–100; None: no data for this district
    source: str  # where the value comes from, in words
    text: str = ""  # the value as users read it (percentages, counts with units)


COMPONENTS: dict[str, Callable] = {}
CALIBERS: dict[str, str] = {}  # code → how the component is measured and scored, in Chinese (shown on the page)


def component(code: str, caliber: str):
    def register(fn):
        COMPONENTS[code] = fn
        CALIBERS[code] = caliber
        return fn
    return register


def pct(value) -> str:
    return "—" if value is None else f"{float(value) * 100:.1f}%"


def _relative(values: dict) -> dict:
    """Scores 0–100 relative to the districts' values (None stays None)."""
    known = [float(v) for v in values.values() if v is not None]
    if not known:
        return {k: None for k in values}
    low, high = min(known), max(known)
    return {k: None if v is None else (100.0 if high == low else round(100 * (float(v) - low) / (high - low), 2))
            for k, v in values.items()}


def _rate(value) -> float | None:
    return None if value is None else round(min(float(value), 1.0) * 100, 2)


@component("target_completion", "附件1各列（有目标的列）完成率 min(实际÷目标, 1) 的平均；得分 = 100 × 平均完成率")
def target_completion(ctx) -> dict:
    """附件1目标完成率: the mean over 附件1's columns that have a target of min(actual ÷ target, 1)."""
    out = {}
    for row in ctx.progress:
        if row["district"] is None:
            continue
        rates = [min(c["completion"], Decimal(1)) for c in row["columns"] if c["completion"] is not None]
        mean = sum(rates) / len(rates) if rates else None
        out[row["district"].pk] = Part(mean, _rate(mean), f"附件1目标完成情况（{len(rates)} 项有目标）", pct(mean))
    return out


@component("tax_growth", "地区楼宇全口径税收与上年同期相比的增长率；按各地区相对位置计分")
def tax_growth(ctx) -> dict:
    """楼宇税收增长: the district's 全口径税收 growth on the same months of the prior year (relative score)."""
    values = {d: f.tax_growth for d, f in ctx.facts.items()}
    return {d: Part(v, s, "地区年度指标：全口径税收同比增长", pct(v)) for (d, v), s in zip(values.items(), _relative(values).values())}


@component("hundred_million_growth", "累计亿元楼宇较上年增加的幢数；按各地区相对位置计分")
def hundred_million_growth(ctx) -> dict:
    """亿元楼宇增长: 累计亿元楼宇 this year minus last year (relative score)."""
    values = {d: (f.cumulative_100m - ctx.prior[d].cumulative_100m) if d in ctx.prior else None for d, f in ctx.facts.items()}
    return {d: Part(v, s, "地区年度指标：累计亿元楼宇较上年增减", "—" if v is None else f"{v:+d} 幢") for (d, v), s in zip(values.items(), _relative(values).values())}


@component("occupancy", "地区入驻率（按商务办公面积加权）；得分 = 100 × 入驻率")
def occupancy(ctx) -> dict:
    """入驻率: the district's area-weighted 入驻率 (score = 100 × rate)."""
    return {d: Part(f.occupancy_rate, _rate(f.occupancy_rate), "地区年度指标：入驻率（面积加权）", pct(f.occupancy_rate)) for d, f in ctx.facts.items()}


@component("featured", "年末处于认定状态的特色产业楼宇幢数；按各地区相对位置计分")
def featured(ctx) -> dict:
    """特色产业楼宇: buildings recognised at the year's end (relative score)."""
    values = {d: f.featured_recognised for d, f in ctx.facts.items()}
    return {d: Part(v, s, "地区年度指标：已认定特色产业楼宇", f"{v} 幢") for (d, v), s in zip(values.items(), _relative(values).values())}


@component("events", "当年推介活动场数 ÷ 附件1 目标场数（封顶 100%）；得分 = 100 × 该比例")
def events(ctx) -> dict:
    """推介活动: the year's promotion events ÷ 附件1 target (capped at 100 %)."""
    out = {}
    for d, f in ctx.facts.items():
        target = ctx.targets.get(d)
        rate = None if not target or not target.promotion_events else Decimal(f.promotion_events) / target.promotion_events
        out[d] = Part(f.promotion_events, _rate(rate), f"活动登记：推介活动 {f.promotion_events} 场 / 目标 {target.promotion_events if target else '—'} 场",
                      f"{f.promotion_events} 场")
    return out


@component("key_tasks", "本地区重点任务分工（附件2 中由各县级市<区>人民政府承担的任务及本地区三年行动计划的责任分工）"
                       "在评价日（当年 12 月 31 日，年度进行中为当日）已完成或按期推进（未逾期、上一周期已报告）的比例；"
                       "得分 = 100 × 该比例；无分工的地区为无数据，权重分给其他指标")
def key_tasks(ctx) -> dict:
    """重点任务完成: the share of the district's assignments done or on schedule (the programme's own measure; a
    district without assignments has no data and its weight goes to the others)."""
    shares = key_task_completion(ctx.year)
    return {d: Part(shares.get(d), _rate(shares.get(d)), "重点任务进展", pct(shares.get(d))) for d in ctx.facts}


@component("data_quality", "数据质量得分：有坐标、有面积的楼宇比例，地址已匹配企业比例，按时报送运营数据的重点楼宇比例的平均 × 100")
def data_quality(ctx) -> dict:
    """数据及时性与完整性: 100 × the mean of the data-quality shares (louyu.evaluation.quality)."""
    return {d: Part(q.score, q.score, "数据质量：" + ("；".join(f"{label} {n}" for label, n in q.todo) or "无待办"),
                 "—" if q.score is None else f"{q.score:.1f} 分")
            for d, q in ctx.quality.items() if d in ctx.facts}


@lru_cache(maxsize=8)
def _load(slug: str) -> tuple[tuple[str, str, float], ...]:
    path = cities_dir() / slug / "evaluation.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for code, cfg in data["components"].items():
        if code not in COMPONENTS:
            raise ValueError(f"{path}: 未知的评价指标“{code}”（可选：{'、'.join(COMPONENTS)}）")
        out.append((code, cfg["label"], float(cfg["weight"])))
    return tuple(out)


def configured() -> tuple[tuple[str, str, float], ...]:
    """(code, label, default weight) of the current city's evaluation, in its file's order."""
    return _load(current_city_slug())


def default_weights() -> dict[str, float]:
    return {code: weight for code, _, weight in configured()}


def labels() -> dict[str, str]:
    return {code: label for code, label, _ in configured()}

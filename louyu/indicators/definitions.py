"""Every indicator the policy names, defined once: thresholds (configuration) and the small rules that
turn facts into labels. The engine's SQL takes its thresholds from `config()`; selectors, exports and
tests use the functions below — nothing else restates a threshold.

Override any threshold in settings: LOUYU_INDICATORS = {"HUNDRED_MILLION_INCLUSIVE": False, ...}.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

YI = Decimal("100000000.00")  # 1亿元

DEFAULTS: dict = {
    # 亿元楼宇: annual 全口径税收 ≥ 1亿元 (the policy's "超过1亿元"); False makes it strictly greater.
    "HUNDRED_MILLION": YI,
    "HUNDRED_MILLION_INCLUSIVE": True,
    # Tiers in 亿元, highest first: 10亿/5亿/1亿 (三(四) 一: 年度税收突破亿元、5亿元、10亿元).
    "TIERS": (10, 5, 1),
    # 商务办公1万㎡以上楼宇
    "OFFICE_AREA_MIN": Decimal("10000"),
    # 特色产业楼宇: candidate when 集聚度 ≥ 70 % and 入驻率 ≥ 70 %; reserve when 集聚度 ≥ 50 %.
    "FEATURED_CANDIDATE_CONCENTRATION": Decimal("0.70"),
    "FEATURED_CANDIDATE_OCCUPANCY": Decimal("0.70"),
    "FEATURED_RESERVE_CONCENTRATION": Decimal("0.50"),
    # Alerts (三(二) 跟踪监测)
    "ALERT_TAX_FALL": Decimal("0.30"),  # year-on-year fall (like-for-like months) of a building's tax
    "ALERT_TAX_FALL_MIN_PRIOR": Decimal("0"),  # ignore buildings whose prior-period tax is below this (元)
    "ALERT_TOP_TAXPAYERS": 10,  # a top-N taxpayer (tax in Y−1 and Y) ending its registered tenancy
    "ALERT_OCCUPANCY_FALL": Decimal("0.10"),  # 10 percentage points within a quarter
    "ALERT_AT_RISK_MIN_MONTHS": 3,  # year-to-date pace is judged from this many months on
    "ALERT_ZOMBIE_MONTHS": 12,  # occupies area, no positive tax for this many months
    "ALERT_YEARS": 2,  # alerts are detected for the latest N data years (older ones are history)
    # 税源集中: a building whose largest taxpayer gives more than this share of its annual tax is flagged.
    "CONCENTRATION_RISK_SHARE": Decimal("0.50"),
}

def config() -> dict:
    """The thresholds in force: defaults overridden by settings.LOUYU_INDICATORS."""
    merged = dict(DEFAULTS)
    merged.update(getattr(settings, "LOUYU_INDICATORS", {}) or {})
    for key in ("HUNDRED_MILLION", "OFFICE_AREA_MIN", "FEATURED_CANDIDATE_CONCENTRATION", "FEATURED_CANDIDATE_OCCUPANCY",
                "FEATURED_RESERVE_CONCENTRATION", "ALERT_TAX_FALL", "ALERT_TAX_FALL_MIN_PRIOR", "ALERT_OCCUPANCY_FALL",
                "CONCENTRATION_RISK_SHARE"):
        merged[key] = Decimal(str(merged[key]))
    merged["TIERS"] = tuple(sorted((int(t) for t in merged["TIERS"]), reverse=True))
    return merged


def cents(amount: Decimal) -> int:
    """元 → integer 分: the engine compares money in cents so SQLite's floating storage cannot blur 1亿."""
    return int((Decimal(amount) * 100).to_integral_value(ROUND_HALF_UP))


def hundred_million_op() -> str:
    return ">=" if config()["HUNDRED_MILLION_INCLUSIVE"] else ">"


def tier_thresholds() -> list[tuple[int, Decimal]]:
    """[(tier, threshold in 元)], highest first; the lowest tier uses the 亿元楼宇 threshold itself."""
    cfg = config()
    tiers = cfg["TIERS"]
    return [(tier, cfg["HUNDRED_MILLION"] if tier == tiers[-1] else YI * tier) for tier in tiers]


def is_100m(annual_tax: Decimal) -> bool:
    """亿元楼宇: annual tax at or over the threshold (strictly over when so configured)."""
    cfg = config()
    if cfg["HUNDRED_MILLION_INCLUSIVE"]:
        return cents(annual_tax) >= cents(cfg["HUNDRED_MILLION"])
    return cents(annual_tax) > cents(cfg["HUNDRED_MILLION"])


def tier_label(tier: int | None) -> str:
    """A tier in words as pages, exports and reports show it: 10亿元级, 5亿元级, 亿元级, or — (not 亿元楼宇)."""
    if not tier:
        return "—"
    return "亿元级" if tier == config()["TIERS"][-1] else f"{tier}亿元级"


def tax_tier(annual_tax: Decimal) -> int:
    """10, 5, 1 (亿) or 0; every tier uses the same comparison as 亿元楼宇."""
    inclusive = config()["HUNDRED_MILLION_INCLUSIVE"]
    value = cents(annual_tax)
    for tier, amount in tier_thresholds():
        threshold = cents(amount)
        if value > threshold or (inclusive and value == threshold):
            return tier
    return 0


def featured_status(concentration: Decimal | None, occupancy: Decimal | None) -> str:
    """'candidate' (候选), 'reserve' (储备) or ''."""
    cfg = config()
    c = concentration or Decimal(0)
    if c >= cfg["FEATURED_CANDIDATE_CONCENTRATION"] and occupancy is not None and occupancy >= cfg["FEATURED_CANDIDATE_OCCUPANCY"]:
        return "candidate"
    if c >= cfg["FEATURED_RESERVE_CONCENTRATION"]:
        return "reserve"
    return ""


def new_100m_known(year: int, first_tax_month) -> bool:
    """Whether 新增亿元楼宇 of `year` can be told: it compares with year − 1, which needs tax data for the whole of
    year − 1 (the first month with tax data is January of year − 1 or earlier). Otherwise 新增 is unknown
    (empty), not "every 亿元楼宇 of the year"."""
    return first_tax_month is not None and first_tax_month <= dt.date(year - 1, 1, 1)


def completion(actual: int | Decimal | None, target: int | Decimal | None) -> Decimal | None:
    """完成率 = actual / target (None when there is no target or the target is 0)."""
    if actual is None or not target:
        return None
    return (Decimal(actual) / Decimal(target)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def gap(actual: int | None, target: int | None) -> int | None:
    """差距 = target − actual, never below 0 (None without a target)."""
    if target is None:
        return None
    return max(int(target) - int(actual or 0), 0)


# 附件1 column → the DistrictYear field holding its actual. The building-count column of year Y's list
# counts at the end of Y−1 (附件1: "截止 2022 年" in the 2023 list).
PROGRESS_ACTUALS = {
    "office_buildings_10k": "office_buildings_10k_list",
    "new_100m": "new_100m",
    "cumulative_100m": "cumulative_100m",
    "new_featured": "new_featured",
    "renovated": "renovated",
    "promotion_events": "promotion_events",
}


def promotion_events(district_id: int, year: int) -> int:
    """举办楼宇推介活动: counted from the event register; before that register exists every count is 0."""
    return 0


def growth(current: Decimal | int | None, prior: Decimal | int | None) -> Decimal | None:
    """Year-on-year growth current / prior − 1 (None when prior is 0 or unknown)."""
    if current is None or prior in (None, 0):
        return None
    return Decimal(current) / Decimal(prior) - 1


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str  # as users see it
    unit: str
    fact: str  # where the engine stores it: model.field
    doc: str  # one-line summary; the full definition is in docs/indicators.md under the same name


INDICATORS: tuple[Indicator, ...] = (
    Indicator("total_tax", "全口径税收", "元", "BuildingYear.total_tax",
              "各月月末注册于该楼宇（注册且办公/仅注册）的企业当月税收之和"),
    Indicator("unattributed_tax", "未归属税收", "元", "UnattributedTax.total_tax / CityYear.unattributed_tax",
              "月末在任何楼宇都没有注册入驻的企业当月税收"),
    Indicator("is_100m", "亿元楼宇", "幢", "BuildingYear.is_100m", "年度全口径税收 ≥ 1亿元"),
    Indicator("tax_tier", "亿元楼宇等级", "级", "BuildingYear.tax_tier", "10（≥10亿）、5（≥5亿）、1（≥1亿）、0"),
    Indicator("cumulative_100m", "累计亿元楼宇", "幢", "DistrictYear.cumulative_100m", "当年为亿元楼宇的楼宇数"),
    Indicator("new_100m", "新增亿元楼宇", "幢", "DistrictYear.new_100m", "当年为亿元楼宇而上年不是的楼宇数"),
    Indicator("office_buildings_10k", "商务办公1万㎡以上楼宇数量", "幢", "DistrictYear.office_buildings_10k",
              "年末商务办公面积 ≥ 1万㎡、竣工年份 ≤ 当年且非规划/在建的楼宇数"),
    Indicator("occupancy_rate", "入驻率", "比率", "BuildingMonth.occupancy_rate / BuildingYear.occupancy_rate",
              "运营报告已租/可租面积；无报告时月末入驻面积/商务办公面积（上限 1）"),
    Indicator("present_count", "入驻企业数", "家", "BuildingYear.present_count", "年末有注册且办公或仅办公入驻的企业数"),
    Indicator("registered_count", "注册企业数", "家", "BuildingYear.registered_count", "年末有注册且办公或仅注册入驻的企业数"),
    Indicator("presence_rate", "落地率", "比率", "BuildingYear.presence_rate", "注册且办公企业数 / 注册企业数"),
    Indicator("tax_per_m2", "单位面积税收", "元/㎡", "BuildingYear.tax_per_m2", "年度税收 / 商务办公面积"),
    Indicator("growth", "同比增长", "比率", "BuildingYear.*_growth", "与上年同期相比的增长"),
    Indicator("industry_structure", "产业结构", "比率", "BuildingIndustryYear",
              "按国民经济行业门类和特色产业类别计的企业数、入驻面积、税收占比"),
    Indicator("concentration", "集聚度", "比率", "BuildingYear.concentration", "主导特色产业的三项占比中的最大值"),
    Indicator("lead_category", "主导特色产业", "", "BuildingYear.lead_category", "集聚度最高的特色产业类别"),
    Indicator("featured_status", "特色楼宇状态", "", "BuildingYear.featured_status", "候选、储备、已认定"),
    Indicator("new_featured", "新增特色产业楼宇", "幢", "DistrictYear.new_featured", "认定日期在当年的特色产业楼宇数"),
    Indicator("renovated", "改造存量楼宇", "幢", "DistrictYear.renovated", "当年完工的存量楼宇改造提升项目数"),
    Indicator("promotion_events", "举办楼宇推介活动", "场", "DistrictYear.promotion_events", "当年举办的推介活动场数"),
    Indicator("district_progress", "目标完成情况", "", "selectors.district_progress", "附件1 各列的实际、目标、完成率与差距"),
)

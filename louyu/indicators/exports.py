"""CSV exports that mirror the indicator pages (`louyu export building-indicators|district-progress`).

Money: 元 with two decimals; ratios: decimals in [0, 1] with four places; yes/no: 是/否. UTF-8 with BOM so
Excel opens the Chinese headers correctly. The intake app's `export` command dispatches here via EXPORTS.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from louyu.core import spreadsheets
from louyu.programme.models import TargetColumn

from . import selectors
from .engine import compute
from .models import BuildingYear, DistrictYear

BUILDING_COLUMNS = ["楼宇编码", "年度", "全口径税收(元)", "亿元楼宇等级", "是否新增亿元楼宇", "入驻企业数", "注册企业数",
                    "入驻率", "单位面积税收(元/㎡)", "主导特色产业", "集聚度", "特色楼宇状态"]


def progress_columns() -> list[str]:
    return ["地区"] + [f"{c.label}({part})" for c in TargetColumn for part in ("实际", "目标")]


def money(value) -> str:
    return "" if value is None else format(Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP), "f")


def ratio(value) -> str:
    return "" if value is None else format(Decimal(value).quantize(Decimal("0.0001"), ROUND_HALF_UP), "f")


def yes_no(value: bool | None) -> str:
    """是/否; empty when unknown (e.g. 新增 without a whole prior year of data)."""
    return "" if value is None else ("是" if value else "否")


def _ensure_facts(year: int) -> None:
    """A fresh database (after `louyu init` and imports, before any compute) still exports correct figures."""
    if not DistrictYear.objects.filter(year=year).exists() or not BuildingYear.objects.filter(year=year).exists():
        compute(year=year)


def _write(path, header: list[str], rows) -> int:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = spreadsheets.csv_writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def export_building_indicators(year: int, path, user=None) -> int:
    """One row per building with facts for `year` (district order, then code); returns the row count."""
    _ensure_facts(year)
    facts = selectors.building_year_facts(year=year, user=user)
    return _write(path, BUILDING_COLUMNS, (
        [f.building.code, f.year, money(f.total_tax), f.tax_tier, yes_no(f.is_new_100m), f.present_count,
         f.registered_count, ratio(f.occupancy_rate), money(f.tax_per_m2),
         f.lead_category.name if f.lead_category else "", ratio(f.concentration), f.featured_label]
        for f in facts.iterator(chunk_size=2000)
    ))


def export_district_progress(year: int, path, user=None) -> int:
    """One row per district in 附件1 order and a last row 全市合计; actual and target of each 附件1 column."""
    _ensure_facts(year)
    rows = selectors.district_progress(year)
    return _write(path, progress_columns(), (
        [row["name"]] + [v for cell in row["columns"] for v in (cell["actual"] if cell["actual"] is not None else "",
                                                              cell["target"] if cell["target"] is not None else "")]
        for row in rows
    ))


EXPORTS = {
    "building-indicators": export_building_indicators,
    "district-progress": export_district_progress,
}

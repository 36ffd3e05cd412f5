"""“导出 Excel” of what a leader's page shows: the cockpit's ranking and 附件1 progress, a district's progress,
a building's indicators — titled, with the 数据截至 date, the scope in the file name, numbers as numbers.

Every figure is read through the same selectors as the page (with the user, so the permission module
decides what is in the file); no cell is ever a formula.
"""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Iterable

from django.http import HttpResponse
from django.utils import timezone

from louyu.core.views import XLSX, _attachment
from louyu.indicators import selectors
from louyu.indicators.definitions import tier_label

Sheet = tuple[str, list[str], Iterable[list]]


def _cell(value):
    """Numbers stay numbers (Excel sums them); strings are typed as text below, so none becomes a formula."""
    if isinstance(value, Decimal):
        return float(value)
    return value


def workbook_response(*, title: str, scope: str, as_of: dt.date | None, sheets: list[Sheet]) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    as_of_text = f"{as_of.year}年{as_of.month}月" if as_of else "暂无税收数据"
    for name, headers, rows in sheets:
        sheet = workbook.create_sheet(name[:31])
        sheet.append([f"{title}（{scope}）· {name}"])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append([f"数据截至：{as_of_text}；导出时间：{timezone.localtime():%Y-%m-%d %H:%M}；来源：楼宇经济智慧平台指标事实表"])
        sheet.append(headers)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_cell(v) for v in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # a string is never evaluated, whatever it starts with
        for index, header in enumerate(headers, start=1):
            sheet.column_dimensions[sheet.cell(row=3, column=index).column_letter].width = max(10, min(28, len(header) * 2 + 2))
        sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = _attachment(f"{title}_{scope}_数据截至{as_of_text}.xlsx")
    response["Cache-Control"] = "no-store"
    return response


def ratio_pct(value):
    return None if value is None else round(float(value) * 100, 1)


def ranking_sheet(year: int, user) -> Sheet:
    headers = ["排名", "地区", "楼宇归属税收(元)", "同比(%)", "累计亿元楼宇", "新增亿元楼宇", "入驻率(%)", "单位面积税收(元/㎡)",
               "未归属税收(元)"]
    facts = sorted(selectors.district_year_facts(year), key=lambda f: f.total_tax, reverse=True)
    rows = ([rank, f.district.name, f.total_tax, ratio_pct(f.tax_growth), f.cumulative_100m, f.new_100m,
             ratio_pct(f.occupancy_rate), f.tax_per_m2, f.unattributed_tax] for rank, f in enumerate(facts, start=1))
    return ("各地排名", headers, rows)


def progress_sheet(year: int, district=None) -> Sheet:
    rows = selectors.district_progress(year, district=district)
    labels = [c["label"] for c in rows[0]["columns"]] if rows else []
    headers = ["地区"] + [f"{label}({part})" for label in labels for part in ("实际", "目标", "完成率%")]
    body = ([row["name"]] + [v for c in row["columns"] for v in (c["actual"], c["target"], ratio_pct(c["completion"]))]
            for row in rows)
    return (f"附件1完成情况{year}", headers, body)


def building_sheet(building, user) -> Sheet:
    headers = ["年度", "已计月数", "全口径税收(元)", "同比(%)", "亿元楼宇等级", "是否新增亿元楼宇", "入驻企业数", "注册企业数", "入驻率(%)",
               "单位面积税收(元/㎡)", "主导特色产业", "集聚度(%)", "特色楼宇状态"]
    history = selectors.building_history(building)
    rows = ([h.year, h.months, h.total_tax, ratio_pct(h.tax_growth), tier_label(h.tax_tier),
             "" if h.is_new_100m is None else ("是" if h.is_new_100m else "否"), h.present_count, h.registered_count,
             ratio_pct(h.occupancy_rate), h.tax_per_m2, h.lead_category.name if h.lead_category else "",
             ratio_pct(h.concentration), h.featured_label] for h in history)
    return ("楼宇指标", headers, rows)

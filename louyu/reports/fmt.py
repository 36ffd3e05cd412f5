"""How figures read in a report: 亿元/万元 with thousands separators, percentages, signed growth, Chinese dates.
Display only; the data stay in 元 and ratios as the engine stored them."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

YI = Decimal("100000000")
WAN = Decimal("10000")
DASH = "—"
CN_DIGITS = "〇一二三四五六七八九"


def yi(value, places: int = 2) -> str:
    if value is None:
        return DASH
    q = Decimal(1).scaleb(-places)
    return f"{(Decimal(value) / YI).quantize(q, ROUND_HALF_UP):,}"


def wan(value, places: int = 1) -> str:
    if value is None:
        return DASH
    q = Decimal(1).scaleb(-places)
    return f"{(Decimal(value) / WAN).quantize(q, ROUND_HALF_UP):,}"


def yuan(value) -> str:
    return DASH if value is None else f"{Decimal(value):,.2f}"


def count(value) -> str:
    return DASH if value is None else f"{int(value):,}"


def pct(value, places: int = 1) -> str:
    if value is None:
        return DASH
    q = Decimal(1).scaleb(-places)
    return f"{(Decimal(value) * 100).quantize(q, ROUND_HALF_UP)}%"


def signed_pct(value, places: int = 1) -> str:
    if value is None:
        return DASH
    text = pct(value, places)
    return f"+{text}" if Decimal(value) > 0 else text


def change_words(value) -> str:
    """'增长 12.3%' / '下降 4.5%' / '持平' / '无可比数据'."""
    if value is None:
        return "无可比数据"
    v = Decimal(value)
    if v > 0:
        return f"增长 {pct(v)}"
    if v < 0:
        return f"下降 {pct(-v)}"
    return "持平"


def cn_year(year: int) -> str:
    return "".join(CN_DIGITS[int(c)] for c in str(year))


def cn_month_line(day: dt.date) -> str:
    months = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
    return f"{cn_year(day.year)}年{months[day.month - 1]}月"


def date(day: dt.date | None) -> str:
    return DASH if day is None else f"{day.year} 年 {day.month} 月 {day.day} 日"


def month(day: dt.date | None) -> str:
    return DASH if day is None else f"{day.year} 年 {day.month} 月"

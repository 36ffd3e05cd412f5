"""Cell cleaning: what people type into government spreadsheets → exact Python values.

Every cleaner takes a raw cell (str, int, float, bool, datetime or None) and returns the clean value,
or raises CellError with the reason in Chinese. Empty cells give None. Full-width characters, U+3000,
thousands separators and trailing spaces are folded here, once.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone

EMPTY_MARKS = {"", "-", "--", "—", "——", "/", "／", "无", "空", "null", "NULL", "None", "N/A", "n/a", "#N/A"}


class CellError(ValueError):
    """A cell that cannot be read as its column requires; the message is the 原因 shown to the user."""


def nfkc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


# Full-width letters and digits → ASCII, U+3000 → space; Chinese punctuation（，：；）is kept in free text.
_WIDTH = {0xFF10 + i: 0x30 + i for i in range(10)}
_WIDTH.update({0xFF21 + i: 0x41 + i for i in range(26)})
_WIDTH.update({0xFF41 + i: 0x61 + i for i in range(26)})
_WIDTH.update({0x3000: 0x20, 0x00A0: 0x20})


def fold_width(text: str) -> str:
    return text if text.isascii() else text.translate(_WIDTH)


def text(raw, *, max_length: int | None = None) -> str:
    """Free text: full-width folded, whitespace runs (incl. U+3000) collapsed, trimmed. Empty → ""."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, (dt.datetime, dt.date)):
        raw = to_date(raw).isoformat()
    value = " ".join(fold_width(str(raw)).split())
    if value in EMPTY_MARKS:
        return ""
    if max_length is not None and len(value) > max_length:
        raise CellError(f"内容过长（最多{max_length}个字符，实际{len(value)}个）")
    return value


def code(raw, *, max_length: int | None = None) -> str:
    """A code (楼宇编码, 项目编码, 房号): full-width folded, every space removed (incl. U+3000)."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    value = "".join(nfkc(str(raw)).split())
    if max_length is not None and len(value) > max_length:
        raise CellError(f"编码过长（最多{max_length}个字符）")
    return value


def is_empty(raw) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        stripped = raw.strip()
        return stripped in EMPTY_MARKS or not "".join(nfkc(stripped).split())
    return False


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_PLAIN = re.compile(r"-?\d{1,15}(\.\d{1,6})?\Z")
# A number followed by a unit ("500万元", "1.2亿", "3000㎡"): the unit belongs in the header, once per column.
_NUMBER_WITH_UNIT = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(人民币元|百万元|千元|万元|亿元|元|万|亿|平方米|㎡|m2|m²)$")


def decimal(raw, *, factor: Decimal | None = None, places: int | None = 2, nonneg: bool = False,
            max_digits: int | None = None) -> Decimal | None:
    """An exact decimal. Floats from Excel are read by their shortest repr (12.3456 stays 12.3456);
    a unit factor (万元 → 元) multiplies exactly; the result is rounded half-up to `places`."""
    cls = raw.__class__
    if cls is str and _PLAIN.match(raw):  # the common case: an ordinary number written as text
        value = Decimal(raw)
    elif raw is None:
        return None
    elif cls is bool:
        raise CellError("应为数字")
    elif isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise CellError("应为数字")
        value = Decimal(repr(raw))
    elif isinstance(raw, (dt.date, dt.datetime)):
        raise CellError("应为数字，实际为日期")
    else:
        s = str(raw).strip()
        if not s.isascii():
            s = nfkc(s)
        s = s.replace(",", "").replace(" ", "").replace("，", "")
        if s in EMPTY_MARKS:
            return None
        negative = s.startswith("(") and s.endswith(")")  # accounting style (1,234.00)
        if negative:
            s = s[1:-1]
        if s.endswith("%") and len(s) > 1:  # 45% in a 形象进度(%) column; other units belong in the header
            s = s[:-1]
        if not _NUMBER.match(s):
            with_unit = _NUMBER_WITH_UNIT.match(s)
            if with_unit:
                unit = with_unit.group(1)
                if unit in ("m2", "m²", "平方米", "㎡"):
                    raise CellError("数值带有面积单位：请去掉单位只填数字（面积一律以㎡计）")
                raise CellError(f"数值带有单位“{unit}”：请去掉单位只填数字，或在该列表头末尾写明（{unit}）")
            raise CellError("应为数字")
        try:
            value = Decimal(s)
        except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
            raise CellError("应为数字") from exc
        if negative:
            value = -value
    if factor is not None and factor != 1:
        value = value * factor
    if places is not None:
        value = value.quantize(_QUANTUM[places], rounding=ROUND_HALF_UP)
    if nonneg and value < 0:
        raise CellError("不能为负数")
    if max_digits is not None and places is not None and abs(value) >= _LIMIT[max_digits - places]:
        raise CellError("数值过大")
    return value


_QUANTUM = {p: Decimal(1).scaleb(-p) for p in range(0, 10)}
_LIMIT = {d: Decimal(10) ** d for d in range(1, 40)}


def integer(raw, *, nonneg: bool = True, maximum: int | None = None) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise CellError("应为整数")
    if isinstance(raw, int):
        value = raw
    else:
        number = decimal(raw, places=None)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise CellError("应为整数")
        value = int(number)
    if nonneg and value < 0:
        raise CellError("不能为负数")
    if maximum is not None and value > maximum:
        raise CellError(f"数值过大（最大{maximum}）")
    return value


# --- dates and months ---------------------------------------------------------------------------------

_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?$")
_MONTH_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:月份?|月)?$")
EXCEL_EPOCH = dt.date(1899, 12, 30)


def excel_serial_to_date(serial: float) -> dt.date:
    if not 1 <= serial < 2958466:
        raise CellError("不是有效的 Excel 日期序列号")
    if serial < 61:  # Excel's fictitious 1900-02-29
        return dt.date(1899, 12, 31) + dt.timedelta(days=int(serial))
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def to_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _ymd(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CellError("日期不存在") from exc


def date(raw) -> dt.date | None:
    """2023-1-5, 2023/01/05, 2023年1月5日, 2023.1.5, 20230105, a date cell or an Excel serial (45000)."""
    if raw is None:
        return None
    if isinstance(raw, (dt.datetime, dt.date)):
        return to_date(raw)
    if isinstance(raw, bool):
        raise CellError("应为日期")
    if isinstance(raw, (int, float)):
        number = raw
    else:
        s = " ".join(nfkc(str(raw)).split())
        if s in EMPTY_MARKS:
            return None
        m = _DATE_TEXT.match(s)
        if m:
            return _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if not _NUMBER.match(s):
            raise CellError("日期格式无法识别（可用 2023-01-05、2023/1/5、2023年1月5日）")
        number = float(s) if "." in s else int(s)
    if isinstance(number, int) and 19000101 <= number <= 21001231:
        return _ymd(number // 10000, number // 100 % 100, number % 100)
    return excel_serial_to_date(float(number))


AMBIGUOUS_MONTH = ("所属期“{value}”无法确定是 1 月还是 10 月（表格把 2024.10 存成数字时会变成 2024.1）："
                   "请写成 2024-01 或 2024-10，或把该列设为文本")


def month(raw) -> dt.date | None:
    """A 所属期 as the first day of its month: 2023-01, 2023/1, 2023年1月, 202301, a date cell or serial."""
    if raw is None:
        return None
    if isinstance(raw, (dt.datetime, dt.date)):
        return to_date(raw).replace(day=1)
    if isinstance(raw, bool):
        raise CellError("应为年月")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, float) and 1900 < raw < 2101:  # 2024.3 typed as a number: read as the text "2024.3"
        raw = repr(raw)
    if isinstance(raw, int):
        if 190001 <= raw <= 210012:
            return _month(raw // 100, raw % 100)
        return date(raw).replace(day=1)
    s = "".join(nfkc(str(raw)).split())
    if s in EMPTY_MARKS:
        return None
    m = _MONTH_TEXT.match(s)
    if m:
        if re.fullmatch(r"\d{4}\.1", s):  # "2024.1" may be 2024.10 saved as a number by a spreadsheet
            raise CellError(AMBIGUOUS_MONTH.format(value=s))
        return _month(int(m.group(1)), int(m.group(2)))
    if s.isdigit() and len(s) == 6:
        return _month(int(s[:4]), int(s[4:]))
    try:
        return date(s).replace(day=1)
    except CellError as exc:
        raise CellError("所属期格式无法识别（可用 2023-01、2023/1、2023年1月、202301）") from exc


def _month(year: int, month_: int) -> dt.date:
    if not 1 <= month_ <= 12:
        raise CellError("月份应在1–12之间")
    return dt.date(year, month_, 1)


def today() -> dt.date:
    return timezone.localdate()


def not_future(value: dt.date | None, *, is_month: bool = False) -> dt.date | None:
    if value is None:
        return None
    limit = today().replace(day=1) if is_month else today()
    if value > limit:
        raise CellError("所属期不能晚于本月" if is_month else "日期不能晚于今天")
    return value


def year(raw) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, (dt.datetime, dt.date)):
        return raw.year
    if isinstance(raw, str):
        s = "".join(nfkc(raw).split()).rstrip("年")
        if s in EMPTY_MARKS:
            return None
        raw = s
    value = integer(raw)
    if value is not None and not 1900 <= value <= 2100:
        raise CellError("年份应在1900–2100之间")
    return value


# --- yes/no, choices, lists -----------------------------------------------------------------------------

TRUE_MARKS = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "☑", "有", "对"}
FALSE_MARKS = {"否", "n", "no", "false", "0", "×", "✗", "✘", "x", "☐", "无", "不是"}


def boolean(raw) -> bool | None:
    """是/否, Y/N, √/×, 1/0, TRUE/FALSE. Empty → None (the caller decides the default)."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    s = "".join(nfkc(str(raw)).split()).lower()
    if s == "" or s in ("-", "—", "/"):
        return None
    if s in TRUE_MARKS:
        return True
    if s in FALSE_MARKS:
        return False
    raise CellError("应为“是”或“否”（也可用 Y/N、√）")


def choice(raw, choices) -> str | None:
    """A TextChoices value from its Chinese label (运营) or its stored value (operating)."""
    s = text(raw)
    if not s:
        return None
    for value, label in choices:
        if s == label or s == value:
            return value
    compact = "".join(nfkc(s).split()).lower()
    for value, label in choices:
        if compact == "".join(nfkc(label).split()).lower():
            return value
    labels = {}
    for value, label in choices:
        labels.setdefault(value, label)  # the first label of a value is its name; later ones are synonyms
    raise CellError("取值无效，可选：" + "、".join(labels.values()))


def items(raw) -> list[str]:
    """A ；- or ;-separated list (别名, 楼栋)."""
    s = text(raw)
    if not s:
        return []
    s = s.replace(";", "；")
    return [part.strip() for part in s.split("；") if part.strip()]

"""Finding the header row of a messy sheet and mapping its columns to a kind's columns.

Handles title rows above the header, two-row headers with merged group cells, spaces and full-width
brackets in names, required-marks (*), aliases, and a unit in brackets that differs from the template's
(税收(万元) → factor 10000 to 元, exact).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

HEADER_SCAN_ROWS = 30

_BRACKETS = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")", "{": "(", "}": ")", "<": "(", ">": ")"})
_UNIT_TAIL = re.compile(r"^(.*?)\(([^()]*)\)$")

# Unit families: factor to the family's base unit.
MONEY_UNITS = {"元": 1, "人民币元": 1, "千元": 10**3, "万元": 10**4, "万": 10**4, "百万元": 10**6, "亿元": 10**8, "亿": 10**8}
AREA_UNITS = {"㎡": 1, "平方米": 1, "平米": 1, "万㎡": 10**4, "万平方米": 10**4, "万平米": 10**4}
RENT_UNITS = {"元/㎡·天": 1}
PERCENT_UNITS = {"%": 1}
FAMILIES = (MONEY_UNITS, AREA_UNITS, RENT_UNITS, PERCENT_UNITS)


def normalize(text) -> str:
    """A header cell as compared: NFKC, no whitespace, brackets unified, no required-marks, ASCII lower-case."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).translate(_BRACKETS)
    s = "".join(s.split()).lstrip("*※★").rstrip("*※★:：")
    return s.lower()


def normalize_unit(unit: str) -> str:
    u = unit.replace("单位:", "").replace("单位", "").replace("m²", "㎡").replace("m2", "㎡").replace("平方米", "㎡")
    u = u.replace("/(㎡·天)", "/㎡·天").replace("/㎡/天", "/㎡·天").replace("/㎡.天", "/㎡·天").replace("/㎡*天", "/㎡·天")
    u = u.replace("每平方米每天", "/㎡·天")
    return u


def split_unit(norm: str) -> tuple[str, str]:
    """'全口径税收(万元)' → ('全口径税收', '万元'); '税收/万元' → ('税收', '万元')."""
    m = _UNIT_TAIL.match(norm)
    if m:
        return m.group(1), normalize_unit(m.group(2))
    if "/" in norm:
        name, _, unit = norm.partition("/")
        if normalize_unit(unit) in _all_units():
            return name, normalize_unit(unit)
    return norm, ""


def _all_units() -> set[str]:
    return {u for family in FAMILIES for u in family}


def unit_factor(file_unit: str, canonical: str) -> Decimal | None:
    """How many canonical units one file unit is (万元 in a 元 column → 10000); None if not comparable."""
    file_unit, canonical = normalize_unit(file_unit), normalize_unit(canonical)
    for family in FAMILIES:
        if file_unit in family and canonical in family:
            return Decimal(family[file_unit]) / Decimal(family[canonical])
    return None


class HeaderError(Exception):
    pass


@dataclass
class Header:
    sheet: str
    rows: tuple[int, ...]  # Excel row numbers of the header (one or two rows)
    index: dict[str, int]  # column key → 0-based cell index
    labels: dict[str, str]  # column key → the header text as written in the file
    factors: dict[str, Decimal]
    ignored: list[str] = field(default_factory=list)
    texts: frozenset = frozenset()  # normalised header texts (to spot repeated header rows)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (column label, reason): file-level errors

    @property
    def last_row(self) -> int:
        return self.rows[-1]

    def score(self, kind) -> tuple[int, int]:
        required = sum(1 for c in kind.columns if c.required and c.key in self.index)
        return (required, len(self.index))


def _matcher(kind):
    """normalised name → column, from each column's name and aliases (also as written with their unit)."""
    table = {}
    for column in kind.columns:
        for alias in (column.header, *column.aliases):
            norm = normalize(alias)
            table.setdefault(norm, column)
            table.setdefault(split_unit(norm)[0], column)
    return table


def _cell_text(value) -> str:
    return "" if value is None else str(value).strip()


def _match(table, text: str):
    norm = normalize(text)
    if not norm:
        return None, "", ""
    column = table.get(norm)
    name, unit = split_unit(norm)
    if column is None:
        column = table.get(name)
    return column, name, unit


def _filled(rows: dict[int, list], merged, header_rows) -> dict[int, list]:
    """Header rows with merged ranges filled from their top-left cell (a group label spans its columns)."""
    filled = {r: list(rows.get(r, [])) for r in header_rows}
    for r1, c1, r2, c2 in merged:
        top = rows.get(r1, [])
        value = top[c1 - 1] if len(top) >= c1 else None
        if value is None:
            continue
        for r in header_rows:
            if r1 <= r <= r2:
                cells = filled[r]
                if len(cells) < c2:
                    cells.extend([None] * (c2 - len(cells)))
                for c in range(c1, c2 + 1):
                    if cells[c - 1] is None:
                        cells[c - 1] = value
    return filled


def detect(sheet_name: str, head: list[tuple[int, list]], merged, kind) -> Header | None:
    """The header among the first rows of a sheet, or None when no row names any column of `kind`."""
    table = _matcher(kind)
    rows = {number: cells for number, cells in head[:HEADER_SCAN_ROWS]}
    best, best_score = None, 0
    for number, cells in rows.items():
        filled = _filled(rows, merged, [number])[number]
        found = {col.key for col in (_match(table, _cell_text(v))[0] for v in filled) if col is not None}
        if len(found) > best_score:
            best, best_score = number, len(found)
    if best is None:
        return None
    header_rows = [best]
    if any(r1 == best - 1 and r2 >= best for r1, _, r2, _ in merged):
        # Cells merged down from the row above: that row is the header's first (group) row.
        header_rows.insert(0, best - 1)
        best -= 1
    below = best + 1
    if len(header_rows) == 1 and below in rows:
        filled = _filled(rows, merged, [best, below])
        top_keys = {c.key for c in (_match(table, _cell_text(v))[0] for v in filled[best]) if c}
        sub = [(_match(table, _cell_text(v))[0], v) for v in filled[below] if _cell_text(v)]
        new = [c for c, v in sub if c is not None and c.key not in top_keys]
        if new and sum(1 for c, _ in sub if c is not None) * 2 >= len(sub):
            header_rows.append(below)
    filled = _filled(rows, merged, header_rows)
    return _map(sheet_name, tuple(header_rows), filled, table)


def _map(sheet_name, header_rows, filled, table) -> Header:
    top = filled[header_rows[0]]
    sub = filled[header_rows[1]] if len(header_rows) > 1 else []
    width = max(len(top), len(sub))
    index, labels, factors, ignored, problems, texts = {}, {}, {}, [], [], set()
    for j in range(width):
        top_text = _cell_text(top[j]) if j < len(top) else ""
        sub_text = _cell_text(sub[j]) if j < len(sub) else ""
        column, name, unit = _match(table, sub_text) if sub_text else (None, "", "")
        label = sub_text
        if column is None:
            column, name, unit = _match(table, top_text)
            label = top_text
        elif not unit and top_text:
            unit = split_unit(normalize(top_text))[1]  # a merged group label "分税种(万元)" gives its unit
        if top_text:
            texts.add(normalize(top_text))
        if column is None:
            if label or top_text:
                ignored.append(label or top_text)
            continue
        if column.key in index:
            problems.append((label, f"列“{column.header}”出现了两次（第{index[column.key] + 1}列和第{j + 1}列）"))
            continue
        index[column.key], labels[column.key] = j, label
        factor = Decimal(1)
        if column.unit and unit:
            factor = unit_factor(unit, column.unit)
            if factor is None:
                problems.append((label, f"无法识别列“{label}”的单位“{unit}”（模板单位为{column.unit}）"))
                continue
        factors[column.key] = factor
    return Header(sheet_name, header_rows, index, labels, factors, ignored, frozenset(texts), problems)


def choose(candidates: list[Header], kind) -> Header | None:
    """The sheet whose header has the most required columns, then the most columns; the first on ties."""
    best = None
    for header in candidates:
        if header is not None and (best is None or header.score(kind) > best.score(kind)):
            best = header
    return best

"""The building register as the matcher sees it, and reading 楼宇/地址 files (csv or xlsx).

A register comes from the 楼宇 template (楼宇编码, 楼宇名称, 别名, 所属地区, 地址, 楼栋) or, once the
lead wires it, from the Building model: build `RegisterBuilding` objects either way.
"""
from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from louyu.geo.reference import CityRef, load_city, split_list


class TableError(ValueError):
    """A file the user gave cannot be read; the message is shown to the user as is (Chinese)."""


@dataclass(frozen=True)
class RegisterBuilding:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    district: str | None = None  # DistrictRef.name (附件1 spelling)
    address: str = ""
    towers: tuple[str, ...] = ()


REGISTER_COLUMNS = {
    "code": ("楼宇编码", "编码", "楼宇代码"),
    "name": ("楼宇名称", "名称", "楼宇"),
    "aliases": ("别名", "楼宇别名", "曾用名"),
    "district": ("所属地区", "所属区域", "地区", "区域", "所属区县"),
    "address": ("地址", "楼宇地址", "坐落地址"),
    "towers": ("楼栋", "楼座", "栋座"),
}
REGISTER_REQUIRED = ("code", "name", "aliases", "district", "address")


def _clean_header(value) -> str:
    return unicodedata.normalize("NFKC", str(value or "")).strip().lstrip("\ufeff").replace(" ", "")


def _decode(data: bytes, path: Path) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise TableError(f"无法识别文件 {path.name} 的编码：请另存为 UTF-8 或 GB18030 编码的 CSV。") from exc


def read_table(path: str | Path) -> list[dict[str, str]]:
    """Rows of a .csv (UTF-8 with/without BOM, or GB18030) or .xlsx/.xls file as header → text."""
    path = Path(path)
    if not path.is_file():
        raise TableError(f"找不到文件：{path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        try:
            from python_calamine import CalamineWorkbook

            sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        except Exception as exc:  # calamine raises its own error types
            raise TableError(f"无法读取 Excel 文件 {path.name}：{exc}") from exc
        rows = [["" if v is None else str(v) for v in row] for row in sheet]
    elif suffix in (".csv", ".txt", ""):
        text = _decode(path.read_bytes(), path)
        rows = list(csv.reader(io.StringIO(text)))
    else:
        raise TableError(f"不支持的文件类型 {path.suffix}：请使用 CSV 或 Excel（.xlsx）文件。")
    rows = [r for r in rows if any(str(c).strip() for c in r)]
    if not rows:
        raise TableError(f"文件 {path.name} 是空的。")
    header = [_clean_header(h) for h in rows[0]]
    out = []
    for row in rows[1:]:
        cells = [_int_text(c) for c in row] + [""] * (len(header) - len(row))
        out.append({h: cells[i] for i, h in enumerate(header) if h})
    return out


def _int_text(value) -> str:
    """Excel turns 编号 1 into '1.0'; give it back as '1'."""
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        return text[:-2]
    return text


def pick_columns(rows: list[dict[str, str]], wanted: dict[str, tuple[str, ...]], required, path) -> dict[str, str]:
    """Map each wanted field to the header present in the file; Chinese error when one is missing."""
    headers = list(rows[0].keys()) if rows else []
    found, missing = {}, []
    for field, names in wanted.items():
        header = next((n for n in names if n in headers), None)
        if header:
            found[field] = header
        elif field in required:
            missing.append(names[0])
    if missing:
        raise TableError(f"文件 {Path(path).name} 缺少必需的列：{'、'.join(missing)}"
                         f"（现有列：{'、'.join(headers) or '无'}）。")
    return found


def buildings_from_rows(rows: list[dict[str, str]], columns: dict[str, str],
                        city: CityRef | None = None) -> list[RegisterBuilding]:
    city = city or load_city()
    buildings = []
    for row in rows:
        code = row.get(columns["code"], "").strip()
        name = row.get(columns["name"], "").strip()
        if not code or not name:
            continue
        district_text = row.get(columns["district"], "").strip()
        district = city.resolve_district(district_text)
        buildings.append(RegisterBuilding(
            code=code, name=name, aliases=split_list(row.get(columns["aliases"], "")),
            district=district.name if district else (district_text or None),
            address=row.get(columns["address"], "").strip(),
            towers=split_list(row.get(columns.get("towers", ""), "")) if "towers" in columns else ()))
    return buildings


def load_register_file(path: str | Path, city: CityRef | None = None) -> list[RegisterBuilding]:
    """Read a 楼宇 template file (csv or xlsx) into register buildings."""
    rows = read_table(path)
    if not rows:
        raise TableError(f"楼宇文件 {Path(path).name} 没有数据行。")
    columns = pick_columns(rows, REGISTER_COLUMNS, REGISTER_REQUIRED, path)
    buildings = buildings_from_rows(rows, columns, city)
    if not buildings:
        raise TableError(f"楼宇文件 {Path(path).name} 中没有同时填写楼宇编码和楼宇名称的行。")
    return buildings

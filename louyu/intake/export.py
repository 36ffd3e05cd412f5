"""Exporting a register or feed to .xlsx or .csv with the import template's Chinese headers, so the file
re-imports to the identical state. Rows are what the user may see (restrict(…, "view")), streamed."""
from __future__ import annotations

import datetime as dt
import io
import os
from decimal import Decimal
from typing import IO, Callable, Iterable, Iterator

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from louyu.core import permissions, spreadsheets

from . import kinds

# Year exports other apps add to `louyu export` (the indicator engine registers building-indicators and
# district-progress in its AppConfig.ready): name → export(year, path, user=None) → rows written. The intake
# stays below the apps that compute figures: they point at it, never the other way.
YEAR_EXPORTS: dict[str, Callable[..., int]] = {}


def year_export_register(name: str, export: Callable[..., int]) -> None:
    YEAR_EXPORTS[name] = export


def export_rows(*, kind: str, user, queryset=None) -> tuple[list[str], Iterator[list]]:
    """(headers, rows) of `kind`; `user` None means a trusted system caller (the CLI without --user)."""
    spec = kinds.get(kind)
    qs = spec.export_queryset() if queryset is None else queryset
    if queryset is not None and getattr(spec, "select_related", ()):
        qs = qs.select_related(*spec.select_related)
    if user is not None:
        qs = permissions.restrict(qs, user, permissions.VIEW)
    columns = spec.export_columns(qs)
    if hasattr(spec, "export_values"):
        rows = spec.export_values(qs, columns)
    else:
        rows = (spec.export_row(obj, columns) for obj in qs.iterator(chunk_size=2000))
    return [c.header for c in columns], rows


def _fmt(path_or_name: str, fmt: str | None) -> str:
    if fmt:
        return fmt.lower().lstrip(".")
    ext = os.path.splitext(str(path_or_name))[1].lower().lstrip(".")
    return ext if ext in ("xlsx", "csv") else "xlsx"


def write_xlsx(headers: list[str], rows: Iterable[list], output, *, sheet_title: str = "数据") -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title[:31])
    for index, header in enumerate(headers, 1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(header) * 2 + 4))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for header in headers:
        cell = spreadsheets.as_text(WriteOnlyCell(sheet, value=header))
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    count = 0
    for row in rows:
        sheet.append(spreadsheets.xlsx_row(sheet, [_xlsx_value(v) for v in row]))
        count += 1
    book.save(output)
    return count


def _xlsx_value(value):
    if isinstance(value, Decimal):
        # Excel keeps 15 significant digits; beyond that write text, which re-imports exactly.
        return value if len(value.as_tuple().digits) <= 15 else format(value, "f")
    return value


def write_csv(headers: list[str], rows: Iterable[list], output: IO[str]) -> int:
    writer = spreadsheets.csv_writer(output)
    writer.writerow(headers)
    count = 0
    for row in rows:
        writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for v in row])
        count += 1
    return count


def export_file(*, kind: str, user, output, fmt: str | None = None, queryset=None) -> int:
    """Write the export to a path (format from its extension unless `fmt`) or a binary stream; rows written."""
    fmt = _fmt(output if isinstance(output, (str, os.PathLike)) else getattr(output, "name", ""), fmt)
    headers, rows = export_rows(kind=kind, user=user, queryset=queryset)
    if fmt == "csv":
        if isinstance(output, (str, os.PathLike)):
            with open(output, "w", encoding="utf-8-sig", newline="") as fh:
                return write_csv(headers, rows, fh)
        text = io.TextIOWrapper(output, encoding="utf-8-sig", newline="")
        try:
            return write_csv(headers, rows, text)
        finally:
            text.flush()
            text.detach()
    if fmt != "xlsx":
        raise ValueError(f"不支持的导出格式“{fmt}”（可用 .xlsx 或 .csv）")
    return write_xlsx(headers, rows, output, sheet_title=kinds.get(kind).label)


def export_bytes(*, kind: str, user, fmt: str = "xlsx", queryset=None) -> bytes:
    buffer = io.BytesIO()
    export_file(kind=kind, user=user, output=buffer, fmt=fmt, queryset=queryset)
    return buffer.getvalue()


def export_filename(kind: str, fmt: str = "xlsx") -> str:
    return f"{kinds.get(kind).label}_{timezone.localdate():%Y%m%d}.{_fmt('', fmt)}"

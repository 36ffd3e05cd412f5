"""Real spreadsheet files for the tests, written with openpyxl / csv exactly as people's files look."""
from __future__ import annotations

import csv
from pathlib import Path

import openpyxl


def xlsx(path: Path, rows: list[list], *, merges: tuple[str, ...] = (), write_only: bool = False, date_format: str | None = None,
         sheet_title: str = "Sheet1", extra_sheets: dict[str, list[list]] | None = None) -> Path:
    """An .xlsx with `rows` from A1; `merges` like "A1:F1"; dates become real date cells."""
    if write_only:
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet(sheet_title)
        for row in rows:
            sheet.append(row)
    else:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = sheet_title
        for row in rows:
            sheet.append(row)
        for ref in merges:
            sheet.merge_cells(ref)
        if date_format:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.is_date:
                        cell.number_format = date_format
    for title, extra in (extra_sheets or {}).items():
        other = book.create_sheet(title)
        for row in extra:
            other.append(row)
    book.save(path)
    return path


def csv_file(path: Path, rows: list[list], *, encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path

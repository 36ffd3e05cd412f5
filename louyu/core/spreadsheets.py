"""Every CSV and .xlsx the platform writes goes through here, so no cell reaches Excel or WPS as a formula.

Formula injection: a register value such as `=HYPERLINK(...)` or `@SUM(...)` (names and addresses arrive from
any import) runs when an official opens the export. A text cell beginning with = + - @ tab or CR is written
with a leading `'` in CSV (spreadsheets show it as text) and as a text cell, never a live formula, in .xlsx.
Numbers, dates and decimals are left as they are: only text can carry a formula. The intake's readers drop
the `'` again, so an export re-imports to the identical state.
"""
from __future__ import annotations

import csv

from openpyxl.cell import WriteOnlyCell

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_QUOTE = "'"


def needs_neutralising(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_cell(value):
    """A value for a CSV cell: text that a spreadsheet would evaluate gets a leading `'`."""
    return CSV_QUOTE + value if needs_neutralising(value) else value


def csv_row(row) -> list:
    return [csv_cell(v) for v in row]


def un_neutralise(text: str) -> str:
    """What a reader does with a CSV cell this module wrote: `'=x` back to `=x` (and only that)."""
    if isinstance(text, str) and len(text) > 1 and text[0] == CSV_QUOTE and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


class SafeCsvWriter:
    """csv.writer whose rows pass through `csv_row`; use wherever the platform writes a CSV."""

    def __init__(self, fh, **kwargs):
        self._writer = csv.writer(fh, **kwargs)

    def writerow(self, row):
        return self._writer.writerow(csv_row(row))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(fh, **kwargs) -> SafeCsvWriter:
    return SafeCsvWriter(fh, **kwargs)


def as_text(cell):
    """Mark an openpyxl cell holding a string as text, so `=…` stays a string and is never a formula."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def xlsx_cell(sheet, value):
    """A value for `sheet.append` in write-only mode: strings that openpyxl would turn into formulas become
    text cells; everything else is passed through unchanged (cheap: most cells are plain)."""
    if isinstance(value, str) and value.startswith("="):
        return as_text(WriteOnlyCell(sheet, value=value))
    return value


def xlsx_row(sheet, row) -> list:
    return [xlsx_cell(sheet, v) for v in row]


def set_text(cell, value) -> None:
    """Assign a value to a cell of a normal (not write-only) workbook without it becoming a formula."""
    cell.value = value
    as_text(cell)


def text_only(book) -> None:
    """Mark every string cell of a normal (not write-only) workbook as text before saving it."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                as_text(cell)

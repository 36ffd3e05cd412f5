"""Streaming readers for .xlsx, .xls and .csv: rows as (Excel row number, [cell values]).

Memory stays flat in the file size: .xlsx is parsed with lxml's iterparse straight from the zip member
(openpyxl's read-only mode is ~3× slower and python-calamine loads the whole sheet into memory);
.csv is read line by line. Only .xls (at most 65,536 rows by format) is loaded whole, via calamine.
Cell values are str, int, float, bool, datetime or None — cleaning happens in `cleaning`.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import os
import posixpath
import re
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Callable, Iterator

from lxml import etree

from louyu.core import spreadsheets

from . import limits

Row = tuple[int, list]
MergedRange = tuple[int, int, int, int]  # min_row, min_col, max_row, max_col (1-based, inclusive)


class ReadError(limits.FileRefused):
    """A file that cannot be read at all, or breaks a limit (message in Chinese, shown to the user)."""


@dataclass
class Sheet:
    name: str
    rows: Callable[[], Iterator[Row]]
    merged: Callable[[], list[MergedRange]] = field(default=lambda: [])
    close: Callable[[], None] = field(default=lambda: None)


# --- file helpers ---------------------------------------------------------------------------------


def file_name_of(source, default: str = "上传文件") -> str:
    if isinstance(source, (str, os.PathLike)):
        return os.path.basename(os.fspath(source))
    return os.path.basename(getattr(source, "name", "") or "") or default


def sha256_of(source) -> str:
    digest = hashlib.sha256()
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    source.seek(0)
    for chunk in iter(lambda: source.read(1 << 20), b""):
        digest.update(chunk)
    source.seek(0)
    return digest.hexdigest()


def _sniff_format(source, file_name: str) -> str:
    ext = os.path.splitext(file_name)[1].lower()
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as fh:
            head = fh.read(8)
    else:
        source.seek(0)
        head = source.read(8)
        source.seek(0)
    if head.startswith(b"PK"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if ext in (".xlsx", ".xlsm", ".xls"):
        raise ReadError(f"文件“{file_name}”不是有效的 Excel 文件")
    return "csv"


@contextmanager
def opened(source, file_name: str | None = None):
    """`open_sheets` that closes the file when done: `with opened(path) as (fmt, sheets): …`."""
    fmt, sheets = open_sheets(source, file_name)
    try:
        yield fmt, sheets
    finally:
        for sheet in sheets:
            sheet.close()


def open_sheets(source, file_name: str | None = None) -> tuple[str, list[Sheet]]:
    """The file's format ("xlsx", "xls", "csv") and its sheets, each readable lazily (and more than once)."""
    file_name = file_name or file_name_of(source)
    _check(limits.check_size, limits.size_of(source), file_name)
    fmt = _sniff_format(source, file_name)
    try:
        if fmt == "xlsx":
            return fmt, _xlsx_sheets(source, file_name)
        if fmt == "xls":
            return fmt, _xls_sheets(source)
        return fmt, [Sheet(name=os.path.splitext(file_name)[0], rows=lambda: _csv_rows(source))]
    except ReadError:
        raise
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise ReadError(f"无法读取 Excel 文件“{file_name}”：文件已损坏或格式不受支持（{exc.__class__.__name__}）") from exc


# --- CSV ----------------------------------------------------------------------------------------------


def detect_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (Excel's “Unicode text”) or GB18030 — from the first bytes."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)  # a cut multi-byte tail is fine
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def _open_binary(source) -> tuple[IO[bytes], bool]:
    if isinstance(source, (str, os.PathLike)):
        return open(source, "rb"), True
    source.seek(0)
    return source, False


def _csv_rows(source) -> Iterator[Row]:
    binary, owned = _open_binary(source)
    try:
        head = binary.read(1 << 16)
        binary.seek(0)
        encoding = detect_encoding(head)
        sample = head.decode(encoding, errors="ignore")
        first = next((line for line in sample.splitlines() if line.strip()), "")
        delimiter = "\t" if first.count("\t") > first.count(",") else ","
        text = io.TextIOWrapper(binary, encoding=encoding, newline="")
        try:
            for number, row in enumerate(csv.reader(text, delimiter=delimiter), 1):
                yield number, [spreadsheets.un_neutralise(cell) for cell in row]  # our exports' `'=…` re-import
        except csv.Error as exc:  # e.g. one "field" of megabytes: not a table
            raise ReadError(f"CSV 文件格式错误：{exc}") from exc
        except UnicodeDecodeError as exc:
            raise ReadError(f"CSV 文件编码无法识别（按 {encoding} 解码失败），请另存为 UTF-8 或 GB18030") from exc
        finally:
            text.detach()
    finally:
        if owned:
            binary.close()


# --- XLSX (streaming) ---------------------------------------------------------------------------------

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_BUILTIN_DATE_FORMATS = set(range(14, 23)) | {27, 28, 29, 30, 31, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58}
_DATE_CODE = re.compile(r"(?<![\\_])[ymdhs]", re.I)
_CELL_REF = re.compile(r"([A-Z]+)(\d*)")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _xml(archive: zipfile.ZipFile, name: str):
    return etree.fromstring(archive.read(name), parser=etree.XMLParser(resolve_entities=False, huge_tree=True))


def _is_date_format(code: str) -> bool:
    code = re.sub(r'"[^"]*"|\[[^\]]*\]', "", code)  # quoted text and [colour]/[locale] sections
    return bool(_DATE_CODE.search(code))


def _check(check, *args) -> None:
    try:
        check(*args)
    except limits.FileRefused as exc:
        raise ReadError(str(exc)) from None


class _XlsxBook:
    def __init__(self, source, file_name: str = ""):
        self.source = source
        self.archive = zipfile.ZipFile(source if not isinstance(source, os.PathLike) else os.fspath(source))
        try:
            _check(limits.check_zip, self.archive, file_name or file_name_of(source))
        except ReadError:
            self.archive.close()
            raise
        names = set(self.archive.namelist())
        book = _xml(self.archive, "xl/workbook.xml")
        rels = _xml(self.archive, "xl/_rels/workbook.xml.rels")
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        self.date1904 = any(_local(el.tag) == "workbookPr" and el.get("date1904") in ("1", "true") for el in book)
        self.sheets: list[tuple[str, str]] = []
        for el in book.iter():
            if _local(el.tag) == "sheet" and el.get("state", "visible") == "visible":
                target = targets.get(el.get(f"{{{_REL_NS}}}id"), "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
                if path in names:
                    self.sheets.append((el.get("name"), path))
        self.shared = self._shared_strings(names)
        self.date_styles = self._date_styles(names)

    def _shared_strings(self, names) -> list[str]:
        if "xl/sharedStrings.xml" not in names:
            return []
        strings = []
        with self.archive.open("xl/sharedStrings.xml") as fh:
            for _, si in etree.iterparse(fh, events=("end",), tag="{*}si", huge_tree=True):
                strings.append(_text_of(si))
                si.clear()
        return strings

    def _date_styles(self, names) -> set[int]:
        if "xl/styles.xml" not in names:
            return set()
        styles = _xml(self.archive, "xl/styles.xml")
        custom = {}
        for el in styles.iter("{*}numFmt"):
            custom[int(el.get("numFmtId"))] = el.get("formatCode", "")
        dates = set()
        for xfs in styles.iter("{*}cellXfs"):
            for index, xf in enumerate(x for x in xfs if _local(x.tag) == "xf"):
                fmt = int(xf.get("numFmtId", 0))
                if fmt in _BUILTIN_DATE_FORMATS or (fmt in custom and _is_date_format(custom[fmt])):
                    dates.add(index)
        return dates

    def to_datetime(self, serial: float) -> dt.datetime:
        if self.date1904:
            base = dt.datetime(1904, 1, 1)
        else:
            base = dt.datetime(1899, 12, 30) if serial >= 61 else dt.datetime(1899, 12, 31)
        value = base + dt.timedelta(days=serial)
        return value.replace(microsecond=0) if value.microsecond in (0, 999999) else value

    def merged(self, path: str) -> list[MergedRange]:
        """Merged ranges sit after the cell data; scan the raw XML for them without parsing it."""
        ranges, tail = [], b""
        with self.archive.open(path) as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                data = tail + chunk
                if b"mergeCell" in data:
                    for m in _MERGE.finditer(data):
                        c1, r1, c2, r2 = m.group(1).decode(), int(m.group(2)), m.group(3), m.group(4)
                        c2 = c2.decode() if c2 else c1
                        r2 = int(r2) if r2 else r1
                        ranges.append((r1, column_index(c1), r2, column_index(c2)))
                tail = data[-300:]  # a tag cut by the chunk boundary is found next time; the set drops repeats
        return sorted(set(ranges))

    def rows(self, path: str) -> Iterator[Row]:
        shared, date_styles, to_datetime = self.shared, self.date_styles, self.to_datetime
        columns: dict[str, int] = {}
        with self.archive.open(path) as fh:
            last_row = 0
            tags = None
            for _, row in etree.iterparse(fh, events=("end",), tag="{*}row", huge_tree=True):
                if tags is None:  # the namespace is the sheet's, whatever prefix or flavour (strict OOXML) it uses
                    ns = row.tag[: row.tag.index("}") + 1] if row.tag.startswith("{") else ""
                    tags = (ns + "v", ns + "is", ns + "t")
                    tag_v, tag_is, tag_t = tags
                r = row.get("r")
                number = int(r) if r else last_row + 1
                last_row = number
                values: list = []
                col = 0
                for c in row:
                    ref = c.get("r")
                    if ref:
                        letters = ref.rstrip("0123456789")
                        col = columns.get(letters) or columns.setdefault(letters, column_index(letters))
                    else:
                        col += 1
                    t = c.get("t")
                    value = None
                    if t == "inlineStr":
                        inline = c.find(tag_is)
                        if inline is not None:
                            first = inline.find(tag_t)
                            value = first.text if first is not None and len(inline) == 1 else _text_of(inline)
                    else:
                        v = c.findtext(tag_v)
                        if v is not None:
                            if t == "s":
                                value = shared[int(v)]
                            elif t in ("str", "d"):
                                value = v
                            elif t == "b":
                                value = v == "1"
                            elif t == "e":
                                value = None
                            else:
                                value = float(v) if ("." in v or "E" in v or "e" in v) else int(v)
                                style = c.get("s")
                                if style is not None and date_styles and int(style) in date_styles:
                                    value = to_datetime(float(value))
                    if value is not None and value != "":
                        if len(values) < col:
                            values.extend([None] * (col - len(values)))
                        values[col - 1] = value
                row.clear()
                while row.getprevious() is not None:
                    del row.getparent()[0]
                yield number, values


def _text_of(element) -> str:
    """The text of an <si> or inline <is>: plain <t> or rich-text runs, without phonetic (<rPh>) runs."""
    parts = []
    for el in element.iter():
        if _local(el.tag) == "t" and el.text and _local(el.getparent().tag) != "rPh":
            parts.append(el.text)
    return "".join(parts)


def _xlsx_sheets(source, file_name: str = "") -> list[Sheet]:
    book = _XlsxBook(source if isinstance(source, (str, os.PathLike)) else _rewound(source), file_name)
    return [
        Sheet(name=name, rows=(lambda p=path: book.rows(p)), merged=(lambda p=path: book.merged(p)), close=book.archive.close)
        for name, path in book.sheets
    ]


def _rewound(fileobj):
    fileobj.seek(0)
    return fileobj


# --- XLS (legacy, bounded size) -------------------------------------------------------------------------


def _xls_sheets(source) -> list[Sheet]:
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_object(
            os.fspath(source) if isinstance(source, os.PathLike) else (source if isinstance(source, str) else _rewound(source))
        )
    except python_calamine.CalamineError as exc:
        raise ReadError(f"无法读取 .xls 文件：{exc}") from exc
    sheets = []
    for meta in book.sheets_metadata:
        if str(meta.visible).endswith("Visible"):
            sheet = book.get_sheet_by_name(meta.name)
            sheets.append(Sheet(name=meta.name, rows=(lambda s=sheet: _calamine_rows(s)), merged=(lambda s=sheet: _calamine_merged(s)),
                                close=_once(book.close)))
    return sheets


def _once(close: Callable[[], None]) -> Callable[[], None]:
    done = []

    def once():
        if not done:
            done.append(True)
            close()

    return once


def _calamine_rows(sheet) -> Iterator[Row]:
    for index, values in enumerate(sheet.to_python(skip_empty_area=False), 1):
        yield index, [None if v == "" else v for v in values]


def _calamine_merged(sheet) -> list[MergedRange]:
    return [(r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in (sheet.merged_cell_ranges or [])]

"""Never trust a file: the limits every import checks before (and while) reading it.

A spreadsheet is a zip of XML. A 310 KB .xlsx can claim to inflate to 300 MB (a zip bomb); the reader
streams the sheet XML, so what would still grow without bound is time, the shared-strings table and the
rows the ORM path keeps for validation. So, before parsing:
- the file itself is at most LOUYU_IMPORT_MAX_MB (default 100 MB; uploads bigger than that are refused by
  the request-size middleware before Django reads them);
- an .xlsx's central directory is read first: at most LOUYU_XLSX_MAX_INFLATED_MB inflated in total
  (default 1,024 MB) and no member compressed more than LOUYU_XLSX_MAX_RATIO times (default 100; real
  sheets compress 5–20×). Python's zipfile never inflates a member past the size the directory states,
  so checking the directory bounds what is read;
and while reading, at most LOUYU_IMPORT_MAX_ROWS data rows (default 2,000,000).
"""
from __future__ import annotations

import os
import zipfile

from django.conf import settings

MB = 1024 * 1024
RATIO_FLOOR = 4 * MB  # small members (styles, a tiny sheet) may compress well; only big ones are judged by ratio
MAX_MEMBERS = 10_000


class FileRefused(Exception):
    """The file breaks a limit (message in Chinese). readers.ReadError derives from it."""


def max_file_bytes() -> int:
    return int(getattr(settings, "LOUYU_IMPORT_MAX_MB", 100)) * MB


def max_inflated_bytes() -> int:
    return int(getattr(settings, "LOUYU_XLSX_MAX_INFLATED_MB", 1024)) * MB


def max_ratio() -> int:
    return int(getattr(settings, "LOUYU_XLSX_MAX_RATIO", 100))


def max_rows() -> int:
    return int(getattr(settings, "LOUYU_IMPORT_MAX_ROWS", 2_000_000))


def _mb(size: int) -> str:
    return f"{size / MB:,.1f} MB"


def size_of(source) -> int:
    if isinstance(source, (str, os.PathLike)):
        return os.path.getsize(source)
    if getattr(source, "size", None) is not None:  # Django's UploadedFile
        return int(source.size)
    position = source.tell()
    source.seek(0, os.SEEK_END)
    size = source.tell()
    source.seek(position)
    return size


def check_size(size: int, file_name: str) -> None:
    if size > max_file_bytes():
        raise FileRefused(f"文件“{file_name}”大小为 {_mb(size)}，超过上限 {_mb(max_file_bytes())}；请拆分后分批导入")


def check_zip(archive: zipfile.ZipFile, file_name: str) -> None:
    """Judge an .xlsx by its central directory, before a single member is inflated."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise FileRefused(f"文件“{file_name}”包含 {len(members):,} 个内部文件，不是正常的 Excel 文件，已拒绝")
    total = 0
    for info in members:
        total += info.file_size
        compressed = max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and info.file_size / compressed > max_ratio():
            raise FileRefused(
                f"文件“{file_name}”的内部文件 {info.filename} 压缩比异常（{info.file_size / compressed:,.0f} 倍，"
                f"上限 {max_ratio():,} 倍），疑似“压缩炸弹”，已拒绝"
            )
    if total > max_inflated_bytes():
        raise FileRefused(
            f"文件“{file_name}”解压后共 {_mb(total)}，超过上限 {_mb(max_inflated_bytes())}；请拆分后分批导入"
        )


def check_rows(seen: int) -> None:
    if seen > max_rows():
        raise FileRefused(f"文件数据行数超过上限 {max_rows():,} 行；请拆分后分批导入")

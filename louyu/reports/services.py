"""Report generation as plain functions: the CLI, tests and the background job (django-tasks, wired at merge)
call these with a `progress(done, total, phase)` callback. They read facts only and write one file."""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Callable

from louyu.core import permissions
from louyu.core.models import Role
from louyu.indicators import selectors as engine
from louyu.reports import blocks, render_docx, render_pdf
from louyu.reports.documents import bluebook, briefing
from louyu.reports.documents import district as district_doc
from louyu.reports.documents.common import Context

Progress = Callable[[int, int, str], None] | None
FORMATS = {".docx": render_docx.render, ".pdf": render_pdf.render}


class ReportError(Exception):
    """A report that cannot be made (no facts, wrong format, no permission); the message is for the user."""


def output_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ReportError(f"输出文件须以 .docx 或 .pdf 结尾（收到：{Path(path).name}）")
    return suffix[1:]


def _require_facts(year: int) -> None:
    if not engine.facts_ready(year) or engine.city_summary(year)["city"] is None:
        raise ReportError(f"{year} 年指标尚未计算，请先导入数据并运行 louyu compute")


def _write(document: blocks.Document, path: Path, progress: Progress, done: int, total: int) -> dict:
    fmt = output_format(path)
    if progress:
        progress(done, total, f"排版 {fmt.upper()}")
    data = FORMATS[path.suffix.lower()](document)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)  # never leave a half-written report under the real name
    if progress:
        progress(total, total, "完成")
    return {"path": str(path), "format": fmt, "bytes": len(data)}


def _run(build, path, progress: Progress) -> dict:
    start = time.perf_counter()
    path = Path(path)
    output_format(path)
    document, steps = build()
    result = _write(document, path, progress, steps, steps + 1)
    result["seconds"] = round(time.perf_counter() - start, 2)
    return result


def bluebook_generate(*, year: int, path: str | Path, actor=None, progress: Progress = None) -> dict:
    """The annual blue book of `year` as DOCX or PDF (by the extension of `path`). City-wide: city roles only."""
    _require_city_role(actor)
    _require_facts(year)

    def build():
        steps = len(bluebook.book.chapters)
        return bluebook.build(Context(year=year, user=actor), progress=progress), steps
    return _run(build, path, progress)


def briefing_generate(*, month: str | dt.date, path: str | Path, actor=None, progress: Progress = None) -> dict:
    """The monthly 楼宇经济运行监测简报 of `month` ('YYYY-MM' or a date)."""
    _require_city_role(actor)
    period = parse_month(month)
    _require_facts(period.year)

    def build():
        return briefing.build(period, user=actor, progress=progress), len(briefing.SECTIONS)
    return _run(build, path, progress)


def district_report_generate(*, district, year: int, path: str | Path, actor=None, progress: Progress = None) -> dict:
    """One district's annual report; a district user may make it for their own district only."""
    if actor is not None and not can_report_on(actor, district):
        raise ReportError(f"无权生成{district.name}的报告：地区用户只能生成本地区的报告")
    _require_facts(year)

    def build():
        return (district_doc.build(Context(year=year, user=actor, district=district), progress=progress),
                len(district_doc.part.chapters))
    return _run(build, path, progress)


def can_report_on(user, district_obj) -> bool:
    role = permissions.role_of(user)
    if role in (Role.CITY_ADMIN, Role.CITY_VIEWER):
        return True
    if role == Role.DISTRICT_EDITOR:
        return permissions.district_of(user) == district_obj
    return False


def _require_city_role(actor) -> None:
    if actor is not None and permissions.role_of(actor) not in (Role.CITY_ADMIN, Role.CITY_VIEWER):
        raise ReportError("全市报告仅限市级用户生成")


def parse_month(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value.replace(day=1)
    try:
        year, month = (int(x) for x in str(value).split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        raise ReportError(f"月份格式应为 YYYY-MM（收到：{value}）") from None

"""From sheet rows to parsed data rows: which rows are data, which are totals, signatures or notes;
the error report (行号, 列, 值, 原因); and the per-import context the kinds validate against."""
from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any, Callable, Iterator

from . import headers as hdr
from . import limits
from .cleaning import CellError, nfkc
from .kinds.base import Column, Kind, Lookups, parse_cell, parser_for
from .readers import Sheet

CHUNK = 5000
STORED_LIMIT = 10_000  # entries kept per list on the ImportBatch; the CLI's --errors file gets them all

TOTAL_WORDS = ("合计", "总计", "小计", "总合计", "累计合计", "全市合计", "本页小计", "本页合计", "本月合计", "共计")
SIGNATURE_WORDS = (
    "制表人", "制表", "制表日期", "审核人", "审核", "复核人", "填报人", "填报日期", "填报单位", "填表人", "填表日期", "报送日期",
    "报送单位", "负责人", "单位负责人", "统计负责人", "分管领导", "联系人", "联系电话", "电话", "备注", "说明", "注", "签字", "盖章",
)
_TRIGGERS = {w[0] for w in TOTAL_WORDS + SIGNATURE_WORDS}
QUIET_COLUMNS = {"序号", "行号", "顺序号", "no", "no.", "#"}  # ignored without a warning


def shown(value) -> str:
    """A cell value as the error report shows it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return "；".join(map(str, value))
    return str(value)


class Report:
    """Errors, warnings and skipped rows of one import, each as {row, column, value, reason}."""

    def __init__(self, sink: Callable[[dict], None] | None = None, limit: int = STORED_LIMIT):
        self.errors: list[dict] = []
        self.warnings: list[dict] = []
        self.skipped: list[dict] = []
        self.error_rows: set[int] = set()
        self.error_count = self.warning_count = self.skipped_count = 0
        self.file_error = False
        self.sink = sink
        self.limit = limit

    @staticmethod
    def entry(row, column, value, reason) -> dict:
        return {"row": row, "column": column or "", "value": shown(value), "reason": reason}

    def error(self, row: int | None, column: str, value, reason: str) -> None:
        item = self.entry(row, column, value, reason)
        self.error_count += 1
        if row is None:
            self.file_error = True
        else:
            self.error_rows.add(row)
        if len(self.errors) < self.limit:
            self.errors.append(item)
        if self.sink is not None:
            self.sink(item)

    def warning(self, row: int | None, column: str, value, reason: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < self.limit:
            self.warnings.append(self.entry(row, column, value, reason))

    def skip(self, row: int, value, reason: str) -> None:
        self.skipped_count += 1
        if len(self.skipped) < self.limit:
            self.skipped.append(self.entry(row, "", value, reason))

    def truncation_notes(self) -> list[dict]:
        notes = []
        for name, items, count in (("错误", self.errors, self.error_count), ("警告", self.warnings, self.warning_count)):
            if count > len(items):
                notes.append(self.entry(None, "", "", f"另有{count - len(items)}条{name}未保存在导入记录中（命令行可用 --errors 导出全部）"))
        return notes


class Context:
    """What a kind's validation may consult: the actor and their scope, the header, caches, the report."""

    def __init__(self, *, kind: Kind, actor, batch, scope, report: Report, default_source: str, today: dt.date):
        self.kind = kind
        self.actor = actor
        self.batch = batch
        self.scope = scope  # a District when the importer is confined to one, else None
        self.report = report
        self.default_source = default_source
        self.today = today
        self.lookups = Lookups()
        self.header: hdr.Header | None = None
        self.state: dict[str, Any] = {}
        self.rows_total = 0

    def has(self, key: str) -> bool:
        return self.header is not None and key in self.header.index

    def label(self, key: str) -> str:
        if not key:
            return ""
        if self.header is not None and key in self.header.labels:
            return self.header.labels[key]
        return self.kind.column(key).header

    def error(self, row, key: str, value, reason: str) -> None:
        self.report.error(row, self.label(key), value, reason)

    def warning(self, row, key: str, value, reason: str) -> None:
        self.report.warning(row, self.label(key), value, reason)


# --- header ---------------------------------------------------------------------------------------------


def find_header(sheets: list[Sheet], kind: Kind) -> tuple[hdr.Header | None, Sheet | None]:
    candidates = []
    for sheet in sheets:
        head = list(itertools.islice(sheet.rows(), hdr.HEADER_SCAN_ROWS))
        merged = sheet.merged() if head else []
        header = hdr.detect(sheet.name, head, merged, kind) if head else None
        candidates.append((header, sheet))
    best = hdr.choose([h for h, _ in candidates], kind)
    return best, next((s for h, s in candidates if h is best), None)


def header_problems(header: hdr.Header | None, kind: Kind, ctx: Context) -> None:
    report = ctx.report
    if header is None:
        names = "、".join(c.header for c in kind.required)
        report.error(None, "", "", f"未找到表头行：文件前{hdr.HEADER_SCAN_ROWS}行中没有“{kind.label}”模板的列名（必填列：{names}）")
        return
    for column in kind.required:
        if column.key not in header.index:
            report.error(header.last_row, column.header, "", f"缺少必填列“{column.header}”")
            report.file_error = True
    for label, reason in header.problems:
        report.error(header.last_row, label, "", reason)
        report.file_error = True
    for label in header.ignored:
        if hdr.normalize(label) not in QUIET_COLUMNS:
            report.warning(header.last_row, label, "", "未识别的列，已忽略")
    for key, factor in header.factors.items():
        if factor != 1:  # say so once per column: every amount of it was multiplied
            column = kind.column(key)
            report.warning(header.last_row, ctx.label(key), "",
                           f"表头单位与模板（{column.header}）不同，本列数值已乘以 {factor:,} 换算后保存")


# --- rows -----------------------------------------------------------------------------------------------

DATA, EMPTY, TOTAL, SIGNATURE, REPEATED_HEADER = range(5)


def _first_token(text: str) -> str:
    compact = nfkc(text).strip()
    return compact.split()[0] if compact.split() else ""


def classify(cells: list, header_texts: frozenset) -> tuple[int, str]:
    """What a row is, judged by its first non-empty cell (cheap for ordinary data rows)."""
    strings = 0
    for value in cells:
        if value is None:
            continue
        if not isinstance(value, str):
            return DATA, ""
        s = value.strip()
        if not s:
            continue
        if s[0] in _TRIGGERS:
            token = _first_token(s)
            compact = "".join(nfkc(s).split())
            for word in TOTAL_WORDS:
                if compact == word or compact.startswith((word + ":", word + "(")):
                    return TOTAL, s
            for word in SIGNATURE_WORDS:
                if token == word or token.startswith(word + ":"):
                    return SIGNATURE, s
        if s[0] >= "\u2e80" and hdr.normalize(s) in header_texts:
            strings += 1
            if strings >= 2:
                return REPEATED_HEADER, s
            continue
        return DATA, ""
    return (REPEATED_HEADER, "") if strings else (EMPTY, "")


class Totals:
    """Running sums of the summable columns, checked against 合计 (all rows) and 小计 (since the last 小计)."""

    def __init__(self, columns: list[tuple[str, int, Column, Decimal]]):
        self.columns = [c for c in columns if c[2].summable]
        self.total = {key: Decimal(0) for key, *_ in self.columns}
        self.segment = dict(self.total)

    def add(self, values: dict) -> None:
        for key, *_ in self.columns:
            value = values.get(key)
            if value is not None:
                self.add_one(key, value)

    def summed(self) -> set[str]:
        return {key for key, *_ in self.columns}

    def add_one(self, key: str, value) -> None:
        """`add` for a row whose only summable value is `key`'s (a kind's fast path)."""
        self.total[key] += value
        self.segment[key] += value

    def check(self, number: int, cells: list, word: str, ctx: Context) -> bool:
        """Compare a 合计/小计 row with the sums; warn on a mismatch. True when every figure agrees."""
        sums = self.segment if word.startswith(("小计", "本页")) else self.total
        agrees = True
        for key, index, column, factor in self.columns:
            raw = cells[index] if index < len(cells) else None
            try:
                stated = parse_cell(column, raw, factor, ctx.lookups) if raw is not None else None
            except CellError:
                continue
            if stated is not None and stated != sums[key]:
                agrees = False
                ctx.warning(number, key, raw, f"{word}行的{ctx.label(key)}为{stated}，与明细之和{sums[key]}不一致")
        if word.startswith(("小计", "本页")):
            self.segment = {key: Decimal(0) for key in self.segment}
        return agrees


def data_rows(sheet: Sheet, ctx: Context, progress: Callable | None = None) -> Iterator[tuple[int, dict]]:
    """(row number, {column key: clean value}) for each data row without cell errors; everything else
    is reported (errors) or skipped (totals, signatures, notes, the template's example row).

    A kind may offer a fast path (`Kind.fast_path`): for a row of canonical, already-validated values it
    returns the kind's finished row (a tuple), which is yielded instead of the values dict; for anything
    else it returns None and the row takes the general path below, so errors and warnings are the general
    path's."""
    kind, header, report, lookups = ctx.kind, ctx.header, ctx.report, ctx.lookups
    items = [(key, index, kind.column(key), header.factors.get(key, Decimal(1))) for key, index in header.index.items()]
    parsers = [(key, index, parser_for(column, factor, lookups)) for key, index, column, factor in items]
    required = [key for key, _, column, _ in items if column.required]
    example_key, example = kind.example_column, kind.example_value()
    totals = Totals(items)
    fast = kind.fast_path(ctx, parsers, totals)
    last = header.last_row
    seen, row_cap = 0, limits.max_rows()
    for number, cells in sheet.rows():
        if number <= last:
            continue
        seen += 1
        if seen > row_cap:
            limits.check_rows(seen)
        if progress is not None and seen % CHUNK == 0:
            progress(seen, None)
        first = cells[0] if cells else None
        if first.__class__ is str and first and first[0] < "\u2e80" and first[0] not in _TRIGGERS and first[0] != " ":
            what = DATA  # the usual data row: a code or number in the first column
        else:
            what, text = classify(cells, header.texts)
        if what == DATA:
            if fast is not None:
                done = fast(number, cells)
                if done is not None:
                    ctx.rows_total += 1
                    yield number, done
                    continue
        elif what == EMPTY:
            continue
        elif what == TOTAL:
            word = next(w for w in sorted(TOTAL_WORDS, key=len, reverse=True) if "".join(nfkc(text).split()).startswith(w))
            agrees = totals.check(number, cells, word, ctx)
            report.skip(number, text, f"{word}行，已跳过" + ("（与明细之和一致）" if agrees and totals.columns else ""))
            continue
        elif what == SIGNATURE:
            report.skip(number, text, "签名或说明行，已忽略")
            continue
        else:
            report.skip(number, text, "重复的表头行，已跳过")
            continue
        values: dict[str, Any] = {}
        failed: set[str] = set()
        width = len(cells)
        for key, index, parse in parsers:
            raw = cells[index] if index < width else None
            try:
                values[key] = parse(raw)
            except CellError as exc:
                ctx.error(number, key, raw, str(exc))
                values[key] = None
                failed.add(key)
        if example_key and example and values.get(example_key) == example:
            report.skip(number, example, "模板示例行，已跳过")
            continue
        ctx.rows_total += 1
        for key in required:
            value = values[key]
            if (value is None or value == "" or value == []) and key not in failed:
                ctx.error(number, key, None, "必填项不能为空")
                failed.add(key)
        totals.add(values)
        if not failed:
            yield number, values
    if progress is not None:
        progress(seen, seen)


def chunks(rows: Iterator, size: int = CHUNK) -> Iterator[list]:
    while True:
        chunk = list(itertools.islice(rows, size))
        if not chunk:
            return
        yield chunk

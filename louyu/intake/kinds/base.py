"""What every import kind declares (its columns, key, model) and the shared machinery around that."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Iterable

from django.db import models

from louyu.core.models import Verification
from louyu.enterprises.uscc import clean_uscc, uscc_error
from louyu.geo.models import District
from louyu.geo.reference import load_city

from .. import cleaning
from ..cleaning import CellError

CACHE_LIMIT = 200_000
CACHED_TYPES = {"month", "date", "district", "choice", "bool", "uscc", "verification", "year"}


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # exactly as the template writes it
    type: str = "text"  # text code uscc decimal int date month bool choice list district year verification
    required: bool = False
    aliases: tuple[str, ...] = ()
    unit: str = ""  # canonical unit of numeric columns: 元, 万元, ㎡, 元/㎡·天, %
    places: int | None = 2
    max_digits: int | None = None
    nonneg: bool = False
    past_only: bool = False
    max_length: int | None = None
    maximum: int | None = None
    choices: tuple = ()
    summable: bool = False  # checked against a 合计/小计 row
    export: bool = True
    check_only: bool = False  # read to check against the register (企业名称 in a tax file), never written
    example: Any = ""
    fmt: str = ""  # 格式 as the template notes describe it
    note: str = ""

    @property
    def name(self) -> str:
        return self.header.split("(")[0]


def verification_column() -> Column:
    return Column("verification", "核实状态", "verification", fmt="未核实 / 已核实 / 存疑", example="未核实",
                  note="空：新增记录为“未核实”，已有记录保持不变")


def source_column() -> Column:
    return Column("source", "数据来源", max_length=200, example="区商务局2023年调查",
                  note="空：记为本次导入的文件名（及报送部门）")


def updated_column() -> Column:
    """更新时间: written on export (the record's last change), ignored on import."""
    return Column("updated_at", "更新时间", check_only=True, fmt="仅导出", note="导出文件中为记录的最后更新时间；导入时忽略")


def updated_out(value) -> str | None:
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else None


class Lookups:
    """Per-import caches of reference lookups (districts by any name, parsed repeated cell values)."""

    def __init__(self):
        self.districts = {d.name: d for d in District.objects.all()}
        self.by_code = {d.code: d for d in self.districts.values()}
        self.by_pk = {d.pk: d for d in self.districts.values()}

    def by_id(self, pk) -> District | None:
        return self.by_pk.get(pk)

    def district(self, raw) -> District | None:
        s = cleaning.text(raw)
        if not s:
            return None
        if s in self.districts:
            return self.districts[s]
        ref = load_city().resolve_district(s)
        if ref is None or ref.division_code not in self.by_code:
            names = "、".join(self.districts)
            raise CellError(f"未知地区“{s}”（应为附件1中的地区名称或其常用别名：{names}）")
        return self.by_code[ref.division_code]


def parser_for(column: Column, factor: Decimal, lookups: Lookups) -> Callable[[Any], Any]:
    """A function raw cell → clean value for `column` (raises CellError), built once per import.

    Repetitive columns (months, districts, codes looked up, yes/no …) remember each distinct raw value,
    so a million-row file parses each distinct value once."""
    parse = _parser(column, factor, lookups)
    if column.type not in CACHED_TYPES and not column.check_only:
        return parse
    cache: dict = {}

    def cached(raw):
        if raw.__class__ is float:
            return parse(raw)
        hit = cache.get(raw)
        if hit is None:
            try:
                hit = (True, parse(raw))
            except CellError as exc:
                hit = (False, exc)
            if len(cache) > CACHE_LIMIT:
                cache.clear()
            cache[raw] = hit
        if hit[0]:
            return hit[1]
        raise hit[1]

    return cached


def parse_cell(column: Column, raw, factor: Decimal, lookups: Lookups):
    """The clean value of one cell for `column` (raises CellError)."""
    return _parser(column, factor, lookups)(raw)


def _uscc(raw):
    value = clean_uscc(raw if not isinstance(raw, float) else int(raw))
    if not value or value in cleaning.EMPTY_MARKS:
        return ""
    error = uscc_error(value)
    if error:
        raise CellError(error)
    return value


def _parser(column: Column, factor: Decimal, lookups: Lookups) -> Callable[[Any], Any]:
    t, c = column.type, column
    if t == "text":
        return lambda raw: cleaning.text(raw, max_length=c.max_length)
    if t == "code":
        return lambda raw: cleaning.code(raw, max_length=c.max_length)
    if t == "uscc":
        return _uscc
    if t == "decimal":
        return lambda raw: cleaning.decimal(raw, factor=factor, places=c.places, nonneg=c.nonneg, max_digits=c.max_digits)
    if t == "int":
        return lambda raw: cleaning.integer(raw, nonneg=c.nonneg, maximum=c.maximum)
    if t == "date":
        if c.past_only:
            return lambda raw: cleaning.not_future(cleaning.date(raw))
        return cleaning.date
    if t == "month":
        if c.past_only:
            return lambda raw: cleaning.not_future(cleaning.month(raw), is_month=True)
        return cleaning.month
    if t == "bool":
        return cleaning.boolean
    if t == "choice":
        return lambda raw: cleaning.choice(raw, c.choices)
    if t == "verification":
        return lambda raw: cleaning.choice(raw, Verification.choices)
    if t == "list":
        return cleaning.items
    if t == "district":
        return lookups.district
    if t == "year":
        return cleaning.year
    raise AssertionError(t)


@dataclass
class Record:
    """One valid row, ready to write: its key and the model values (attnames) it sets."""

    row: int
    key: tuple
    values: dict[str, Any]
    related: dict[str, models.Model] = field(default_factory=dict)  # cached FK objects, for audit reprs
    defaults: dict[str, Any] = field(default_factory=dict)  # set on a new row, or where the stored value is empty
    label: str = ""  # the key as the file writes it (for messages)
    district_id: int | None = None
    many: dict[str, list] = field(default_factory=dict)  # many-to-many field → the members the row sets


class Kind:
    """An import/export kind. Subclasses declare the class attributes and override the hooks."""

    name: str = ""
    label: str = ""
    model: type[models.Model]
    columns: tuple[Column, ...] = ()
    key: tuple[str, ...] = ()  # column keys that identify a row
    key_fields: tuple[str, ...] = ()  # the model attnames of the key, in the same order
    example_column: str = ""  # rows whose value here equals the example are the template's example row
    streaming = False  # True: records go straight to a staging table (tax)
    notes: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def required(self) -> list[Column]:
        return [c for c in self.columns if c.required]

    def example_value(self):
        return self.column(self.example_column).example if self.example_column else None

    # -- import hooks --------------------------------------------------------------------------------
    def prepare(self, ctx) -> None:
        """Load what validation needs once per import."""

    def prefetch(self, rows: list[tuple[int, dict]], ctx) -> None:
        """Batched lookups for a chunk of parsed rows (e.g. enterprises by USCC)."""

    def fast_path(self, ctx, parsers: list, totals) -> Callable[[int, list], Any] | None:
        """Optional: a function (row number, cells) → the row `validate` would give (a tuple), or None to send
        the row down the general path (parse every cell, validate, report). It may only accept rows for which
        the general path gives the same result without any error or warning; `totals` (pipeline.Totals) is the
        file's running sums, which it must keep up for the rows it accepts."""
        return None

    def validate(self, row: int, values: dict, ctx) -> Record | None:
        """A Record for a row whose cells parsed, or None after reporting its errors via ctx.error."""
        raise NotImplementedError

    def check_file(self, records: list[Record], ctx) -> None:
        """Rules across rows and against the database (overlaps); report errors via ctx.error."""

    def existing(self, records: list[Record]) -> dict[tuple, models.Model]:
        """Current objects for the records' keys."""
        raise NotImplementedError

    def apply(self, obj: models.Model, record: Record) -> None:
        for name, value in record.values.items():
            setattr(obj, name, value)
        for name, related in record.related.items():
            setattr(obj, name, related)

    def affected(self, obj: models.Model, before: dict | None) -> dict[str, set]:
        return {}

    def after_write(self, objs: list[models.Model], ctx) -> None:
        """Consequences inside the import's transaction (an enterprise's district follows its tenancy)."""

    # -- export hooks ----------------------------------------------------------------------------------
    def export_columns(self, queryset=None) -> list[Column]:
        return [c for c in self.columns if c.export]

    def export_queryset(self):
        return self.model._default_manager.all()

    def export_row(self, obj, columns: list[Column]) -> list:
        raise NotImplementedError


def provenance_values(values: dict) -> dict:
    """The 数据来源/核实状态 cells that were filled (absent or empty cells leave the record's own)."""
    out = {}
    if values.get("source"):
        out["source"] = values["source"]
    if values.get("verification"):
        out["verification"] = values["verification"]
    return out


def cell_out(value) -> Any:
    """A value as an export cell: booleans as 是/否, lists joined by ；, districts by name."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "；".join(str(v) for v in value)
    if value is None:
        return None
    if isinstance(value, District):
        return value.name
    if isinstance(value, (Decimal, dt.date, int, str)):
        return value
    return str(value)


def month_out(value: dt.date | None) -> str | None:
    return value.strftime("%Y-%m") if value else None


def chunked(items: Iterable, size: int) -> Iterable[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

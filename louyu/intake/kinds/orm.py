"""The common shape of a register kind written through the ORM (everything but tax): cells → model
values, existing rows by key, scope checks, export cells."""
from __future__ import annotations

from typing import Any, Callable

from django.db import models

from louyu.core.models import Verification

from .base import Column, Kind, Record, cell_out, chunked, month_out, provenance_values, updated_out

PROVENANCE = ("source", "verification")


class OrmKind(Kind):
    # column key → model field name, for columns whose key is not the field (楼宇编码 → building …)
    fields: dict[str, str] = {}
    # column keys resolved by the kind itself (lookups) or only checked (名称 in a tenancy file)
    special: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()  # the many-to-many fields a row sets (Record.many)
    # column key → getter(obj) for export cells that are not a plain field
    getters: dict[str, Callable[[Any], Any]] = {}
    checker: Callable[[dict], list[tuple[str, str]]] | None = None
    warner: Callable[[dict], list[tuple[str, str]]] | None = None

    def field_name(self, column: Column) -> str:
        return self.fields.get(column.key, column.key)

    def model_values(self, values: dict, record: Record) -> None:
        """Plain columns → model attnames. An empty cell clears the field (to its default)."""
        for key, value in values.items():
            column = self.column(key)
            if column.check_only or key in self.special or key in PROVENANCE:
                continue
            field = self.model._meta.get_field(self.field_name(column))
            if field.is_relation:
                record.values[field.attname] = value.pk if value is not None else None
                if value is not None:
                    record.related[field.name] = value
                continue
            if value is None and not field.null:
                value = field.get_default()
            record.values[field.attname] = value
        record.values.update(provenance_values(values))

    def rules(self, row: int, record: Record, ctx) -> bool:
        """The domain service's rules for the row's values; False when any failed (reported)."""
        ok = True
        if self.checker is not None:
            for field, reason in self.checker(record.values):
                ctx.error(row, self.key_for_field(field), record.values.get(field), reason)
                ok = False
        if ok and self.warner is not None:
            for field, reason in self.warner(record.values):
                ctx.warning(row, self.key_for_field(field), record.values.get(field), reason)
        return ok

    def key_for_field(self, field: str) -> str:
        for column in self.columns:
            if self.field_name(column) in (field, field.removesuffix("_id")):
                return column.key
        return ""

    def key_of(self, record: Record) -> tuple:
        return tuple(record.values[f] for f in self.key_fields)

    def existing(self, records: list[Record]) -> dict[tuple, models.Model]:
        """Objects already stored under the records' keys (queried by the first key field, in chunks)."""
        first = self.key_fields[0]
        found: dict[tuple, models.Model] = {}
        wanted = {r.key for r in records}
        for chunk in chunked(sorted({k[0] for k in wanted}, key=str), 2000):
            qs = self.model._default_manager.filter(**{f"{first}__in": chunk}).select_related(*self.select_related) \
                .prefetch_related(*self.prefetch_related)
            for obj in qs:
                key = tuple(getattr(obj, f) for f in self.key_fields)
                if key in wanted:
                    found[key] = obj
        return found

    # -- export ------------------------------------------------------------------------------------------
    def export_queryset(self):
        return self.model._default_manager.select_related(*self.select_related).prefetch_related(*self.prefetch_related) \
            .order_by(*self.key_fields)

    def export_row(self, obj, columns: list[Column]) -> list:
        row = []
        for column in columns:
            getter = self.getters.get(column.key)
            if getter is not None:
                row.append(cell_out(getter(obj)))
            elif column.key == "verification":
                row.append(Verification(obj.verification).label)
            elif column.key == "updated_at":
                row.append(updated_out(obj.updated_at))
            elif column.type == "choice":
                value = getattr(obj, self.field_name(column))
                row.append(next((label for v, label in column.choices if v == value), value) if value else None)
            elif column.type == "month":
                row.append(month_out(getattr(obj, self.field_name(column))))
            else:
                row.append(cell_out(getattr(obj, self.field_name(column))))
        return row


# --- lookups shared by the kinds that point at a building or an enterprise --------------------------------


def prefetch_buildings(codes, ctx) -> None:
    """Load the chunk's buildings by code (None = unknown) and which of them the actor may import for."""
    from louyu.buildings.models import Building
    from louyu.core import permissions

    known = ctx.state.setdefault("buildings", {})
    visible = ctx.state.setdefault("visible_buildings", set())
    missing = {c for c in codes if c and c not in known}
    if not missing:
        return
    found = {b.code: b for b in Building.objects.filter(code__in=missing).select_related("district")}
    for code in missing:
        known[code] = found.get(code)
    if ctx.actor is None:
        visible.update(b.pk for b in found.values())
    else:
        qs = permissions.restrict(Building.objects.filter(pk__in=[b.pk for b in found.values()]), ctx.actor, permissions.VIEW)
        visible.update(qs.values_list("pk", flat=True))


def row_building(row: int, values: dict, ctx):
    """The row's building by its 楼宇编码 (None, with the error, when unknown or outside the user's scope); a
    楼宇名称 that disagrees with the register is a warning, not an error."""
    building = building_for(row, "building_code", values["building_code"], ctx)
    if building is not None and values.get("building_name") and not same_name(values["building_name"], building.name):
        ctx.warning(row, "building_name", values["building_name"], f"楼宇名称与楼宇名录不一致（名录：{building.name}）")
    return building


def building_for(row: int, key: str, code: str, ctx):
    """The building a row names, or None after reporting why it cannot be used."""
    building = ctx.state["buildings"].get(code)
    if building is None:
        ctx.error(row, key, code, f"楼宇编码“{code}”不在楼宇名录中")
        return None
    if ctx.scope is not None and building.district_id != ctx.scope.pk:
        ctx.error(row, key, code, f"该楼宇属于{building.district.name}，超出本人负责的地区（{ctx.scope.name}）")
        return None
    if building.pk not in ctx.state["visible_buildings"]:
        ctx.error(row, key, code, "无权导入该楼宇的数据（不在本人负责的楼宇范围内）")
        return None
    return building


class Firm:
    """An enterprise as the tax feed needs it: cheaper than a model instance, a million times over."""

    __slots__ = ("pk", "name", "district_id")

    def __init__(self, pk, name, district_id):
        self.pk, self.name, self.district_id = pk, name, district_id


def prefetch_enterprises(usccs, ctx, *, light: bool = False) -> None:
    from louyu.enterprises.models import Enterprise

    known = ctx.state.setdefault("enterprises", {})
    missing = {u for u in usccs if u and u not in known}
    if not missing:
        return
    qs = Enterprise.objects.filter(uscc__in=missing)
    if light:
        found = {uscc: Firm(pk, name, district_id) for pk, uscc, name, district_id in qs.values_list("id", "uscc", "name", "district_id")}
    else:
        found = {e.uscc: e for e in qs.only("id", "uscc", "name", "district_id")}
    for uscc in missing:
        known[uscc] = found.get(uscc)


def enterprise_for(row: int, key: str, uscc: str, ctx):
    enterprise = ctx.state["enterprises"].get(uscc)
    if enterprise is None:
        ctx.error(row, key, uscc, "统一社会信用代码不在企业名录中（请先导入该企业）")
    return enterprise


def same_name(a: str, b: str) -> bool:
    from ..headers import normalize

    return normalize(a) == normalize(b)

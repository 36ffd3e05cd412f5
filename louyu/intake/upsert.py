"""The register kinds' write: compare each record with the stored row, then bulk insert, bulk update and
bulk audit (old → new, batch = the import). Registers are thousands to a few hundred thousand rows."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from louyu.core import audit
from louyu.core.models import AuditAction

from .kinds.base import Record
from .kinds.orm import OrmKind

BOOKKEEPING = {"source", "source_batch_id", "updated_at"}


@dataclass
class Outcome:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    affected: dict[str, set] = field(default_factory=lambda: {"buildings": set(), "enterprises": set(), "months": set()})

    def add_affected(self, more: dict[str, set]) -> None:
        for key, values in more.items():
            self.affected.setdefault(key, set()).update(v for v in values if v is not None)


def _field_names(model, attnames) -> list[str]:
    names = []
    for attname in attnames:
        for f in model._meta.concrete_fields:
            if f.attname == attname:
                names.append(f.name)
    return names


def _many_before(obj, record: Record) -> dict[str, list]:
    """The stored many-to-many members (pks) the record sets (prefetched by the kind's `existing`)."""
    return {name: sorted(o.pk for o in getattr(obj, name).all()) for name in record.many}


def _many_after(record: Record) -> dict[str, list]:
    return {name: sorted(o.pk for o in members) for name, members in record.many.items()}


def orm_upsert(kind: OrmKind, records: list[Record], existing: dict, ctx, *, write: bool) -> Outcome:
    outcome = Outcome()
    model = kind.model
    # Registers without provenance (a service point's monthly counts, a meeting's 议定事项) have no
    # 数据来源/batch/updated_at of their own: their audit entries carry the batch.
    sourced = any(f.name == "source_batch_id" for f in model._meta.concrete_fields)
    now = timezone.now()
    creates, updates, entries, changed_fields, memberships = [], [], [], set(), []
    for record in records:
        obj = existing.get(record.key)
        if obj is None:
            obj = model(**record.values, **{k: v for k, v in record.defaults.items() if k not in record.values})
            for name, related in record.related.items():
                setattr(obj, name, related)
            if sourced:
                if "source" not in record.values:
                    obj.source = ctx.default_source
                obj.source_batch_id = ctx.batch.pk
            creates.append(obj)
            if record.many:
                memberships.append((obj, record))
            continue
        before = audit.field_values(obj)
        many_before = _many_before(obj, record)
        kind.apply(obj, record)
        for name, value in record.defaults.items():
            if name not in record.values and getattr(obj, name) is None:
                setattr(obj, name, value)
        changes = audit.diff(before, audit.field_values(obj))
        many_changes = audit.diff(many_before, _many_after(record))
        if not changes and not many_changes:
            outcome.unchanged += 1
            continue
        if many_changes:
            memberships.append((obj, record))
        if sourced:
            if "source" not in record.values and obj.source != ctx.default_source and set(changes) - {"verification"}:
                changes["source"] = [obj.source, ctx.default_source]
                obj.source = ctx.default_source
            obj.source_batch_id = ctx.batch.pk
            obj.updated_at = now
        changed_fields |= set(changes)
        updates.append(obj)
        entries.append(audit.entry(actor=ctx.actor, action=AuditAction.UPDATE, obj=obj, changes={**changes, **many_changes},
                                   batch=ctx.batch))
        outcome.add_affected(kind.affected(obj, before))
    outcome.inserted, outcome.updated = len(creates), len(updates)
    if not write:
        return outcome
    model._default_manager.bulk_create(creates, batch_size=1000)
    for obj in creates:
        entries.append(audit.entry(actor=ctx.actor, action=AuditAction.CREATE, obj=obj,
                                   changes=audit.diff({}, audit.field_values(obj)), batch=ctx.batch))
        outcome.add_affected(kind.affected(obj, None))
    for obj, record in memberships:
        for name, members in record.many.items():
            getattr(obj, name).set(members)
    if updates:
        fields = _field_names(model, changed_fields | (BOOKKEEPING if sourced else set()))
        if fields:
            model._default_manager.bulk_update(updates, fields, batch_size=500)
    audit.record_many(entries)
    kind.after_write(creates + updates, ctx)
    return outcome

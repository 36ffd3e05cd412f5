"""The audit trail: services call these inside their transaction, so every path is audited alike."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from .models import AuditAction, AuditEntry


def actor_label(actor) -> str:
    if actor is None:
        return "系统"
    if isinstance(actor, str):
        return actor
    return actor.get_username()


def _user_or_none(actor):
    return actor if getattr(actor, "pk", None) and hasattr(actor, "get_username") else None


def jsonable(value: Any) -> Any:
    """A value as the audit stores it: exact decimals and ISO dates as strings."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, FieldFile):
        return value.name or ""  # an attachment is audited by its stored name
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


def field_values(obj: models.Model) -> dict[str, Any]:
    """The audited fields of an object: concrete fields minus bookkeeping, foreign keys by id."""
    exclude = set(getattr(obj, "audit_exclude", ())) | {"id"}
    values = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude:
            continue
        values[field.attname if field.is_relation else field.name] = jsonable(getattr(obj, field.attname))
    return values


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list]:
    """{field: [old, new]} for fields whose value changed."""
    return {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}


def district_id_of(obj: models.Model):
    path = getattr(obj, "scope_path", None)
    if not path:
        return None
    if path == "pk":
        return obj.pk
    target = obj
    parts = path.split("__")
    for part in parts[:-1]:
        target = getattr(target, part, None)
        if target is None:
            return None
    return getattr(target, f"{parts[-1]}_id", None)


def entry(*, actor, action: str, obj: models.Model, changes: dict, batch=None, note: str = "") -> AuditEntry:
    return AuditEntry(
        actor=_user_or_none(actor),
        actor_label=actor_label(actor),
        action=action,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        district_id=district_id_of(obj),
        changes=changes,
        batch_id=batch.pk if batch is not None else None,
        note=note[:300],
    )


def record(*, actor, action: str, obj: models.Model, changes: dict, batch=None, note: str = "") -> AuditEntry:
    audit = entry(actor=actor, action=action, obj=obj, changes=changes, batch=batch, note=note)
    audit.save()
    return audit


def record_many(entries: Iterable[AuditEntry], batch_size: int = 2000) -> None:
    AuditEntry.objects.bulk_create(entries, batch_size=batch_size)


def record_bulk_create(*, actor, model: type[models.Model], count: int, batch, timestamp: dt.datetime,
                       district_id=None, note: str = "") -> AuditEntry:
    """One entry for the `count` rows of `model` that an import inserted in bulk (decision 12).

    Inserted rows have no old value, and their new value is the row itself; so instead of one entry per
    row, the import records this one (object_id "", the import in `batch`) and every inserted row carries
    created_at == `timestamp` (and, until it is next updated, source_batch_id == `batch.pk`). `timeline` rebuilds
    each row's 新增 line from it. Updates are still audited row by row."""
    audit = AuditEntry.objects.create(
        actor=_user_or_none(actor), actor_label=actor_label(actor), action=AuditAction.CREATE,
        content_type=ContentType.objects.get_for_model(model), object_id="",
        object_repr=f"{model._meta.verbose_name}：导入 #{batch.pk} 新增 {count} 条"[:300],
        district_id=district_id, changes={}, batch_id=batch.pk, note=(note or f"批量新增 {count} 条（逐行的新值即记录本身）")[:300],
    )
    # auto_now_add stamps "now"; the entry must carry the rows' own created_at to be found from them.
    AuditEntry.objects.filter(pk=audit.pk).update(timestamp=timestamp)
    audit.timestamp = timestamp
    return audit


def history_of(obj: models.Model):
    """The stored entries of one object (newest first). Pages show `timeline`, which adds the 新增 line of
    a bulk-inserted row."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    ).select_related("actor")


def timeline(obj: models.Model, limit: int | None = None) -> list[AuditEntry]:
    """An object's history as a page shows it, newest first: `history_of`, and — when a bulk import inserted
    the object, which records inserts once per import — a 新增 line rebuilt from that import's entry: who and
    which import from the entry, when from created_at, the values from the row with its later updates undone."""
    entries = history_of(obj)
    shown = list(entries[:limit] if limit is not None else entries)
    if (limit is not None and len(shown) >= limit) or any(e.action == AuditAction.CREATE for e in shown):
        return shown  # the 新增 line, the oldest, would not be shown (or is there already)
    origin = _bulk_origin(obj, entries)
    return shown + [origin] if origin is not None else shown


def _bulk_origin(obj: models.Model, entries) -> AuditEntry | None:
    created_at = getattr(obj, "created_at", None)
    if created_at is None:
        return None
    content_type = ContentType.objects.get_for_model(type(obj))
    bulk = (AuditEntry.objects.filter(content_type=content_type, object_id="", action=AuditAction.CREATE, timestamp=created_at)
            .select_related("actor").order_by("id").first())
    if bulk is None:
        return None
    values = field_values(obj)
    for changes in entries.filter(action=AuditAction.UPDATE).values_list("changes", flat=True):  # newest first: undo each
        for name, change in changes.items():
            if name in values and isinstance(change, list) and len(change) == 2:
                values[name] = change[0]
    return AuditEntry(
        timestamp=created_at, actor=bulk.actor, actor_label=bulk.actor_label, action=AuditAction.CREATE,
        content_type=content_type, object_id=str(obj.pk), object_repr=str(obj)[:300], district_id=district_id_of(obj),
        changes=diff({}, values), batch_id=bulk.batch_id, note="由导入整批新增（审计按导入记录一次）",
    )


EMPTY = "（空）"


def readable_changes(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """(field label, old, new) of an entry as officials read them: 成立日期, 核实状态 未核实 → 已核实, a district's
    name rather than its id. The stored changes stay the raw values (exact, machine-comparable)."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    out = []
    for name, change in (entry.changes or {}).items():
        old, new = change if isinstance(change, list) and len(change) == 2 else (None, change)
        field = _field(model, name)
        out.append((str(field.verbose_name) if field is not None else name, _shown(field, old), _shown(field, new)))
    return out


def _field(model, name: str):
    if model is None:
        return None
    for candidate in (name, name[:-3] if name.endswith("_id") else None):
        if candidate:
            try:
                return model._meta.get_field(candidate)
            except Exception:  # FieldDoesNotExist; a field since removed keeps its raw name
                continue
    return None


def _shown(field, value) -> str:
    if value is None or value == "":
        return EMPTY
    if field is None:
        return str(value)
    if getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "是" if value in (True, "True", "true", 1) else "否"
    if field.is_relation and field.many_to_one:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"{value}（已删除）"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or EMPTY
    if isinstance(value, dict):
        return "；".join(f"{k} {v}" for k, v in value.items()) or EMPTY
    return str(value)


__all__ = ["readable_changes", "AuditAction", "record", "record_many", "record_bulk_create", "entry", "diff", "field_values", "history_of",
           "timeline", "jsonable"]

"""The audit trail: services call these inside their transaction, so every path is audited alike."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

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
        batch=batch,
        note=note[:300],
    )


def record(*, actor, action: str, obj: models.Model, changes: dict, batch=None, note: str = "") -> AuditEntry:
    audit = entry(actor=actor, action=action, obj=obj, changes=changes, batch=batch, note=note)
    audit.save()
    return audit


def record_many(entries: Iterable[AuditEntry], batch_size: int = 2000) -> None:
    AuditEntry.objects.bulk_create(entries, batch_size=batch_size)


def history_of(obj: models.Model):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    ).select_related("actor", "batch")


__all__ = ["AuditAction", "record", "record_many", "entry", "diff", "field_values", "history_of", "jsonable"]

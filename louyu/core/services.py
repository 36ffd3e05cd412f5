"""Generic audited writes that every domain service builds on: create, update, delete with an actor."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from . import audit, permissions
from . import changes as change_log
from .models import AuditAction


Problems = list[tuple[str, str]]  # (field, reason in Chinese): the row rules shared by forms, API and import


def raise_problems(problems: Problems) -> None:
    """Raise the rule violations as one ValidationError keyed by field (forms show them beside the field)."""
    if problems:
        errors: dict[str, list[str]] = {}
        for field, reason in problems:
            errors.setdefault(field, []).append(reason)
        raise ValidationError(errors)


def current_values(obj: models.Model) -> dict[str, Any]:
    """Every stored value of `obj` by attname (foreign keys as `<name>_id`): merged with an update's data,
    it is what the row rules check, so an update is judged on the whole row it will leave."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def written(*, actor, action: str, obj: models.Model, before: dict, after: dict, batch=None, note: str = "") -> dict:
    """After a write of `obj` (its audited field values before and after): the audit entry, and — outside an
    import, which tells its whole scope through louyu.intake.hooks — the change notification the indicator
    refresh listens to. Returns the changes ({} when nothing changed, and then nothing is recorded)."""
    changes = {k: [v, None] for k, v in before.items()} if action == AuditAction.DELETE else audit.diff(before, after)
    if changes:
        audit.record(actor=actor, action=action, obj=obj, changes=changes, batch=batch, note=note)
        if batch is None:
            change_log.changed(obj, *(state for state in (before, after) if state))
    return changes


def _check(actor, action: str, obj: models.Model) -> None:
    # actor=None means a trusted system job (init, demo data); a user is always checked.
    if actor is not None and not isinstance(actor, str) and not permissions.can(actor, action, obj):
        raise PermissionDenied("无权限操作该数据（超出本人负责的地区或角色范围）")


def _split_many(model: type[models.Model], data: dict[str, Any]) -> tuple[dict, dict]:
    """(field values, many-to-many values as lists) of a write's data: a form gives a queryset for a
    many-to-many field, which is set after the row is saved and audited as the sorted primary keys."""
    names = {f.name for f in model._meta.many_to_many}
    return ({k: v for k, v in data.items() if k not in names},
            {k: list(v) for k, v in data.items() if k in names and v is not None})


def _many_values(obj: models.Model, names) -> dict[str, list]:
    return {name: sorted(getattr(obj, name).values_list("pk", flat=True)) for name in names}


@transaction.atomic
def object_create(*, model: type[models.Model], data: dict[str, Any], actor, batch=None, note: str = ""):
    data, many = _split_many(model, data)
    obj = model(**data)
    obj.full_clean()
    if actor is not None and not isinstance(actor, str):
        district = getattr(obj, "district", None) if getattr(model, "scope_path", None) == "district" else None
        if district is None and hasattr(obj, "building_id") and obj.building_id:
            district = obj.building.district
        building = obj.building if getattr(obj, "building_id", None) else None
        if not (permissions.can_create_in(actor, model, district) or permissions.can_create_at(actor, model, building)):
            raise PermissionDenied("无权限在该地区新增数据")
    obj.save()
    for name, values in many.items():
        getattr(obj, name).set(values)
    written(actor=actor, action=AuditAction.CREATE, obj=obj, before={}, after={**audit.field_values(obj), **_many_values(obj, many)},
            batch=batch, note=note)
    return obj


@transaction.atomic
def object_update(*, obj: models.Model, data: dict[str, Any], actor, batch=None, note: str = "") -> dict:
    """Apply `data` to `obj`; returns the diff (empty when nothing changed, and then nothing is written)."""
    _check(actor, permissions.CHANGE, obj)
    data, many = _split_many(type(obj), data)
    before = {**audit.field_values(obj), **_many_values(obj, many)}
    for key, value in data.items():
        setattr(obj, key, value)
    obj.full_clean()
    after = {**audit.field_values(obj), **{name: sorted(v.pk for v in values) for name, values in many.items()}}
    changes = audit.diff(before, after)
    if not changes:
        return {}
    if actor is not None and not isinstance(actor, str) and "district_id" in changes:
        # Moving a row into another district is a change in both: the new one must be the actor's too.
        if not permissions.can_create_in(actor, type(obj), getattr(obj, "district", None)):
            raise PermissionDenied("无权限将数据移至其他地区")
    obj.save()
    for name, values in many.items():
        if name in changes:
            getattr(obj, name).set(values)
    return written(actor=actor, action=AuditAction.UPDATE, obj=obj, before=before, after=after, batch=batch, note=note)


def delete_blockers(obj: models.Model) -> list[str]:
    """Why `obj` may not be deleted: rows that depend on it, as the model declares them in `delete_blockers`
    ({reverse relation: what its rows are called}), e.g. a joint meeting's 议定事项. Empty: it may go."""
    problems = []
    for relation, what in getattr(obj, "delete_blockers", {}).items():
        n = getattr(obj, relation).count()
        if n:
            problems.append(f"该{obj._meta.verbose_name}下有 {n:,} 条{what}，不能删除（请先删除或处理这些记录）")
    return problems


def delete_cascades(obj: models.Model) -> list[str]:
    """What goes with `obj` (the model's `delete_cascades`: {reverse relation: what}), for the confirmation."""
    out = []
    for relation, what in getattr(obj, "delete_cascades", {}).items():
        n = getattr(obj, relation).count()
        if n:
            out.append(f"{n:,} 条{what}")
    return out


@transaction.atomic
def object_delete(*, obj: models.Model, actor, note: str = "") -> None:
    """Delete `obj` (audited, in the actor's scope); refused with the reasons when rows depend on it."""
    _check(actor, permissions.DELETE, obj)
    problems = delete_blockers(obj)
    if problems:
        raise ValidationError(problems)
    written(actor=actor, action=AuditAction.DELETE, obj=obj, before=audit.field_values(obj), after={}, note=note)
    try:
        obj.delete()
    except models.ProtectedError as exc:  # a protected reference the model did not declare: still refused in words
        names = sorted({o._meta.verbose_name for o in exc.protected_objects})
        raise ValidationError(f"该{obj._meta.verbose_name}仍被{'、'.join(names)}引用，不能删除") from None

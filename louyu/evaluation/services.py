"""Writes of 评价督查: publishing (freezing) an evaluation, and the supervision records. Atomic, explicit actor,
audited in the same transaction."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from louyu.core import audit, permissions
from louyu.core import services as core
from louyu.core.models import AuditAction, Role

from . import selectors
from .models import Evaluation, Inspection, InspectionFollowUp


@transaction.atomic
def evaluation_publish(*, year: int, weights: dict, actor, note: str = "", today: dt.date | None = None) -> Evaluation:
    """Freeze the year's evaluation under `weights` as its next version (city only)."""
    if actor is not None and permissions.role_of(actor) != Role.CITY_ADMIN:
        raise PermissionDenied("地区评价由市级管理员发布")
    result = selectors.evaluate(year, weights=weights, today=today)
    if not result["rows"]:
        raise ValidationError(f"{year} 年尚无地区指标，不能发布评价（请先计算指标）")
    version = (Evaluation.objects.filter(year=year).aggregate(v=Max("version"))["v"] or 0) + 1
    evaluation = Evaluation.objects.create(year=year, version=version, months=result["months"], weights=result["weights"],
                                           results=result["rows"], note=note.strip()[:300],
                                           published_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor=actor, action=AuditAction.CREATE, obj=evaluation,
                 changes={"year": [None, year], "version": [None, version], "weights": [None, result["weights"]]}, note=note[:300])
    return evaluation


def inspection_problems(values: dict) -> core.Problems:
    problems: core.Problems = []
    if not (values.get("district_id") or values.get("district") or (values.get("department") or "").strip()):
        problems.append(("district", "请填写督查对象（地区或部门）"))
    deadline, day = values.get("deadline"), values.get("inspected_on")
    if deadline and day and deadline < day:
        problems.append(("deadline", "整改期限不能早于督查日期"))
    return problems


@transaction.atomic
def inspection_create(*, data: dict, actor, note: str = "") -> Inspection:
    core.raise_problems(inspection_problems(data))
    return core.object_create(model=Inspection, data=data, actor=actor, note=note)


@transaction.atomic
def inspection_update(*, inspection: Inspection, data: dict, actor, note: str = "") -> dict:
    core.raise_problems(inspection_problems({**core.current_values(inspection), **data}))
    return core.object_update(obj=inspection, data=data, actor=actor, note=note)


@transaction.atomic
def follow_up_add(*, inspection: Inspection, reported_on: dt.date, content: str, actor) -> InspectionFollowUp:
    """The subject reports its rectification (the district itself, or the city)."""
    if actor is not None and not permissions.can(actor, permissions.CHANGE, inspection):
        raise PermissionDenied("无权限报告该督查的整改情况")
    if not (content or "").strip():
        raise ValidationError({"content": "请填写整改情况"})
    follow_up = InspectionFollowUp(inspection=inspection, reported_on=reported_on, content=content.strip())
    follow_up.full_clean()
    follow_up.save()
    core.written(actor=actor, action=AuditAction.CREATE, obj=follow_up, before={}, after=audit.field_values(follow_up))
    return follow_up


def inspection_delete(*, inspection: Inspection, actor, note: str = "") -> None:
    """Refused once a follow-up report exists (the rectification's record stays)."""
    core.object_delete(obj=inspection, actor=actor, note=note)

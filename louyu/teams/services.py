"""Writes of the operation teams (atomic, explicit actor, audited in the same transaction)."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from louyu.core import audit, permissions
from louyu.core import services as core
from louyu.core.models import AuditAction, Role

from .models import OperationTeam, TeamRecognition


def operation_team_create(*, data: dict, actor, note: str = "") -> OperationTeam:
    return core.object_create(model=OperationTeam, data=data, actor=actor, note=note)


def operation_team_update(*, operation_team: OperationTeam, data: dict, actor, note: str = "") -> dict:
    return core.object_update(obj=operation_team, data=data, actor=actor, note=note)


@transaction.atomic
def team_recognise(*, team: OperationTeam, year: int, recognised_on: dt.date, note: str = "", actor) -> TeamRecognition:
    """The city recognises a team as 优秀楼宇招商运营团队 of `year` (once a year)."""
    if actor is not None and permissions.role_of(actor) != Role.CITY_ADMIN:
        raise PermissionDenied("优秀招商运营团队由市级管理员认定")
    if TeamRecognition.objects.filter(team=team, year=year).exists():
        raise ValidationError(f"{team.name}已是 {year} 年优秀招商运营团队")
    if recognised_on.year < year:
        raise ValidationError({"recognised_on": "认定日期不能早于评定年度"})
    recognition = TeamRecognition(team=team, year=year, recognised_on=recognised_on, note=note.strip())
    recognition.full_clean()
    recognition.save()
    core.written(actor=actor, action=AuditAction.CREATE, obj=recognition, before={}, after=audit.field_values(recognition), note=note[:300])
    return recognition


def operation_team_delete(*, operation_team: OperationTeam, actor, note: str = "") -> None:
    """Refused once the team has been recognised (the recognition stays on the record)."""
    core.object_delete(obj=operation_team, actor=actor, note=note)

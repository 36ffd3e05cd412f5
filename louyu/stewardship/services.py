"""Writes of 楼长制: naming a 楼长, and 企业诉求 from receipt to the enterprise's confirmation (audited)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from louyu.core import services as core_services
from louyu.core.models import Role

from .models import CLOSED_STATUSES, BuildingSteward, EnterpriseRequest, RequestStatus

Problems = core_services.Problems


def steward_problems(values: dict[str, Any]) -> Problems:
    user = values.get("steward")
    if user is None and values.get("steward_id"):
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(pk=values["steward_id"]).select_related("profile").first()
    if user is None:
        return []
    profile = getattr(user, "profile", None)
    building = values.get("building")
    if profile is None or profile.role not in (Role.DISTRICT_EDITOR, Role.CITY_ADMIN):
        return [("steward", "楼长须为地区或市级工作人员账号")]
    if building is not None and profile.role == Role.DISTRICT_EDITOR and profile.district_id != building.district_id:
        return [("steward", f"楼长须为{building.district.name}的工作人员")]
    return []


@transaction.atomic
def steward_create(*, data: dict[str, Any], actor, note: str = "") -> BuildingSteward:
    core_services.raise_problems(steward_problems(data))
    return core_services.object_create(model=BuildingSteward, data=data, actor=actor, note=note)


@transaction.atomic
def steward_update(*, steward: BuildingSteward, data: dict[str, Any], actor, note: str = "") -> dict:
    core_services.raise_problems(steward_problems({"building": steward.building, "steward_id": steward.steward_id, **data}))
    return core_services.object_update(obj=steward, data=data, actor=actor, note=note)


def request_problems(values: dict[str, Any]) -> Problems:
    received, due = values.get("received_on"), values.get("due_on")
    problems = []
    if received and due and due < received:
        problems.append(("due_on", "办理期限不能早于受理日期"))
    if values.get("status") in CLOSED_STATUSES and not values.get("resolved_on"):
        problems.append(("resolved_on", "办结须填写办结日期"))
    return problems


@transaction.atomic
def enterprise_request_create(*, data: dict[str, Any], actor, note: str = "") -> EnterpriseRequest:
    if data.get("enterprise") is not None and not data.get("enterprise_name"):
        data = {**data, "enterprise_name": data["enterprise"].name}
    core_services.raise_problems(request_problems(data))
    return core_services.object_create(model=EnterpriseRequest, data=data, actor=actor, note=note)


@transaction.atomic
def enterprise_request_update(*, request: EnterpriseRequest, data: dict[str, Any], actor, note: str = "") -> dict:
    core_services.raise_problems(request_problems({**core_services.current_values(request), **data}))
    return core_services.object_update(obj=request, data=data, actor=actor, note=note)


@transaction.atomic
def enterprise_request_resolve(*, request: EnterpriseRequest, resolution: str, actor, on: dt.date | None = None) -> dict:
    if not resolution.strip():
        raise ValidationError({"resolution": "办结须填写办理结果"})
    return enterprise_request_update(request=request, data={"status": RequestStatus.RESOLVED, "resolution": resolution.strip(),
                                                            "resolved_on": on or timezone.localdate()}, actor=actor, note="诉求办结")


@transaction.atomic
def enterprise_request_confirm(*, request: EnterpriseRequest, actor, on: dt.date | None = None) -> dict:
    """The enterprise confirms the resolution (recorded by the 楼长 or the operator who asked it)."""
    if request.status != RequestStatus.RESOLVED:
        raise ValidationError("只有已办结的诉求可以由企业确认")
    return enterprise_request_update(request=request, data={"status": RequestStatus.CONFIRMED, "confirmed_on": on or timezone.localdate()},
                                     actor=actor, note="企业确认办结")

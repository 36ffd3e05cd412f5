"""Writes of 政务服务进楼宇 and 楼宇党建 (atomic, explicit actor, audited in the same transaction)."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from louyu.core import audit, permissions
from louyu.core import services as core
from louyu.core.models import AuditAction

from .models import PartyOrganisation, ServicePoint, ServiceVolume


def service_point_create(*, data: dict, actor, note: str = "") -> ServicePoint:
    return core.object_create(model=ServicePoint, data=data, actor=actor, note=note)


def service_point_update(*, service_point: ServicePoint, data: dict, actor, note: str = "") -> dict:
    return core.object_update(obj=service_point, data=data, actor=actor, note=note)


@transaction.atomic
def service_volume_record(*, point: ServicePoint, period, transactions: int, self_service: int, actor) -> ServiceVolume:
    """A month's transactions (replacing that month's earlier report)."""
    if actor is not None and not permissions.can(actor, permissions.CHANGE, point):
        raise PermissionDenied("无权限报送该服务点的办件量")
    existing = ServiceVolume.objects.filter(point=point, period=period).first()
    data = {"transactions": transactions, "self_service": self_service}
    if existing is None:
        volume = ServiceVolume(point=point, period=period, **data)
        volume.full_clean()
        volume.save()
        core.written(actor=actor, action=AuditAction.CREATE, obj=volume, before={}, after=audit.field_values(volume))
        return volume
    core.object_update(obj=existing, data=data, actor=actor)
    return existing


@transaction.atomic
def party_organisation_create(*, data: dict, actor, note: str = "") -> PartyOrganisation:
    return core.object_create(model=PartyOrganisation, data=data, actor=actor, note=note)


@transaction.atomic
def party_organisation_update(*, party_organisation: PartyOrganisation, data: dict, actor, note: str = "") -> dict:
    return core.object_update(obj=party_organisation, data=data, actor=actor, note=note)


def service_volume_problems(values: dict) -> core.Problems:
    """A month's counts: the self-service part never exceeds all transactions."""
    total, own = values.get("transactions"), values.get("self_service")
    if total is not None and own is not None and own > total:
        return [("self_service", f"其中自助办理（{own:,}）不能多于办件量（{total:,}）")]
    return []


def party_organisation_problems(values: dict) -> core.Problems:
    """章程: a party organisation needs at least three members."""
    members = values.get("members")
    if members is not None and members < 3:
        return [("members", "党员人数不少于 3 人（党章规定成立党组织的最低人数）")]
    return []


def service_point_delete(*, service_point: ServicePoint, actor, note: str = "") -> None:
    """Refused while the point has reported monthly counts (they feed the self-service ratio)."""
    core.object_delete(obj=service_point, actor=actor, note=note)


def party_organisation_delete(*, party_organisation: PartyOrganisation, actor, note: str = "") -> None:
    core.object_delete(obj=party_organisation, actor=actor, note=note)

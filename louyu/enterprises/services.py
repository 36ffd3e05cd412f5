"""Writes to enterprises, tenancies and tax records, shared by the web forms, the API and the intake.

`<noun>_problems(values)` are the row rules in Chinese (the import reports the same reasons per row).
A registered tenancy (注册且办公/仅注册) may not overlap another registered tenancy of the same
enterprise in any building; intervals are half-open [入驻日期, 迁出日期).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from louyu.core import audit, permissions
from louyu.core import services as core_services
from louyu.core.models import AuditAction

from . import selectors
from .models import REGISTERED_KINDS, DistrictMove, Enterprise, MoveStatus, TaxRecord, Tenancy

Problems = core_services.Problems


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


# --- 企业 ----------------------------------------------------------------------------------------------


def enterprise_problems(values: dict[str, Any], *, today: dt.date | None = None) -> Problems:
    problems = []
    if values.get("registered_capital") is not None and values["registered_capital"] < 0:
        problems.append(("registered_capital", "注册资本不能为负数"))
    if values.get("established_on") and values["established_on"] > _today(today):
        problems.append(("established_on", "成立日期不能晚于今天"))
    return problems


@transaction.atomic
def enterprise_create(*, data: dict[str, Any], actor, batch=None, note: str = "") -> Enterprise:
    core_services.raise_problems(enterprise_problems(data))
    return core_services.object_create(model=Enterprise, data=data, actor=actor, batch=batch, note=note)


@transaction.atomic
def enterprise_update(*, enterprise: Enterprise, data: dict[str, Any], actor, batch=None, note: str = "") -> Enterprise:
    core_services.raise_problems(enterprise_problems({**core_services.current_values(enterprise), **data}))
    core_services.object_update(obj=enterprise, data=data, actor=actor, batch=batch, note=note)
    return enterprise


# --- 入驻 ----------------------------------------------------------------------------------------------


def tenancy_problems(values: dict[str, Any], *, today: dt.date | None = None) -> Problems:
    problems = []
    if values.get("area") is not None and values["area"] < 0:
        problems.append(("area", "面积不能为负数"))
    move_in, move_out = values.get("move_in"), values.get("move_out")
    if move_in and move_in > _today(today):
        problems.append(("move_in", "入驻日期不能晚于今天"))
    if move_in and move_out and move_out <= move_in:
        problems.append(("move_out", "迁出日期应晚于入驻日期"))
    return problems


def tenancy_overlap_problems(*, enterprise_id, move_in, move_out, kind, exclude_pk=None) -> Problems:
    if kind not in REGISTERED_KINDS or enterprise_id is None or move_in is None:
        return []
    clashes = selectors.registered_overlaps_for(enterprise_id=enterprise_id, move_in=move_in, move_out=move_out, exclude_pk=exclude_pk)
    return [("move_in", f"与该企业已登记的注册入驻时间重叠：{selectors.stay_label(t)}") for t in clashes]


def _tenancy_check(values: dict, exclude_pk=None) -> None:
    problems = tenancy_problems(values)
    enterprise_id = values.get("enterprise_id") or getattr(values.get("enterprise"), "pk", None)
    problems += tenancy_overlap_problems(
        enterprise_id=enterprise_id, move_in=values.get("move_in"), move_out=values.get("move_out"),
        kind=values.get("kind"), exclude_pk=exclude_pk,
    )
    core_services.raise_problems(problems)


@transaction.atomic
def tenancy_create(*, data: dict[str, Any], actor, batch=None, note: str = "") -> Tenancy:
    _tenancy_check(data)
    tenancy = core_services.object_create(model=Tenancy, data=data, actor=actor, batch=batch, note=note)
    enterprise_districts_sync(enterprise_ids=[tenancy.enterprise_id], actor=actor, batch=batch)
    return tenancy


@transaction.atomic
def tenancy_update(*, tenancy: Tenancy, data: dict[str, Any], actor, batch=None, note: str = "") -> Tenancy:
    _tenancy_check({**core_services.current_values(tenancy), **data}, exclude_pk=tenancy.pk)
    core_services.object_update(obj=tenancy, data=data, actor=actor, batch=batch, note=note)
    enterprise_districts_sync(enterprise_ids=[tenancy.enterprise_id], actor=actor, batch=batch)
    return tenancy


@transaction.atomic
def enterprise_districts_sync(*, enterprise_ids: Iterable[int], actor, batch=None, on: dt.date | None = None) -> int:
    """An enterprise belongs to the district of the building it is registered in today (if any).

    Called after tenancy writes; enterprises without a current registered tenancy keep their district
    (attributed from the address by the matching engine). A move out of another district by a user below
    city level is not made: it becomes a DistrictMove for the city to approve (`district_move_decide`), so
    no import, form or review decision changes a row of another district. Returns the number moved."""
    buildings = selectors.current_registered_building_ids(enterprise_ids, _today(on))
    if not buildings:
        return 0
    from louyu.buildings.models import Building

    district_of = dict(Building.objects.filter(pk__in=set(buildings.values())).values_list("pk", "district_id"))
    confined = _is_user(actor) and not permissions.is_city_level(actor)
    moved, entries = [], []
    for start in range(0, len(buildings), 5000):
        ids = list(buildings)[start : start + 5000]
        for enterprise in Enterprise.objects.filter(pk__in=ids):
            target = district_of[buildings[enterprise.pk]]
            if enterprise.district_id == target:
                continue
            if confined and enterprise.district_id is not None:
                district_move_request(enterprise=enterprise, to_district_id=target, building_id=buildings[enterprise.pk],
                                      actor=actor, batch=batch)
                continue
            changes = {"district_id": [enterprise.district_id, target]}
            enterprise.district_id = target
            enterprise.updated_at = timezone.now()
            moved.append(enterprise)
            entries.append(audit.entry(actor=actor, action=AuditAction.UPDATE, obj=enterprise, changes=changes,
                                       batch=batch, note="按注册入驻楼宇更新归属地区"))
    Enterprise.objects.bulk_update(moved, ["district", "updated_at"], batch_size=1000)
    audit.record_many(entries)
    return len(moved)


def _is_user(actor) -> bool:
    return actor is not None and not isinstance(actor, str) and getattr(actor, "pk", None) is not None


def district_move_request(*, enterprise: Enterprise, to_district_id: int, building_id, actor, batch=None) -> DistrictMove:
    """Ask the city to move `enterprise` into another district (one pending request per enterprise: a newer
    registration replaces the target of the pending one). Audited like any change."""
    pending = DistrictMove.objects.filter(enterprise=enterprise, status=MoveStatus.PENDING).first()
    if pending is not None:
        before = audit.field_values(pending)
        pending.to_district_id, pending.building_id = to_district_id, building_id
        pending.requested_by = actor
        pending.save()
        core_services.written(actor=actor, action=AuditAction.UPDATE, obj=pending, before=before,
                              after=audit.field_values(pending), batch=batch, note="更新跨地区迁移申请")
        return pending
    move = DistrictMove.objects.create(enterprise=enterprise, from_district_id=enterprise.district_id, to_district_id=to_district_id,
                                       building_id=building_id, requested_by=actor)
    core_services.written(actor=actor, action=AuditAction.CREATE, obj=move, before={}, after=audit.field_values(move),
                          batch=batch, note="注册入驻将使企业迁入其他地区，提交市级审批")
    return move


@transaction.atomic
def district_move_decide(*, move: DistrictMove, approve: bool, actor, note: str = "") -> DistrictMove:
    """A city administrator approves (the enterprise moves, audited) or rejects a pending move."""
    if not permissions.is_city_level(actor):
        raise PermissionDenied("跨地区迁移须由市级管理员审批")
    move = DistrictMove.objects.select_for_update().get(pk=move.pk)
    if move.status != MoveStatus.PENDING:
        raise ValidationError(f"该申请已处理（{move.get_status_display()}），不能重复审批")
    before = audit.field_values(move)
    move.status = MoveStatus.APPROVED if approve else MoveStatus.REJECTED
    move.decided_by, move.decided_at, move.note = actor, timezone.now(), note[:300]
    move.save()
    core_services.written(actor=actor, action=AuditAction.UPDATE, obj=move, before=before, after=audit.field_values(move),
                          note="批准跨地区迁移" if approve else "驳回跨地区迁移")
    if approve:
        core_services.object_update(obj=move.enterprise, data={"district_id": move.to_district_id}, actor=actor,
                                    note=f"市级批准跨地区迁移（申请 {move.pk}）")
    return move


# --- 税收 ----------------------------------------------------------------------------------------------


def tax_record_problems(values: dict[str, Any], *, today: dt.date | None = None) -> Problems:
    period = values.get("period")
    problems = []
    if period is not None:
        if period.day != 1:
            problems.append(("period", "所属期应为某月的第一天"))
        if period > _today(today).replace(day=1):
            problems.append(("period", "所属期不能晚于本月"))
    return problems


@transaction.atomic
def tax_record_upsert(*, enterprise: Enterprise, period: dt.date, total_tax: Decimal, actor, breakdown: dict | None = None,
                      batch=None, source: str | None = None, verification: str | None = None,
                      note: str = "") -> tuple[TaxRecord, str]:
    """One enterprise-month of tax (a correction form or an API call; files go through the intake's
    set-based path). Returns (record, "create" | "update" | "unchanged")."""
    data: dict[str, Any] = {"total_tax": Decimal(total_tax).quantize(Decimal("0.01"))}
    if breakdown is not None:
        data["breakdown"] = breakdown
    if source is not None:
        data["source"] = source
    if verification is not None:
        data["verification"] = verification
    core_services.raise_problems(tax_record_problems({"period": period}))
    current = TaxRecord.objects.select_related("enterprise").filter(enterprise=enterprise, period=period).first()
    if current is None:
        record = core_services.object_create(
            model=TaxRecord, data={"enterprise": enterprise, "period": period, "source_batch_id": batch.pk if batch else None, **data},
            actor=actor, batch=batch, note=note,
        )
        return record, "create"
    changes = core_services.object_update(obj=current, data=data, actor=actor, batch=batch, note=note)
    return current, ("update" if changes else "unchanged")

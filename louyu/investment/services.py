"""Writes of 招商: listings, their confirmation and expiry, demands, and the lead pipeline.

Every write goes through louyu.core.services (permission check + audit in the same transaction); a signed
lead creates the enterprise (if new) and its tenancy through louyu.enterprises.services, so occupancy and
tax attribution follow without anyone entering them again.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from louyu.core import permissions
from louyu.core import services as core_services
from louyu.enterprises import services as enterprise_services
from louyu.enterprises.models import Enterprise, TenancyKind
from louyu.enterprises.uscc import validate_uscc

from . import rules
from .models import STAGE_DATE_FIELD, STAGE_ORDER, Demand, Lead, LeadStage, ListingStatus, VacantUnit

Problems = core_services.Problems
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
# What a file must start with to be what its name says (never trust a file's name or its declared type).
SIGNATURES = {"jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",), "png": (b"\x89PNG\r\n\x1a\n",), "pdf": (b"%PDF-",)}
ALLOWED = {"photo": ("jpg", "jpeg", "png"), "floor_plan": ("jpg", "jpeg", "png", "pdf")}


def _today(today):
    return today or timezone.localdate()


def attachment_problems(field: str, upload) -> Problems:
    """An uploaded photo or floor plan: an allowed type by name and by content, at most 5 MB."""
    if not upload:
        return []
    label = "实景照片" if field == "photo" else "平面图"
    name = getattr(upload, "name", "") or ""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in ALLOWED[field]:
        return [(field, f"{label}只接受 {'/'.join(ALLOWED[field])} 文件")]
    if upload.size > MAX_ATTACHMENT_BYTES:
        return [(field, f"{label}不能超过 5 MB（当前 {upload.size / 1024 / 1024:.1f} MB）")]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES[suffix]):
        return [(field, f"{label}的内容不是有效的 {suffix} 文件")]
    return []


# --- 可招商空间 --------------------------------------------------------------------------------------------


def vacant_unit_problems(values: dict[str, Any]) -> Problems:
    problems = []
    if values.get("area") is not None and values["area"] <= 0:
        problems.append(("area", "面积应大于 0"))
    if values.get("asking_rent") is not None and values["asking_rent"] < 0:
        problems.append(("asking_rent", "报价租金不能为负数"))
    for field in ("photo", "floor_plan"):
        upload = values.get(field)
        if upload and hasattr(upload, "size") and not getattr(upload, "_committed", False):  # an empty FieldFile: none
            problems += attachment_problems(field, upload)
    return problems


@transaction.atomic
def vacant_unit_create(*, data: dict[str, Any], actor, today: dt.date | None = None, note: str = "") -> VacantUnit:
    data = {"confirmed_on": _today(today), "status": ListingStatus.AVAILABLE, **data}
    core_services.raise_problems(vacant_unit_problems(data))
    return core_services.object_create(model=VacantUnit, data=data, actor=actor, note=note)


@transaction.atomic
def vacant_unit_update(*, vacant_unit: VacantUnit, data: dict[str, Any], actor, note: str = "") -> dict:
    core_services.raise_problems(vacant_unit_problems({**core_services.current_values(vacant_unit), **data}))
    return core_services.object_update(obj=vacant_unit, data=data, actor=actor, note=note)


@transaction.atomic
def vacant_unit_confirm(*, vacant_unit: VacantUnit, actor, today: dt.date | None = None) -> dict:
    """The operator says "still vacant": the listing is fresh again (a stale one returns to 可招商)."""
    if vacant_unit.status == ListingStatus.LEASED:
        raise ValidationError("已出租的空间不能再确认为空置")
    return core_services.object_update(obj=vacant_unit, data={"confirmed_on": _today(today), "status": ListingStatus.AVAILABLE},
                                       actor=actor, note="确认空间仍可招商")


@transaction.atomic
def vacant_units_expire(*, today: dt.date | None = None, actor=None) -> dict[str, int]:
    """Apply the staleness rule to every open listing (a daily job or `louyu expire-listings`)."""
    day = _today(today)
    counts = {ListingStatus.STALE: 0, ListingStatus.WITHDRAWN: 0}
    for unit in VacantUnit.objects.filter(status__in=(ListingStatus.AVAILABLE, ListingStatus.STALE)).select_related("building"):
        status = rules.listing_status_on(status=unit.status, confirmed_on=unit.confirmed_on, today=day)
        if status != unit.status:
            note = f"超过 {(day - unit.confirmed_on).days} 天未确认"
            core_services.object_update(obj=unit, data={"status": status}, actor=actor, note=note)
            counts[status] += 1
    return {"stale": counts[ListingStatus.STALE], "withdrawn": counts[ListingStatus.WITHDRAWN]}


# --- 招商需求 --------------------------------------------------------------------------------------------


def demand_problems(values: dict[str, Any]) -> Problems:
    problems = []
    low, high = values.get("area_min"), values.get("area_max")
    if low is not None and low <= 0:
        problems.append(("area_min", "最小面积应大于 0"))
    if low is not None and high is not None and high < low:
        problems.append(("area_max", "最大面积不能小于最小面积"))
    if values.get("budget_rent") is not None and values["budget_rent"] < 0:
        problems.append(("budget_rent", "租金预算不能为负数"))
    uscc = values.get("uscc")
    if uscc:
        try:
            validate_uscc(uscc)
        except ValidationError as exc:
            problems.append(("uscc", "；".join(exc.messages)))
    return problems


def _link_enterprise(data: dict) -> dict:
    """A demand with the USCC of a registered enterprise is linked to it."""
    if data.get("uscc") and not data.get("enterprise"):
        enterprise = Enterprise.objects.filter(uscc=data["uscc"]).first()
        if enterprise is not None:
            data = {**data, "enterprise": enterprise}
    return data


@transaction.atomic
def demand_create(*, data: dict[str, Any], actor, note: str = "") -> Demand:
    core_services.raise_problems(demand_problems(data))
    return core_services.object_create(model=Demand, data=_link_enterprise(data), actor=actor, note=note)


@transaction.atomic
def demand_update(*, demand: Demand, data: dict[str, Any], actor, note: str = "") -> dict:
    core_services.raise_problems(demand_problems({**core_services.current_values(demand), **data}))
    return core_services.object_update(obj=demand, data=_link_enterprise(data), actor=actor, note=note)


# --- 招商线索 --------------------------------------------------------------------------------------------


@transaction.atomic
def lead_create(*, demand: Demand, unit: VacantUnit, actor, on: dt.date | None = None, notes: str = "") -> Lead:
    """Start pursuing `demand` for `unit` (线索). The actor must see both."""
    if actor is not None and not (permissions.can(actor, permissions.VIEW, demand) and permissions.can(actor, permissions.VIEW, unit)):
        raise PermissionDenied("无权限为该需求或空间建立线索")
    if unit.status not in (ListingStatus.AVAILABLE, ListingStatus.STALE):
        raise ValidationError({"unit": "该空间已出租或已下架"})
    data = {"demand": demand, "unit": unit, "district": unit.building.district, "clue_on": _today(on), "notes": notes}
    return core_services.object_create(model=Lead, data=data, actor=actor, note="建立招商线索")


def lead_move_problems(lead: Lead, stage: str, on: dt.date, reason: str) -> Problems:
    if lead.stage in (LeadStage.SIGNED, LeadStage.LOST):
        return [("stage", f"线索已{lead.get_stage_display()}，不能再变更阶段")]
    if stage == LeadStage.LOST:
        return [] if reason.strip() else [("lost_reason", "流失须填写原因")]
    if stage not in STAGE_ORDER or STAGE_ORDER.index(stage) <= STAGE_ORDER.index(lead.stage):
        return [("stage", "只能推进到后续阶段")]
    last = max(d for d in (getattr(lead, f) for f in STAGE_DATE_FIELD.values()) if d)
    if on < last:
        return [("on", f"日期不能早于上一阶段的日期（{last:%Y-%m-%d}）")]
    if on > timezone.localdate():
        return [("on", "日期不能晚于今天")]
    return []


@transaction.atomic
def lead_advance(*, lead: Lead, stage: str, actor, on: dt.date | None = None, note: str = "", reason: str = "",
                 uscc: str = "", kind: str = TenancyKind.REGISTERED_PRESENT) -> Lead:
    """Move a lead on (skipping stages is allowed: their dates stay empty). Signing creates the tenancy —
    and the enterprise, when the demand is a prospective one — through the enterprise services."""
    day = _today(on)
    core_services.raise_problems(lead_move_problems(lead, stage, day, reason))
    data: dict[str, Any] = {"stage": stage, STAGE_DATE_FIELD[stage]: day}
    if note.strip():
        data["notes"] = (lead.notes + "\n" if lead.notes else "") + f"{day:%Y-%m-%d} {note.strip()}"
    if stage == LeadStage.LOST:
        data["lost_reason"] = reason.strip()
    if stage == LeadStage.SIGNED:
        data["tenancy"] = _sign(lead=lead, day=day, actor=actor, uscc=uscc, kind=kind)
    core_services.object_update(obj=lead, data=data, actor=actor, note=f"线索推进至“{LeadStage(stage).label}”")
    return lead


def _sign(*, lead: Lead, day: dt.date, actor, uscc: str, kind: str):
    demand, unit = lead.demand, lead.unit
    enterprise = demand.enterprise
    code = (uscc or demand.uscc or "").strip().upper()
    if enterprise is None and code:
        enterprise = Enterprise.objects.filter(uscc=code).first()
    if enterprise is None:
        if not code:
            raise ValidationError({"uscc": "签约须填写企业的统一社会信用代码"})
        enterprise = enterprise_services.enterprise_create(
            data={"uscc": code, "name": demand.enterprise_name, "industry": demand.industry, "district": unit.building.district,
                  "source": "招商签约"}, actor=actor, note="招商签约新增企业")
    if demand.enterprise_id != enterprise.pk or demand.uscc != enterprise.uscc:
        core_services.object_update(obj=demand, data={"enterprise": enterprise, "uscc": enterprise.uscc}, actor=actor,
                                    note="签约关联企业")
    tenancy = enterprise_services.tenancy_create(
        data={"enterprise": enterprise, "building": unit.building, "floor": unit.floor, "room": unit.unit, "area": unit.area,
              "move_in": day, "kind": kind, "source": "招商签约"}, actor=actor, note="招商签约入驻")
    core_services.object_update(obj=unit, data={"status": ListingStatus.LEASED}, actor=actor, note="招商签约，空间已出租")
    return tenancy

"""Attribution writes: run the matcher over enterprises, and record a reviewer's decision.

A match the engine is sure of (匹配) attributes the enterprise at once when it has no registered
tenancy yet (a 仅注册 tenancy, 数据来源 "地址匹配", 未核实); an uncertain one (待复核) waits in its
district's review queue; a confirmed or corrected one becomes a tenancy and, where the address named
the building differently, teaches the register a new alias.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from louyu.buildings.models import Building
from louyu.core import audit, changes, permissions
from louyu.core import services as core_services
from louyu.enterprises.models import REGISTERED_KINDS, Enterprise, TaxRecord, Tenancy, TenancyKind
from louyu.enterprises.services import tenancy_create

from . import selectors
from .models import DECIDED, AddressMatch, MatchStatus

MATCH_SOURCE = "地址匹配"


def _candidates_json(result) -> list[dict]:
    return [{"code": c.code, "name": c.name, "score": round(c.score, 4), "evidence": list(c.evidence)} for c in result.candidates]


def attribution_move_in(enterprise: Enterprise) -> dt.date:
    """When an attributed enterprise is taken to have registered there: its founding date, else its first
    tax month, else today. Documented in docs/matching.md: a person can correct it on the tenancy."""
    if enterprise.established_on:
        return enterprise.established_on
    first_tax = TaxRecord.objects.filter(enterprise=enterprise).aggregate(first=Min("period"))["first"]
    return first_tax or timezone.localdate()


def _has_registered_tenancy(enterprise: Enterprise) -> bool:
    return Tenancy.objects.filter(enterprise=enterprise, kind__in=REGISTERED_KINDS).exists()


UPDATE_FIELDS = ["address", "status", "building", "confidence", "evidence", "candidates", "district", "decided_by",
                 "decided_at", "note", "matched_at"]


def enterprises_match(*, enterprises: Iterable[Enterprise] | None = None, actor=None, attribute: bool = True,
                      chunk_size: int = 2000) -> dict[str, int]:
    """Match each enterprise's registered address; keep decided matches whose address has not changed.

    Set-wise per chunk: one read of the chunk's existing matches and tenancies, one upsert of its results."""
    index = selectors.register_index()
    buildings = {b.code: b for b in Building.objects.select_related("district")}
    qs = Enterprise.objects.exclude(registered_address="") if enterprises is None else enterprises
    counts = {"matched": 0, "review": 0, "none": 0, "kept": 0, "attributed": 0}
    with changes.deferred():  # the tenancies it creates refresh the indicators once, at the end
        for chunk in _chunks(qs, chunk_size):
            with transaction.atomic():
                _match_chunk(chunk, index, buildings, actor, attribute, counts)
    return counts


def _chunks(items: Iterable, size: int):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _match_chunk(chunk: list[Enterprise], index, buildings: dict, actor, attribute: bool, counts: dict) -> None:
    ids = [e.pk for e in chunk]
    existing = {m.enterprise_id: m for m in AddressMatch.objects.filter(enterprise_id__in=ids)}
    registered = set(
        Tenancy.objects.filter(enterprise_id__in=ids, kind__in=REGISTERED_KINDS).values_list("enterprise_id", flat=True)
    )
    rows, to_attribute = [], []
    for enterprise in chunk:
        old = existing.get(enterprise.pk)
        if old and old.status in DECIDED and old.address == enterprise.registered_address[:300]:
            counts["kept"] += 1
            continue
        result = index.match(enterprise.registered_address, enterprise_name=enterprise.name)
        building = buildings.get(result.code) if result.code and result.status != "none" else None
        counts[result.status] += 1
        rows.append(AddressMatch(
            enterprise=enterprise, address=enterprise.registered_address[:300], status=result.status, building=building,
            confidence=round(min(max(result.confidence, 0.0), 1.0), 4), evidence=list(result.evidence),
            candidates=_candidates_json(result), district=building.district if building else enterprise.district,
        ))
        if result.status == MatchStatus.MATCHED and attribute and building and enterprise.pk not in registered:
            to_attribute.append((enterprise, building, rows[-1].confidence))
    AddressMatch.objects.bulk_create(rows, update_conflicts=True, unique_fields=["enterprise"], update_fields=UPDATE_FIELDS)
    for enterprise, building, confidence in to_attribute:
        tenancy = _attribute(enterprise, building, actor, note=f"自动匹配，置信度 {confidence}")
        AddressMatch.objects.filter(enterprise=enterprise).update(tenancy=tenancy)
        counts["attributed"] += 1


def _attribute(enterprise: Enterprise, building: Building, actor, note: str) -> Tenancy:
    return tenancy_create(
        data=dict(
            enterprise=enterprise, building=building, kind=TenancyKind.REGISTERED_ONLY,
            move_in=attribution_move_in(enterprise), source=MATCH_SOURCE,
        ),
        actor=actor, note=note,
    )


@transaction.atomic
def match_decide(*, match: AddressMatch, actor, decision: str, building: Building | None = None, note: str = "") -> AddressMatch:
    """A reviewer confirms the proposed building, corrects it to another, or rejects the match."""
    if not permissions.can(actor, permissions.CHANGE, match):
        raise PermissionDenied("无权限复核该匹配（超出本人负责的地区）")
    if decision == "confirm":
        target, status = match.building, MatchStatus.CONFIRMED
    elif decision == "correct":
        target, status = building, MatchStatus.CORRECTED
    elif decision == "reject":
        target, status = None, MatchStatus.REJECTED
    else:
        raise ValidationError(f"未知的复核决定：{decision}")
    if match.status in DECIDED:
        raise ValidationError("该匹配已有复核结论；如需更改，请先在“复核记录”中撤销")
    before = {"status": match.status, "building": match.building_id, "tenancy": match.tenancy_id}
    if decision != "reject":
        if target is None:
            raise ValidationError("请选择楼宇")
        if not permissions.restrict(Building.objects.filter(pk=target.pk), actor, permissions.CHANGE).exists():
            raise PermissionDenied("只能将企业归属到本人负责地区的楼宇")
        if not Tenancy.objects.filter(enterprise=match.enterprise, building=target, kind__in=REGISTERED_KINDS).exists():
            match.tenancy = _attribute(match.enterprise, target, actor, note=f"复核{dict(MatchStatus.choices)[status]}")
        learned = _learn_alias(match, target, actor)
    else:
        learned = ""
    match.status, match.building = status, target if target else match.building
    match.decided_by = actor if getattr(actor, "pk", None) else None
    match.decided_at = timezone.now()
    match.note = note[:300]
    match.district = target.district if target else match.district
    match.save()
    audit.record(actor=actor, action="update", obj=match, note=note, changes={
        "status": [before["status"], status], "building": [before["building"], match.building_id],
        "tenancy": [before["tenancy"], match.tenancy_id], **({"alias": [None, learned]} if learned else {})})
    return match


@transaction.atomic
def match_undo(*, match: AddressMatch, actor, note: str = "") -> AddressMatch:
    """Take a reviewer's decision back: the match returns to where it was (待复核 or 无匹配), the tenancy the
    decision created is removed and the alias it taught the register is forgotten — each step audited."""
    if not permissions.can(actor, permissions.CHANGE, match):
        raise PermissionDenied("无权限撤销该复核（超出本人负责的地区）")
    if match.status not in DECIDED:
        raise ValidationError("该匹配尚未复核，无需撤销")
    decision = audit.history_of(match).filter(changes__has_key="status").first()
    previous, previous_building = MatchStatus.REVIEW, None
    if decision is not None:
        previous = decision.changes["status"][0] if decision.changes["status"][0] not in DECIDED else MatchStatus.REVIEW
        previous_building = decision.changes.get("building", [None])[0]
    tenancy_change = decision.changes.get("tenancy", [None, None]) if decision is not None else [None, None]
    created = match.tenancy if tenancy_change[1] == match.tenancy_id and tenancy_change[0] != tenancy_change[1] else None
    if created is not None and created.source == MATCH_SOURCE:
        core_services.object_delete(obj=created, actor=actor, note="撤销地址匹配复核")
    learned = decision.changes.get("alias", [None, None])[1] if decision is not None else None
    if learned and match.building is not None:
        _forget_alias(learned, match.building, actor)
    before = {"status": match.status, "building": match.building_id, "tenancy": match.tenancy_id}
    match.status = previous
    match.building_id = previous_building
    match.tenancy = None
    match.decided_by, match.decided_at, match.note = None, None, ""
    match.district = match.building.district if match.building_id else match.enterprise.district
    match.save()
    audit.record(actor=actor, action="update", obj=match, note=note or "撤销复核", changes={
        "status": [before["status"], match.status], "building": [before["building"], match.building_id],
        "tenancy": [before["tenancy"], None]})
    return match


def _alias_from(match: AddressMatch) -> str:
    return (selectors.register_index().parse(match.address).name_part or "").strip()


def _learn_alias(match: AddressMatch, building: Building, actor) -> str:
    """Where the address named the building in words the register doesn't know, add them as an alias (so the
    next file with this address matches); returns the alias learned, or ""."""
    name = _alias_from(match)
    if len(name) < 3 or name in building.aliases or name == building.name:
        return ""
    if any(name in known or known in name for known in [building.name, *building.aliases]):
        return ""
    core_services.object_update(obj=building, data={"aliases": [*building.aliases, name]}, actor=actor, note="复核时学习的别名")
    return name


def _forget_alias(name: str, building: Building, actor) -> None:
    """Undo `_learn_alias`: the alias a decision taught, if the register still has it."""
    building.refresh_from_db()
    if name in building.aliases:
        aliases = [a for a in building.aliases if a != name]
        core_services.object_update(obj=building, data={"aliases": aliases}, actor=actor, note="撤销复核：移除学习的别名")


def match_after_import(batch, affected: dict) -> None:
    """After an enterprise import: match the imported enterprises, and tell later subscribers (the
    indicator refresh) which buildings gained a tenancy."""
    if batch.kind != "enterprises" or not affected.get("enterprises"):
        return
    enterprises = Enterprise.objects.filter(pk__in=affected["enterprises"]).exclude(registered_address="")
    before = set(Tenancy.objects.filter(enterprise__in=enterprises).values_list("pk", flat=True))
    enterprises_match(enterprises=enterprises.iterator(), actor=batch.actor)
    created = Tenancy.objects.filter(enterprise__in=enterprises).exclude(pk__in=before)
    affected.setdefault("buildings", set()).update(created.values_list("building_id", flat=True))

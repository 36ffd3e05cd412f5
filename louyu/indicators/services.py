"""Writes of the indicators app: alert status changes and the featured-building recognition workflow.

Each service is atomic, checks permissions through louyu.core.permissions and writes its audit entry in the
same transaction. Facts themselves are written only by the engine.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from louyu.core import audit, permissions
from louyu.core.models import AuditAction, Role

from . import engine
from .models import Alert, AlertComment, AlertStatus, BuildingYear, FeaturedRecognition, RecognitionStatus


def _snapshot(obj) -> dict:
    return audit.field_values(obj)


def _save_audited(obj, before: dict, *, actor, note: str = "") -> None:
    obj.full_clean()
    obj.save()
    changes = audit.diff(before, audit.field_values(obj))
    if changes:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=obj, changes=changes, note=note)


# ------------------------------------------------------------------ alerts

def _check_alert(actor, alert: Alert) -> None:
    if not permissions.can(actor, permissions.CHANGE, alert):
        raise PermissionDenied("无权限处理该预警（不属于本人负责的地区）")


@transaction.atomic
def alert_mark_seen(*, alert: Alert, actor) -> Alert:
    """新预警 → 已查看 (an already handled alert stays handled)."""
    _check_alert(actor, alert)
    if alert.status != AlertStatus.NEW:
        return alert
    before = _snapshot(alert)
    alert.status = AlertStatus.SEEN
    alert.status_changed_at, alert.status_changed_by = timezone.now(), actor
    _save_audited(alert, before, actor=actor)
    return alert


@transaction.atomic
def alert_handle(*, alert: Alert, note: str, actor) -> Alert:
    """→ 已处理, with a note saying what was done (required)."""
    _check_alert(actor, alert)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "请填写处理说明"})
    before = _snapshot(alert)
    alert.status, alert.note = AlertStatus.HANDLED, note
    alert.status_changed_at, alert.status_changed_by = timezone.now(), actor
    _save_audited(alert, before, actor=actor, note=note)
    return alert


@transaction.atomic
def alert_reopen(*, alert: Alert, note: str = "", actor) -> Alert:
    """已处理 → 已查看 (the note of the earlier handling is kept in the audit trail)."""
    _check_alert(actor, alert)
    if alert.status != AlertStatus.HANDLED:
        return alert
    before = _snapshot(alert)
    alert.status, alert.note = AlertStatus.SEEN, ""
    alert.status_changed_at, alert.status_changed_by = timezone.now(), actor
    _save_audited(alert, before, actor=actor, note=note or "重新打开")
    return alert


@transaction.atomic
def alert_assign(*, alert: Alert, assignee, actor) -> Alert:
    """Name who follows the alert up (None: nobody). The assignee must be able to handle it too."""
    _check_alert(actor, alert)
    if assignee is not None and not permissions.can(assignee, permissions.CHANGE, alert):
        raise ValidationError({"assignee": f"{assignee.get_username()} 无权处理该预警（不负责该地区）"})
    before = _snapshot(alert)
    alert.assigned_to = assignee
    if alert.status == AlertStatus.NEW:  # whoever assigns it has seen it
        alert.status, alert.status_changed_at, alert.status_changed_by = AlertStatus.SEEN, timezone.now(), actor
    _save_audited(alert, before, actor=actor, note="指派负责人")
    return alert


@transaction.atomic
def alert_comment(*, alert: Alert, text: str, actor) -> AlertComment:
    """Add a remark to the alert's record (not a status change)."""
    _check_alert(actor, alert)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "请填写意见内容"})
    comment = AlertComment(alert=alert, author=actor if getattr(actor, "pk", None) else None,
                           author_label=audit.actor_label(actor), text=text)
    comment.full_clean()
    comment.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=comment, changes={"text": [None, text]})
    return comment


# ------------------------------------------------------------------ featured-building recognition

def _require_city(actor) -> None:
    if permissions.role_of(actor) != Role.CITY_ADMIN:
        raise PermissionDenied("特色产业楼宇的公示与认定由市级管理员办理")


def _refresh(recognition: FeaturedRecognition) -> None:
    """A recognition changes the building's 已认定 flag and the districts' 新增特色产业楼宇: refresh them."""
    engine.compute(buildings={recognition.building_id})


@transaction.atomic
def featured_propose(*, building, category, year: int, note: str = "", actor) -> FeaturedRecognition:
    """A district proposes one of its 候选 buildings for recognition in `category`, citing year `year`'s figures."""
    if not permissions.can_create_in(actor, FeaturedRecognition, building.district):
        raise PermissionDenied("只能申报本地区的楼宇")
    fact = BuildingYear.objects.filter(building=building, year=year).first()
    if fact is None or fact.featured_status != "candidate" or fact.lead_category_id != category.pk:
        raise ValidationError(f"{building.name}在 {year} 年不是“{category.name}”候选特色产业楼宇，不能申报")
    if FeaturedRecognition.objects.filter(
        building=building, category=category,
        status__in=[RecognitionStatus.PROPOSED, RecognitionStatus.IN_NOTICE, RecognitionStatus.RECOGNISED],
    ).exists():
        raise ValidationError(f"{building.name}的“{category.name}”已在认定流程中或已认定")
    recognition = FeaturedRecognition(
        building=building, category=category, year=year, proposal_note=note.strip(),
        proposed_by=actor if getattr(actor, "pk", None) else None,
        evidence={"concentration": str(fact.concentration), "occupancy_rate": str(fact.occupancy_rate),
                  "as_of": fact.as_of.isoformat(), "total_tax": str(fact.total_tax)},
    )
    recognition.full_clean()
    recognition.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=recognition,
                 changes=audit.diff({}, audit.field_values(recognition)), note=note[:300])
    return recognition


@transaction.atomic
def featured_withdraw(*, recognition: FeaturedRecognition, actor) -> FeaturedRecognition:
    if not permissions.can(actor, permissions.CHANGE, recognition):
        raise PermissionDenied("无权限撤回该申报")
    if recognition.status != RecognitionStatus.PROPOSED:
        raise ValidationError("只有尚未公示的申报可以撤回")
    before = _snapshot(recognition)
    recognition.status = RecognitionStatus.WITHDRAWN
    _save_audited(recognition, before, actor=actor)
    return recognition


@transaction.atomic
def featured_publicise(*, recognition: FeaturedRecognition, notice_start: dt.date, notice_end: dt.date, actor) -> FeaturedRecognition:
    """The city publishes a proposal for public notice (公示) over [notice_start, notice_end]."""
    _require_city(actor)
    if recognition.status != RecognitionStatus.PROPOSED:
        raise ValidationError("只有地区已申报的楼宇可以公示")
    if notice_end < notice_start:
        raise ValidationError({"notice_end": "公示结束日期不能早于开始日期"})
    before = _snapshot(recognition)
    recognition.status = RecognitionStatus.IN_NOTICE
    recognition.notice_start, recognition.notice_end = notice_start, notice_end
    _save_audited(recognition, before, actor=actor)
    return recognition


@transaction.atomic
def featured_recognise(*, recognition: FeaturedRecognition, recognised_on: dt.date, note: str = "", actor) -> FeaturedRecognition:
    """After the public notice period, the city recognises the building; it counts as 新增特色产业楼宇 in the
    year of `recognised_on`."""
    _require_city(actor)
    if recognition.status != RecognitionStatus.IN_NOTICE:
        raise ValidationError("须先公示，公示期满后方可认定")
    if recognised_on <= recognition.notice_end:
        raise ValidationError({"recognised_on": f"公示期至 {recognition.notice_end:%Y-%m-%d}，认定日期须在公示期满之后"})
    before = _snapshot(recognition)
    recognition.status, recognition.recognised_on = RecognitionStatus.RECOGNISED, recognised_on
    recognition.decided_by, recognition.decision_note = actor, note.strip()
    _save_audited(recognition, before, actor=actor, note=note)
    _refresh(recognition)
    return recognition


@transaction.atomic
def featured_reject(*, recognition: FeaturedRecognition, note: str, actor) -> FeaturedRecognition:
    _require_city(actor)
    if recognition.status not in (RecognitionStatus.PROPOSED, RecognitionStatus.IN_NOTICE):
        raise ValidationError("该申报已办结")
    if not (note or "").strip():
        raise ValidationError({"decision_note": "请填写不予认定的理由"})
    before = _snapshot(recognition)
    recognition.status, recognition.decided_by, recognition.decision_note = RecognitionStatus.REJECTED, actor, note.strip()
    _save_audited(recognition, before, actor=actor, note=note)
    return recognition

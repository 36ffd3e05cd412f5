"""Writes of the event register. Each is atomic, takes an explicit actor, checks it through
louyu.core.permissions and writes its audit entry in the same transaction (louyu.core.services). After a
commit the 推介活动 counts of the years touched are refreshed in the indicator facts."""
from __future__ import annotations

import hashlib
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from louyu.core import audit, permissions
from louyu.core import services as core
from louyu.core.models import AuditAction
from louyu.core.services import Problems, raise_problems

from .models import Event, EventAttachment, EventKind, Resolution, ResolutionStatus

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# Allowed materials: the extension must agree with the file's first bytes (a renamed executable is refused).
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
}


def event_problems(values: dict) -> Problems:
    """Row rules shared by the form, the API and the import: counts and amounts only where they mean something."""
    problems: Problems = []
    kind = values.get("kind")
    if kind == EventKind.BLUEBOOK and (values.get("district_id") or values.get("district")):
        problems.append(("district", "蓝皮书发布为市级事项，地区应为“全市”"))
    if values.get("topics") and kind != EventKind.JOINT_MEETING:
        problems.append(("topics", "只有联席会议填写议题"))
    if values.get("signed_amount") and not values.get("signed_projects"):
        problems.append(("signed_projects", "填写了签约金额，请填写签约项目数"))
    return problems


def _refresh_later(years: set[int]) -> None:
    from louyu.indicators.rollup import promotion_events_refresh  # events → indicators: the one direction

    if years:
        transaction.on_commit(lambda: promotion_events_refresh(years))


@transaction.atomic
def event_create(*, data: dict, actor, note: str = "") -> Event:
    raise_problems(event_problems(data))
    event = core.object_create(model=Event, data=data, actor=actor, note=note)
    _refresh_later({event.held_on.year})
    return event


@transaction.atomic
def event_update(*, event: Event, data: dict, actor, note: str = "") -> dict:
    """Apply `data`; returns the diff (empty when nothing changed: then nothing is written)."""
    before_year = event.held_on.year
    raise_problems(event_problems({**core.current_values(event), **data}))
    changes = core.object_update(obj=event, data=data, actor=actor, note=note)
    if changes:
        _refresh_later({before_year, event.held_on.year})
    return changes


@transaction.atomic
def event_delete(*, event: Event, actor, note: str = "") -> None:
    """Delete an event with its materials (each audited, the files removed once committed); refused while
    the meeting has 议定事项."""
    year = event.held_on.year
    attachments = list(event.attachments.all())
    core.object_delete(obj=event, actor=actor, note=note)  # checks the scope and the blockers first
    for attachment in attachments:
        core.written(actor=actor, action=AuditAction.DELETE, obj=attachment, before=audit.field_values(attachment), after={},
                     note=note)
        transaction.on_commit(lambda f=attachment.file: f.delete(save=False))
    _refresh_later({year})


def refresh_after_import(batch, affected: dict) -> None:
    """The intake hook: an events import refreshes the 推介活动 counts of the years it touched."""
    if getattr(batch, "kind", "") == "events" and affected.get("years"):
        from louyu.indicators.rollup import promotion_events_refresh

        promotion_events_refresh(affected["years"])


# ------------------------------------------------------------------ materials

def attachment_problems(name: str, head: bytes, size: int) -> list[str]:
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in SIGNATURES:
        return [f"不支持的文件类型“{suffix or '无扩展名'}”（可上传 {'、'.join(SIGNATURES)}）"]
    problems = []
    if size == 0:
        problems.append("文件为空")
    if size > MAX_ATTACHMENT_BYTES:
        problems.append(f"文件超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB")
    if size and not any(head.startswith(sig) for sig in SIGNATURES[suffix]):
        problems.append(f"文件内容与扩展名“{suffix}”不符")
    return problems


def _require_change(actor, event: Event) -> None:
    if actor is not None and not permissions.can(actor, permissions.CHANGE, event):
        raise PermissionDenied("无权限修改该活动（超出本人负责的地区或角色范围）")


@transaction.atomic
def attachment_add(*, event: Event, upload, kind: str, title: str, actor) -> EventAttachment:
    """Store an uploaded material of `event` after checking its type (by content), size and name."""
    _require_change(actor, event)
    head = upload.read(16)
    upload.seek(0)
    problems = attachment_problems(upload.name, head, upload.size)
    if problems:
        raise ValidationError({"file": problems})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = EventAttachment(event=event, kind=kind, title=(title or upload.name).strip()[:200], size=upload.size,
                                 sha256=digest.hexdigest())
    attachment.file.save(PurePath(upload.name).name, upload, save=False)
    attachment.full_clean()
    attachment.save()
    core.written(actor=actor, action=AuditAction.CREATE, obj=attachment, before={}, after=audit.field_values(attachment))
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: EventAttachment, actor, note: str = "") -> None:
    _require_change(actor, attachment.event)
    core.written(actor=actor, action=AuditAction.DELETE, obj=attachment, before=audit.field_values(attachment), after={},
                 note=note)
    attachment.delete()
    transaction.on_commit(lambda f=attachment.file: f.delete(save=False))  # the file goes only if the row did


# ------------------------------------------------------------------ 联席会议 议定事项

def resolution_problems(values: dict) -> Problems:
    problems: Problems = []
    if values.get("status") == ResolutionStatus.DONE and not values.get("completed_on"):
        problems.append(("completed_on", "状态为“已完成”时须填写完成日期"))
    if values.get("completed_on") and values.get("status") != ResolutionStatus.DONE:
        problems.append(("status", "填写了完成日期，状态应为“已完成”"))
    return problems


@transaction.atomic
def resolution_create(*, event: Event, data: dict, actor) -> Resolution:
    _require_change(actor, event)
    if event.kind != EventKind.JOINT_MEETING:
        raise ValidationError("只有联席会议登记议定事项")
    raise_problems(resolution_problems(data))
    resolution = Resolution(event=event, **data)
    resolution.full_clean()
    resolution.save()
    core.written(actor=actor, action=AuditAction.CREATE, obj=resolution, before={}, after=audit.field_values(resolution))
    return resolution


@transaction.atomic
def resolution_update(*, resolution: Resolution, data: dict, actor) -> dict:
    raise_problems(resolution_problems({**core.current_values(resolution), **data}))
    return core.object_update(obj=resolution, data=data, actor=actor, note="议定事项进展")


@transaction.atomic
def resolution_delete(*, resolution: Resolution, actor, note: str = "") -> None:
    _require_change(actor, resolution.event)
    core.written(actor=actor, action=AuditAction.DELETE, obj=resolution, before=audit.field_values(resolution), after={},
                 note=note)
    resolution.delete()

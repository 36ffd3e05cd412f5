"""Who wants to know after an import wrote something (indicators refresh, enterprises get matched).

Explicit registration, explicit call — no Django signals. `louyu.intake.services.import_file` calls
`notify(batch, affected)` after the import's transaction has committed, once, when rows were inserted or
updated; `affected` = {"buildings": {ids}, "enterprises": {ids}, "months": {first-of-month dates}}.

A failing callback does not undo the import, but it is never hidden either: each callback gets a few
attempts (a refresh that meets a busy database usually succeeds a moment later); one that still fails
marks the batch 后续处理失败 (shown on the import and its job, with the reason) and keeps what the import
touched on the batch, so `retry_failed()` — run after every later import and by `louyu compute` — runs
it again until it succeeds.

    from louyu.intake import hooks

    @hooks.after_import
    def refresh(batch, affected):
        if batch.kind in ("tax", "tenancies", "buildings"):
            ...
"""
from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Callable

from django.conf import settings

from louyu.core.callbacks import CallbackList

logger = logging.getLogger(__name__)
Callback = Callable[[object, dict], None]
_callbacks = CallbackList()
after_import = _callbacks.add  # register `callback(batch, affected)`; usable as a decorator
remove = _callbacks.remove


def callbacks() -> list[Callback]:
    return list(_callbacks)


def name_of(callback) -> str:
    return f"{getattr(callback, '__module__', '')}.{getattr(callback, '__qualname__', repr(callback))}"


def attempts() -> int:
    return max(1, int(getattr(settings, "LOUYU_FOLLOWUP_ATTEMPTS", 3)))


def _call(callback, batch, affected) -> str | None:
    """None when the callback succeeded (within a few attempts), else the last failure's message."""
    tries = attempts()
    for attempt in range(1, tries + 1):
        try:
            callback(batch, affected)
            return None
        except Exception as exc:  # one subscriber's failure must not hide the import's success
            logger.exception("after-import callback %r failed for batch %s (attempt %s/%s)",
                             callback, getattr(batch, "pk", None), attempt, tries)
            if attempt == tries:
                return f"导入后续处理“{getattr(callback, '__qualname__', callback)}”失败：{exc}"
            time.sleep(0.2 * 2 ** attempt)  # a busy database: wait a little, then try again
    return None


def notify(batch, affected: dict, only: set[str] | None = None) -> list[dict]:
    """Call every callback (or those named in `only`); returns the failures as {callback, reason}."""
    failures = []
    for callback in _callbacks:
        if only is not None and name_of(callback) not in only:
            continue
        reason = _call(callback, batch, affected)
        if reason:
            failures.append({"callback": name_of(callback), "reason": reason})
    return failures


def dump_affected(affected: dict) -> dict:
    return {key: sorted(v.isoformat() if isinstance(v, dt.date) else v for v in value) if isinstance(value, (set, list, tuple))
            else value for key, value in affected.items()}


def load_affected(data: dict) -> dict:
    loaded = {}
    for key, value in (data or {}).items():
        if key == "months":
            loaded[key] = {dt.date.fromisoformat(v) for v in value}
        elif isinstance(value, list):
            loaded[key] = set(value)
        else:
            loaded[key] = value
    return loaded


def record(batch, affected: dict, failures: list[dict]) -> None:
    """Write the follow-up outcome on the batch (status, reasons, what to retry with)."""
    from .models import FollowupStatus

    batch.followup_attempts += 1
    if failures:
        batch.followup_status = FollowupStatus.FAILED
        batch.followup_errors = failures
        batch.pending_affected = dump_affected(affected)
    else:
        batch.followup_status = FollowupStatus.DONE
        batch.followup_errors = []
        batch.pending_affected = {}
    batch.save(update_fields=["followup_status", "followup_errors", "followup_attempts", "pending_affected"])


def retry_failed(exclude: int | None = None) -> int:
    """Run again every failed follow-up, oldest first; returns how many batches are now done."""
    from .models import FollowupStatus, ImportBatch

    fixed = 0
    for batch in ImportBatch.objects.filter(followup_status=FollowupStatus.FAILED).exclude(pk=exclude).order_by("pk"):
        failures = notify(batch, load_affected(batch.pending_affected), only={f["callback"] for f in batch.followup_errors})
        record(batch, load_affected(batch.pending_affected), failures)
        fixed += not failures
    return fixed

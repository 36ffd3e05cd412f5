"""Who wants to know after a register row changed outside an import (a form, the review queue).

Explicit registration, explicit call — no Django signals. The generic writes in `louyu.core.services` call
`changed(obj, before)` for every create, update and delete that is not part of an import (imports tell their
whole scope through `louyu.intake.hooks` instead). Once the transaction commits, every callback is called once
with the transaction's merged scope, `affected` = {"buildings": {ids}, "enterprises": {ids}, "months": {dates}},
the same shape the import hooks receive; the indicator engine registers its incremental refresh here.
A failing callback does not undo the change: it is logged, and `louyu compute` repairs the facts.
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
from contextlib import contextmanager

from django.db import models, transaction

from .callbacks import CallbackList

logger = logging.getLogger(__name__)
_callbacks = CallbackList()
_pending = threading.local()  # this thread's scope waiting for its transaction to commit

OWN_SCOPE = {"buildings.building": "buildings", "enterprises.enterprise": "enterprises"}  # a row that is itself a scope


after_change = _callbacks.add  # register `callback(None, affected)`; usable as a decorator
remove = _callbacks.remove


def affected_by(obj: models.Model, *states: dict) -> dict[str, set]:
    """The buildings, enterprises and months a row touches, in any of its states (field values by attname:
    a tenancy moved to another building touches both)."""
    scope: dict[str, set] = {"buildings": set(), "enterprises": set(), "months": set()}
    own = OWN_SCOPE.get(obj._meta.label_lower)
    if own and obj.pk is not None:
        scope[own].add(obj.pk)
    for state in states:
        for key, attname in (("buildings", "building_id"), ("enterprises", "enterprise_id")):
            if state.get(attname):
                scope[key].add(state[attname])
        period = state.get("period")
        if period:
            scope["months"].add(period if isinstance(period, dt.date) else dt.date.fromisoformat(str(period)[:10]))
    return scope


def changed(obj: models.Model, *states: dict) -> None:
    """Note a change of `obj` (its field values in each state); the callbacks run after the commit."""
    if not _callbacks:
        return
    scope = affected_by(obj, *states)
    if not (scope["buildings"] or scope["enterprises"]):
        return  # not a row the indicators read (targets, tasks, users …)
    if not _flush_registered():
        # The first change of this transaction: start its scope (one left by a rolled-back transaction is
        # dropped; inside `deferred()` the earlier chunks' scope is kept) and flush it after the commit.
        if not getattr(_pending, "deferred", 0) or getattr(_pending, "scope", None) is None:
            _pending.scope = {"buildings": set(), "enterprises": set(), "months": set(), "all_months": False}
        transaction.on_commit(_flush)
    pending = _pending.scope
    for key in ("buildings", "enterprises", "months"):
        pending[key] |= scope[key]
    # a change without a month (a tenancy, a building) can touch every month
    pending["all_months"] = pending["all_months"] or not scope["months"]


def _flush_registered() -> bool:
    """Whether this transaction already waits to flush (Django keeps its on-commit callbacks per connection)."""
    return any(entry[1] is _flush for entry in transaction.get_connection().run_on_commit)


@contextmanager
def deferred():
    """Batch work that commits in chunks (the address matcher): one notification with the whole scope at the
    end instead of one per chunk."""
    if not getattr(_pending, "deferred", 0) and not _flush_registered():
        _pending.scope = None  # nothing of this transaction is waiting: start clean
    _pending.deferred = getattr(_pending, "deferred", 0) + 1
    try:
        yield
    finally:
        _pending.deferred -= 1
        if not _pending.deferred:
            _flush()


def _flush() -> None:
    if getattr(_pending, "deferred", 0):
        return  # the outermost `deferred()` flushes
    pending, _pending.scope = getattr(_pending, "scope", None), None
    if not pending:
        return
    affected = {"buildings": pending["buildings"], "enterprises": pending["enterprises"],
                "months": set() if pending["all_months"] else pending["months"]}
    for callback in _callbacks:
        try:
            callback(None, affected)
        except Exception:  # the change is committed; the facts are repaired by the next `louyu compute`
            logger.exception("after-change callback %r failed", callback)

"""Who wants to know after an import wrote something (indicators refresh, enterprises get matched).

Explicit registration, explicit call — no Django signals. `louyu.intake.services.import_file` calls
`notify(batch, affected)` after the import's transaction has committed, once, when rows were inserted or
updated; `affected` = {"buildings": {ids}, "enterprises": {ids}, "months": {first-of-month dates}}.
A failing callback does not undo the import: it is logged and noted on the batch as a warning.

    from louyu.intake import hooks

    @hooks.after_import
    def refresh(batch, affected):
        if batch.kind in ("tax", "tenancies", "buildings"):
            ...
"""
from __future__ import annotations

import logging
from typing import Callable

from louyu.core.callbacks import CallbackList

logger = logging.getLogger(__name__)
Callback = Callable[[object, dict], None]
_callbacks = CallbackList()
after_import = _callbacks.add  # register `callback(batch, affected)`; usable as a decorator
remove = _callbacks.remove


def callbacks() -> list[Callback]:
    return list(_callbacks)


def notify(batch, affected: dict) -> list[str]:
    """Call every callback; returns the failures' messages (in Chinese) for the batch's warnings."""
    failures = []
    for callback in _callbacks:
        try:
            callback(batch, affected)
        except Exception as exc:  # one subscriber's failure must not hide the import's success
            logger.exception("after-import callback %r failed for batch %s", callback, getattr(batch, "pk", None))
            failures.append(f"导入后续处理“{getattr(callback, '__qualname__', callback)}”失败：{exc}")
    return failures

"""Imports of the same kind queue instead of failing.

PostgreSQL: the import's transaction takes a transaction-level advisory lock per kind, so a second import
of that kind waits until the first commits and then sees its rows (otherwise both would insert the same
new keys and one would fail on the unique constraint).
SQLite: every transaction begins IMMEDIATE (settings), which takes the database's one write lock at BEGIN
and waits up to the busy timeout; an import that still finds it busy (a long import ahead of it) tries
again until LOUYU_IMPORT_QUEUE_SECONDS have passed. Nothing has run when BEGIN fails, so a retry is safe.
"""
from __future__ import annotations

import time
import zlib
from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connection, transaction

ADVISORY_NAMESPACE = 0x4C59  # "LY": keeps our lock ids apart from any other application's


def queue_seconds() -> float:
    return float(getattr(settings, "LOUYU_IMPORT_QUEUE_SECONDS", 1800))


def _busy(exc: OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


@contextmanager
def import_transaction(kind: str):
    """`with import_transaction(kind):` — an atomic block that holds the kind's import lock."""
    deadline = time.monotonic() + queue_seconds()
    pause = 0.5
    while True:
        block = transaction.atomic()
        try:
            block.__enter__()  # BEGIN (IMMEDIATE on SQLite): the only statement that can meet a busy database
        except OperationalError as exc:
            if connection.vendor != "sqlite" or not _busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 5.0)
            continue
        break
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [ADVISORY_NAMESPACE, zlib.crc32(kind.encode()) & 0x7FFFFFFF])
        yield
    except BaseException as exc:
        if not block.__exit__(type(exc), exc, exc.__traceback__):
            raise
    else:
        block.__exit__(None, None, None)

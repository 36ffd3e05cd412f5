"""Read replica (`DATABASE_REPLICA_URL`): pages and the API read from it; writes, jobs and the CLI use the primary.

Reads go to the replica only inside a safe request (GET/HEAD/OPTIONS) that `ReplicaMiddleware` marked so.
Everything else stays on the primary: POSTs and other writes, any request after it has written (the rest of
that request is pinned), the next requests of a browser that wrote in the last `PIN_SECONDS` (a cookie, so a
redirect after a save reads its own write while the replica catches up), background jobs, the queue, sessions
and the CLI (no request at all).
"""
from __future__ import annotations

from contextvars import ContextVar

PRIMARY, REPLICA = "default", "replica"
PIN_COOKIE, PIN_SECONDS = "louyu_primary", 10
PRIMARY_APPS = {"jobs", "django_tasks_db", "sessions"}  # the queue and logins must never read a lagging copy

_reads: ContextVar[str] = ContextVar("louyu_reads", default=PRIMARY)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_APPS:
            return PRIMARY
        return _reads.get()

    def db_for_write(self, model, **hints):
        _reads.set(PRIMARY)  # read-after-write: the rest of this request reads what it wrote
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaMiddleware:
    """Lets a safe request read from the replica; pins the browser to the primary for a while after a write."""

    SAFE = {"GET", "HEAD", "OPTIONS"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        safe = request.method in self.SAFE and PIN_COOKIE not in request.COOKIES
        token = _reads.set(REPLICA if safe else PRIMARY)
        try:
            response = self.get_response(request)
            wrote = _reads.get() == PRIMARY and safe or request.method not in self.SAFE
        finally:
            _reads.reset(token)
        if wrote:
            response.set_cookie(PIN_COOKIE, "1", max_age=PIN_SECONDS, httponly=True, samesite="Lax")
        return response


def reads_from() -> str:
    """Where reads go right now (for tests and diagnostics)."""
    return _reads.get()

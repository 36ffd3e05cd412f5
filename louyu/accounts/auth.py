"""Sign-in throttling (finding 10; docs/decisions.md says why not django-axes).

Failed passwords are counted per (account, client address) and per client address (LoginThrottle).
LOUYU_LOGIN_MAX_FAILURES failures for one account from one address, or LOUYU_LOGIN_IP_MAX_FAILURES from
one address for any accounts, restrict that key for LOUYU_LOGIN_LOCK_MINUTES, doubling with each further
restriction (capped at a day). A person signing in from their own desk is therefore never locked out by
someone guessing from elsewhere. Counters fade after a quiet period of the same length.

Every answer to a failed or restricted attempt is the same message, and each costs one password hash
(restricted attempts hash a dummy), so neither wording nor timing tells whether an account exists or is
restricted. Failures on a known account are written to the audit trail. The API does not take passwords
at all (tokens, louyu.core.tokens), so it cannot be used to guess them.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from louyu.core import audit
from louyu.core.models import AuditAction, LoginThrottle, Role

from .models import UserProfile

BAD_CREDENTIALS = "用户名或密码错误；多次失败后需稍候再试。"
MAX_LOCK = dt.timedelta(days=1)


def max_failures() -> int:
    return int(getattr(settings, "LOUYU_LOGIN_MAX_FAILURES", 5))


def ip_max_failures() -> int:
    return int(getattr(settings, "LOUYU_LOGIN_IP_MAX_FAILURES", 30))


def lock_minutes() -> int:
    return int(getattr(settings, "LOUYU_LOGIN_LOCK_MINUTES", 15))


def client_address(request) -> str:
    """The client's address; behind the TLS proxy, the one the proxy appended to X-Forwarded-For."""
    if request is None:
        return "-"
    meta = request.META
    if getattr(settings, "LOUYU_BEHIND_TLS_PROXY", False) and meta.get("HTTP_X_FORWARDED_FOR"):
        return meta["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()[:100]
    return (meta.get("REMOTE_ADDR") or "-")[:100]


def _keys(username: str, address: str) -> dict[str, int]:
    return {f"account:{username.strip().lower()[:150]}|{address}": max_failures(), f"address:{address}": ip_max_failures()}


def _throttles(keys) -> list[LoginThrottle]:
    rows = []
    for key in keys:
        LoginThrottle.objects.get_or_create(key=key)
        rows.append(LoginThrottle.objects.select_for_update().get(key=key))
    return rows


def _fade(row: LoginThrottle, now) -> None:
    """A key quiet for a whole lock period starts afresh (its earlier restrictions are forgiven too)."""
    quiet = dt.timedelta(minutes=lock_minutes()) * max(1, 2 ** row.strikes)
    if row.updated_at and now - row.updated_at > quiet and not (row.locked_until and row.locked_until > now):
        row.failures = row.strikes = 0


def _fail(row: LoginThrottle, limit: int, now) -> bool:
    """Count one failure; True when it earns a restriction."""
    row.failures += 1
    earned = row.failures >= limit
    if earned:
        row.strikes += 1
        row.locked_until = now + min(dt.timedelta(minutes=lock_minutes()) * 2 ** (row.strikes - 1), MAX_LOCK)
        row.failures = 0
    row.save()
    return earned


def _profile(user) -> UserProfile:
    profile, _ = UserProfile.objects.get_or_create(
        user=user, defaults={"role": Role.CITY_ADMIN if user.is_superuser else Role.CITY_VIEWER}
    )
    return profile


def _audit(user, note: str) -> None:
    audit.record(actor=None, action=AuditAction.UPDATE, obj=_profile(user), changes={}, note=note)


@transaction.atomic
def authenticate_with_lockout(request, username: str, password: str):
    """(user, None) on success; (None, the one generic message in Chinese) otherwise."""
    username = username or ""
    address = client_address(request)
    now = timezone.now()
    limits = _keys(username, address)
    rows = _throttles(limits)
    for row in rows:
        _fade(row, now)
    User = get_user_model()
    known = User.objects.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    if any(row.locked_until and row.locked_until > now for row in rows):
        make_password(password)  # the same work as a real check, so timing does not reveal the restriction
        if known is not None:
            _audit(known, f"登录受限期间再次尝试（来源 {address}）")
        return None, BAD_CREDENTIALS
    user = ModelBackend().authenticate(request, username=username, password=password)
    if user is None:
        earned = [_fail(row, limits[row.key], now) for row in rows]
        if known is not None:
            _audit(known, f"登录失败（密码错误，来源 {address}）" + ("，已暂时限制该来源" if any(earned) else ""))
        return None, BAD_CREDENTIALS
    account_row = rows[0]
    if account_row.failures or account_row.strikes or account_row.locked_until:
        account_row.failures, account_row.strikes, account_row.locked_until = 0, 0, None
        account_row.save()
    return user, None


@transaction.atomic
def account_unlock(*, user, actor) -> None:
    """An administrator lifts every restriction on an account before it expires."""
    name = user.get_username().strip().lower()
    LoginThrottle.objects.filter(key__startswith=f"account:{name}|").update(failures=0, strikes=0, locked_until=None)
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=_profile(user), changes={}, note="管理员解除登录限制")


class LockoutBackend(ModelBackend):
    """ModelBackend with the throttling rule, for AUTHENTICATION_BACKENDS (the admin site's login)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        user, _ = authenticate_with_lockout(request, username, password)
        return user

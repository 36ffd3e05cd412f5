"""Sign-in with lockout: after LOUYU_LOGIN_MAX_FAILURES wrong passwords in a row an account is locked for
LOUYU_LOGIN_LOCK_MINUTES. Counters live on UserProfile (failed_logins, locked_until); every failure, lock
and reset is written to the audit trail, like any other change.

The login page calls `authenticate_with_lockout`. `LockoutBackend` applies the same rule to every other
path that authenticates with a password (DRF basic auth) when listed in AUTHENTICATION_BACKENDS.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.utils import timezone

from . import audit
from .models import AuditAction, Role, UserProfile

BAD_CREDENTIALS = "用户名或密码错误。"


def max_failures() -> int:
    return int(getattr(settings, "LOUYU_LOGIN_MAX_FAILURES", 5))


def lock_minutes() -> int:
    return int(getattr(settings, "LOUYU_LOGIN_LOCK_MINUTES", 15))


def locked_message(until: dt.datetime) -> str:
    local = timezone.localtime(until)
    return f"连续登录失败次数过多，账户已锁定，请于 {local:%H:%M} 后再试或联系管理员解锁。"


def _profile_for_update(user) -> UserProfile:
    # A superuser created by createsuperuser has no profile yet: give it one so the counters have a home.
    profile, _ = UserProfile.objects.select_for_update().get_or_create(
        user=user, defaults={"role": Role.CITY_ADMIN if user.is_superuser else Role.CITY_VIEWER}
    )
    return profile


def _save_audited(profile: UserProfile, before: dict, note: str, actor) -> None:
    profile.save(update_fields=["failed_logins", "locked_until"])
    changes = audit.diff(before, audit.field_values(profile))
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=profile, changes=changes, note=note)


@transaction.atomic
def authenticate_with_lockout(request, username: str, password: str):
    """(user, None) on success; (None, message in Chinese) otherwise. Counts failures, locks, audits."""
    User = get_user_model()
    user = User.objects.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    now = timezone.now()
    if user is not None:
        profile = _profile_for_update(user)
        if profile.locked_until and profile.locked_until > now:
            audit.record(
                actor=user, action=AuditAction.UPDATE, obj=profile, changes={},
                note="账户锁定期间尝试登录",
            )
            return None, locked_message(profile.locked_until)
    authenticated = ModelBackend().authenticate(request, username=username, password=password)
    if authenticated is None:
        if user is None:
            return None, BAD_CREDENTIALS
        before = audit.field_values(profile)
        profile.failed_logins += 1
        if profile.failed_logins >= max_failures():
            profile.locked_until = now + dt.timedelta(minutes=lock_minutes())
            profile.failed_logins = 0  # a fresh allowance once the lock expires
            _save_audited(profile, before, f"连续 {max_failures()} 次登录失败，账户锁定 {lock_minutes()} 分钟", user)
            return None, locked_message(profile.locked_until)
        _save_audited(profile, before, "登录失败（密码错误）", user)
        return None, BAD_CREDENTIALS
    if profile.failed_logins or profile.locked_until:
        before = audit.field_values(profile)
        profile.failed_logins = 0
        profile.locked_until = None
        _save_audited(profile, before, "登录成功，失败计数清零", authenticated)
    return authenticated, None


@transaction.atomic
def account_unlock(*, user, actor) -> None:
    """An administrator lifts a lock before it expires."""
    profile = _profile_for_update(user)
    before = audit.field_values(profile)
    profile.failed_logins = 0
    profile.locked_until = None
    _save_audited(profile, before, "管理员解除登录锁定", actor)


class LockoutBackend(ModelBackend):
    """ModelBackend with the lockout rule, for AUTHENTICATION_BACKENDS (covers the API's basic auth)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        user, _ = authenticate_with_lockout(request, username, password)
        return user

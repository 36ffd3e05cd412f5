"""Per-user API tokens: `louyu token create --user NAME` prints one once; only its SHA-256 is stored.

Clients send `Authorization: Bearer <token>`. A token acts as its user with that user's role and scope
(every endpoint reads through louyu.core.permissions). A wrong or revoked token is a 401 and touches no
sign-in counter, so tokens can never lock a person out.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from . import audit
from .models import ApiToken, AuditAction

PREFIX = "ly_"
TOUCH_EVERY = dt.timedelta(minutes=5)  # last_used_at is informative: no write on every request


def digest_of(token: str) -> str:
    # A random 256-bit token needs no slow hash: SHA-256 cannot be reversed, and lookups stay one index probe.
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(*, user, name: str = "", actor=None) -> tuple[ApiToken, str]:
    """A new token for `user`: (the stored row, the token itself — shown once, never stored)."""
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, name=name[:100], prefix=token[:10], digest=digest_of(token))
    audit.record(actor=actor, action=AuditAction.CREATE, obj=row, changes={}, note=f"创建 API 令牌 {row.prefix}…")
    return row, token


@transaction.atomic
def token_revoke(*, token: ApiToken, actor=None) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=token, changes={}, note=f"吊销 API 令牌 {token.prefix}…")


def user_for(token: str):
    """The active user a token stands for, or None."""
    if not token.startswith(PREFIX):
        return None
    row = ApiToken.objects.select_related("user").filter(digest=digest_of(token), revoked_at__isnull=True).first()
    if row is None or not row.user.is_active:
        return None
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """DRF authentication for `Authorization: Bearer ly_…`."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if parts[0] != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("令牌格式错误：应为 Authorization: Bearer <令牌>")
        user = user_for(parts[1])
        if user is None:
            raise exceptions.AuthenticationFailed("令牌无效或已吊销")
        return user, parts[1]

    def authenticate_header(self, request):
        return self.keyword


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the token (so clients and fuzzers know to send it)."""

    target_class = "louyu.core.tokens.BearerTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "louyu token create --user 用户名 生成的 API 令牌"}

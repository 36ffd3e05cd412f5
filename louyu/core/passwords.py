"""Password rules of 等保 2.0 level 3 (GB/T 22239-2019 8.1.4.1 a: identities with complex passwords changed
regularly): complexity as a Django password validator, expiry after LOUYU_PASSWORD_MAX_AGE_DAYS.

`ComplexityValidator.password_changed` is Django's own callback on every save of a new password
(AbstractBaseUser.save → password_validation.password_changed), so each change is recorded without signals.
"""
from __future__ import annotations

import datetime as dt
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

CLASSES = {
    "大写字母": set(string.ascii_uppercase),
    "小写字母": set(string.ascii_lowercase),
    "数字": set(string.digits),
    "符号": set(string.punctuation + " "),
}


class ComplexityValidator:
    """At least `min_classes` of: upper-case letters, lower-case letters, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = [name for name, chars in CLASSES.items() if chars & set(password)]
        if len(present) < self.min_classes:
            raise ValidationError(
                f"密码须至少包含大写字母、小写字母、数字、符号中的 {self.min_classes} 类（当前仅 {len(present)} 类）。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"密码须至少包含大写字母、小写字母、数字、符号中的 {self.min_classes} 类。"

    def password_changed(self, password, user=None):
        from .models import PasswordChange

        if user is not None and getattr(user, "pk", None):
            PasswordChange.objects.create(user=user)


def max_age_days() -> int:
    return int(getattr(settings, "LOUYU_PASSWORD_MAX_AGE_DAYS", 90))


def last_changed(user) -> dt.datetime | None:
    from .models import PasswordChange

    latest = PasswordChange.objects.filter(user=user).values_list("changed_at", flat=True).first()
    return latest or getattr(user, "date_joined", None)


def password_expired(user) -> bool:
    """True when the password is older than the configured days (0 turns expiry off)."""
    days = max_age_days()
    if not days or not getattr(user, "is_authenticated", False) or not user.has_usable_password():
        return False
    changed = last_changed(user)
    return changed is not None and timezone.now() - changed > dt.timedelta(days=days)

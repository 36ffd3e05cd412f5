"""Accounts: create one with a generated first password (to be changed at first login), disable one, record
a password change. Every change is audited on the user's profile. 三员分立 (等保 2.0): an account holds at
most one of the system, security and audit administrator duties (UserProfile's constraint)."""
from __future__ import annotations

import secrets
import string

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from louyu.core import audit
from louyu.core.models import AdminDuty, AuditAction, Role
from louyu.core.services import written

from .models import UserProfile

PASSWORD_LENGTH = 16
_ALPHABETS = (string.ascii_uppercase, string.ascii_lowercase, string.digits, "!#%+-=?@^_")


def password_generate(length: int = PASSWORD_LENGTH) -> str:
    """A random password with every character class (upper, lower, digit, symbol), from `secrets`."""
    while True:
        chars = [secrets.choice("".join(_ALPHABETS)) for _ in range(length)]
        # never a first character a spreadsheet reads as a formula (= + - @): the password file is opened in Excel
        if all(any(c in alphabet for c in chars) for alphabet in _ALPHABETS) and chars[0] not in "=+-@":
            return "".join(chars)


def account_problems(*, username: str, role: str, district, department: str, buildings) -> list[str]:
    problems = []
    if not username or len(username) > 150:
        problems.append("用户名不能为空，且不超过 150 个字符")
    elif get_user_model().objects.filter(username=username).exists():
        problems.append(f"用户名“{username}”已存在")
    if role not in Role.values:
        problems.append(f"未知的角色“{role}”，可选：{'、'.join(f'{v}（{label}）' for v, label in Role.choices)}")
    if role == Role.DISTRICT_EDITOR and district is None:
        problems.append("地区填报员须指定所属地区（--district）")
    if role == Role.DEPARTMENT and not department:
        problems.append("部门用户须指定所属部门（--department）")
    if role == Role.OPERATOR and not buildings:
        problems.append("楼宇运营方须指定运营楼宇（--building 楼宇编码）")
    return problems


@transaction.atomic
def account_create(*, username: str, role: str, actor, district=None, department: str = "", buildings=(),
                   duty: str | None = None) -> tuple[object, str]:
    """A new active account and its first password (shown once; the user must change it at first login)."""
    buildings = list(buildings)
    problems = account_problems(username=username, role=role, district=district, department=department, buildings=buildings)
    if duty is not None and duty not in AdminDuty.values:
        problems.append(f"未知的管理员职责“{duty}”，可选：{'、'.join(f'{v}（{label}）' for v, label in AdminDuty.choices)}")
    if problems:
        raise ValidationError(problems)
    password = password_generate()
    user = get_user_model().objects.create_user(username=username, password=password)
    profile = UserProfile(user=user, role=role, district=district, department=department, must_change_password=True,
                          **({f"is_{duty}_admin": True} if duty else {}))
    profile.full_clean()
    profile.save()
    profile.buildings.set(buildings)
    note = "新建账户" + (f"（运营楼宇：{'、'.join(b.code for b in buildings)}）" if buildings else "")
    written(actor=actor, action=AuditAction.CREATE, obj=profile, before={}, after=audit.field_values(profile), note=note)
    return user, password


@transaction.atomic
def account_disable(*, username: str, actor) -> None:
    """Disable an account (never deleted: its name stays on the audit trail it wrote)."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValidationError(f"用户“{username}”不存在")
    if not user.is_active:
        return
    user.is_active = False
    user.save(update_fields=["is_active"])
    profile, _ = UserProfile.objects.get_or_create(user=user)
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=profile, changes={"is_active": [True, False]}, note="停用账户")


@transaction.atomic
def password_changed(*, user) -> None:
    """After the user set their own password: the first-login requirement is met (audited)."""
    profile = UserProfile.objects.filter(user=user).first()
    if profile is None or not profile.must_change_password:
        return
    before = audit.field_values(profile)
    profile.must_change_password = False
    profile.save(update_fields=["must_change_password"])
    written(actor=user, action=AuditAction.UPDATE, obj=profile, before=before, after=audit.field_values(profile),
            note="用户修改了初始密码")

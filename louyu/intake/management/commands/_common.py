"""Shared bits of the intake commands."""
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from louyu.intake.kinds import LABELS


def kind_help() -> str:
    return "数据类型：" + "、".join(f"{k}（{v}）" for k, v in LABELS.items())


def user_named(username: str | None):
    """The user a command acts as; None (no --user) is the system itself, unrestricted."""
    if not username:
        return None
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"用户“{username}”不存在") from None


def check_kind(kind: str) -> None:
    if kind not in LABELS:
        raise CommandError(f"未知的数据类型“{kind}”。{kind_help()}")

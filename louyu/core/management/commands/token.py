"""louyu token create --user NAME [--name 用途] | louyu token revoke PREFIX | louyu token list [--user NAME]"""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from louyu.core.models import ApiToken
from louyu.core.tokens import token_create, token_revoke


class Command(BaseCommand):
    help = "API 令牌：create 创建（只显示一次）、revoke 吊销、list 列出"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="为用户创建一个 API 令牌，令牌只显示这一次")
        create.add_argument("--user", required=True, metavar="USERNAME")
        create.add_argument("--name", default="", help="用途说明，如 区政务数据平台对接")
        revoke = sub.add_parser("revoke", help="吊销令牌（给出令牌本身或其前缀）；--user 吊销该用户的全部令牌")
        revoke.add_argument("token", nargs="?", help="令牌或其前 10 位")
        revoke.add_argument("--user", metavar="USERNAME")
        listing = sub.add_parser("list", help="列出令牌（前缀、用户、用途、最近使用、状态）")
        listing.add_argument("--user", metavar="USERNAME")

    def _user(self, username):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"用户“{username}”不存在") from None

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _create(self, user, name, **_):
        row, token = token_create(user=self._user(user), name=name)
        self.stdout.write(token)
        self.stderr.write(f"已为 {user} 创建令牌 {row.prefix}…；请立即妥善保存，平台只保存其摘要，无法再次显示。")

    def _revoke(self, token=None, user=None, **_):
        rows = ApiToken.objects.filter(revoked_at__isnull=True)
        if user:
            rows = rows.filter(user=self._user(user))
        if token:
            rows = rows.filter(prefix=token[:10])
        elif not user:
            raise CommandError("请给出令牌（或其前缀），或用 --user 吊销某用户的全部令牌")
        rows = list(rows)
        if not rows:
            raise CommandError("没有找到可吊销的令牌")
        for row in rows:
            token_revoke(token=row)
        self.stdout.write(f"已吊销 {len(rows)} 个令牌：" + "、".join(f"{r.prefix}…" for r in rows))

    def _list(self, user=None, **_):
        rows = ApiToken.objects.select_related("user")
        if user:
            rows = rows.filter(user=self._user(user))
        for row in rows:
            used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "从未使用"
            state = "已吊销" if row.revoked_at else "有效"
            self.stdout.write(f"{row.prefix}…\t{row.user.username}\t{row.name or '—'}\t{used}\t{state}")

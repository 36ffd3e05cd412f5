"""louyu user add USERNAME --role ROLE [--district 姑苏区] [--department 市税务局] [--building 楼宇编码 …] [--duty audit]
louyu user disable USERNAME"""
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from louyu.accounts.services import account_create, account_disable
from louyu.core.models import AdminDuty, Role

ACTOR = "命令行"


class Command(BaseCommand):
    help = "账户管理：新建账户（打印首次登录密码，首次登录须修改）或停用账户。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="新建账户")
        add.add_argument("username")
        add.add_argument("--role", required=True, choices=Role.values, help="角色：" + "、".join(f"{v}（{label}）" for v, label in Role.choices))
        add.add_argument("--district", help="所属地区（地区填报员必填），如 姑苏区")
        add.add_argument("--department", default="", help="所属部门（部门用户必填），如 市税务局")
        add.add_argument("--building", action="append", default=[], metavar="楼宇编码", help="运营楼宇（楼宇运营方必填，可多次指定）")
        add.add_argument("--duty", choices=AdminDuty.values, help="三员分立的管理员职责：" + "、".join(f"{v}（{label}）" for v, label in AdminDuty.choices))
        disable = sub.add_parser("disable", help="停用账户")
        disable.add_argument("username")

    def handle(self, *args, action, username, **options):
        try:
            if action == "disable":
                account_disable(username=username, actor=ACTOR)
                self.stdout.write(f"已停用账户 {username}")
                return
            user, password = account_create(username=username, role=options["role"], actor=ACTOR,
                                            district=_district(options["district"]), department=options["department"],
                                            buildings=_buildings(options["building"]), duty=options["duty"])
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(f"已新建账户 {user.username}（{dict(Role.choices)[options['role']]}）")
        self.stdout.write(f"首次登录密码：{password}")
        self.stdout.write("请当面或通过安全渠道交给本人；首次登录后须修改密码。此密码不会再次显示。")


def _district(name):
    if not name:
        return None
    from louyu.geo.models import District

    district = District.objects.filter(name=name).first()
    if district is None:
        raise CommandError(f"地区“{name}”不存在")
    return district


def _buildings(codes):
    from louyu.buildings.models import Building

    found = {b.code: b for b in Building.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise CommandError(f"楼宇编码不在楼宇名录中：{'、'.join(missing)}")
    return [found[c] for c in codes]

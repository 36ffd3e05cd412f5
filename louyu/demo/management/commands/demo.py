"""`louyu demo` (what `make demo` runs): init, demo data once, demo logins, indicators, serve on :8000."""
import os

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from louyu.core.models import Role
from louyu.accounts.models import UserProfile
from louyu.demo.generator import demo_data_loaded, generate_demo_data
from louyu.geo.models import District
from louyu.indicators.models import BuildingYear

DEMO_USERS = [
    # username, password, role, district, label
    ("demo-admin", "Louyu-Demo-Admin-2023", Role.CITY_ADMIN, None, "市发改委管理员（全市）"),
    ("demo-gusu", "Louyu-Demo-Gusu-2023", Role.DISTRICT_EDITOR, "姑苏区", "姑苏区填报员（仅本区）"),
    ("demo-leader", "Louyu-Demo-Leader-2023", Role.CITY_VIEWER, None, "市领导（只读驾驶舱）"),
]


@transaction.atomic
def demo_users_ensure() -> list[tuple[str, str, str]]:
    User = get_user_model()
    logins = []
    for username, password, role, district_name, label in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(password)
            user.is_staff = role == Role.CITY_ADMIN
            user.is_superuser = role == Role.CITY_ADMIN
            user.save()
        district = District.objects.get(name=district_name) if district_name else None
        UserProfile.objects.update_or_create(user=user, defaults={"role": role, "district": district})
        logins.append((label, username, password))
    return logins


# The demo generator's field accounts are made without a password; these two get one so a reviewer can log in
# as an operator (the phone 填报) and as a 楼长 (the 楼长 page, 企业诉求). Chosen by a stable rule, not by id.
FIELD_PASSWORDS = {Role.OPERATOR: "Louyu-Demo-Operator-2023", "steward": "Louyu-Demo-Steward-2023"}


def demo_field_users_ensure() -> list[tuple[str, str, str]]:
    """The first demo operator (by username) and the 楼长 with the most buildings: usable passwords, as logins."""
    from django.db.models import Count

    from louyu.stewardship.models import BuildingSteward

    User = get_user_model()
    logins = []
    operator = User.objects.filter(username__startswith="demo-op-", profile__role=Role.OPERATOR).order_by("username").first()
    if operator is not None:
        names = "、".join(operator.profile.buildings.order_by("code").values_list("name", flat=True)[:3])
        logins.append((_with_password(operator, FIELD_PASSWORDS[Role.OPERATOR]), f"楼宇运营方（{names}，手机填报）"))
    top = (BuildingSteward.objects.filter(steward__username__startswith="demo-lz-").values("steward")
           .annotate(n=Count("id")).order_by("-n", "steward__username").first())
    if top is not None:
        steward = User.objects.get(pk=top["steward"])
        label = f"楼长（{steward.profile.district.name}，{top['n']} 幢楼宇）" if steward.profile.district_id else "楼长"
        logins.append((_with_password(steward, FIELD_PASSWORDS["steward"]), label))
    return [(label, user.username, password) for (user, password), label in logins]


def _with_password(user, password: str):
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user, password


class Command(BaseCommand):
    help = "演示环境：初始化数据库、加载苏州演示数据（仅首次）、创建演示账号、计算指标，并在 http://127.0.0.1:8000 提供服务。"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2023, help="演示数据随机种子")
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务")
        parser.add_argument("--bind", default="127.0.0.1:8000", help="服务地址")

    def handle(self, *args, **options):
        call_command("init", stdout=self.stdout)
        fresh = not demo_data_loaded()
        if fresh:
            self.stdout.write("正在生成苏州演示数据（首次运行约需一分钟）…")
            generate_demo_data(seed=options["seed"], scale=1, stdout=self.stdout)
        else:
            self.stdout.write("演示数据已存在，跳过生成。")
        if fresh:
            # Record the engine's attribution evidence for every enterprise (the demo's tenancies stay as generated).
            call_command("match_enterprises", no_attribute=True, stdout=self.stdout)
        self._compute(fresh)
        logins = demo_users_ensure() + demo_field_users_ensure()
        self.stdout.write(self.style.SUCCESS("\n演示账号（用户名 / 密码）："))
        for label, username, password in logins:
            self.stdout.write(f"  {label}：{username} / {password}")
        if options["no_serve"]:
            self.stdout.write("\n数据已就绪；make demo 会直接启动网站和后台任务进程（不再重建数据）。\n")
        else:
            self.stdout.write(f"\n打开 http://{options['bind']}/ 登录。按 Ctrl+C 停止。\n")
            # A demo on one's own machine speaks plain HTTP; production without DEBUG requires HTTPS.
            os.environ.setdefault("LOUYU_PLAIN_HTTP", "1")
            call_command("serve", bind=options["bind"])

    def _compute(self, fresh: bool) -> None:
        if fresh or not BuildingYear.objects.exists():
            self.stdout.write("正在计算指标…")
            call_command("compute", stdout=self.stdout)

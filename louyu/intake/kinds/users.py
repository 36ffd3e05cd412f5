"""账户: provision a whole city's accounts from one file (`louyu import users PATH --passwords 初始密码.csv`).

Rejected whole on any bad row, like every import; each account is created by louyu.accounts.services (audited,
generated first password, changed at first login). Existing accounts are never changed by a file: a known
用户名 is an error. Only the command line imports accounts (it is the only channel that can hand out the
first passwords)."""
from louyu.accounts.services import account_create, account_problems
from louyu.core.models import AdminDuty, Role
from louyu.accounts.models import UserProfile

from .base import Column, Kind, Record
from .orm import prefetch_buildings

EXAMPLE_USERNAME = "示例-姑苏区填报员"
PROBLEM_COLUMNS = (("用户名", "username"), ("角色", "role"), ("地区", "district"), ("部门", "department"), ("楼宇", "buildings"))


class UsersKind(Kind):
    name, label, model = "users", "账户", UserProfile
    key, key_fields, example_column = ("username",), ("username",), "username"
    notes = ("首次登录密码由平台随机生成，写入 --passwords 指定的文件（仅本人可读），首次登录后须修改。",)
    columns = (
        Column("username", "用户名", required=True, max_length=150, aliases=("账号", "登录名", "账户"), example=EXAMPLE_USERNAME,
               fmt="文本，全市唯一"),
        Column("role", "角色", "choice", required=True, choices=tuple(Role.choices), aliases=("用户角色",), example="地区填报员",
               fmt=" / ".join(label for _, label in Role.choices)),
        Column("district", "所属地区", "district", aliases=("地区",), example="姑苏区", fmt="地区填报员必填"),
        Column("department", "所属部门", max_length=100, aliases=("部门", "单位"), example="", fmt="部门用户必填，如 市税务局"),
        Column("buildings", "运营楼宇编码", "list", aliases=("楼宇编码", "运营楼宇"), example="", fmt="楼宇运营方必填，多个用；分隔"),
        Column("duty", "管理员职责", "choice", choices=tuple(AdminDuty.choices), aliases=("三员职责",), example="",
               fmt="可空；系统管理员 / 安全管理员 / 审计管理员（每个账户最多一项）"),
    )

    def prefetch(self, rows, ctx):
        prefetch_buildings((code for _, v in rows for code in v.get("buildings") or ()), ctx)

    def validate(self, row, values, ctx):
        buildings = []
        for code in values.get("buildings") or ():
            building = ctx.state["buildings"].get(code)
            if building is None:
                ctx.error(row, "buildings", code, f"楼宇编码“{code}”不在楼宇名录中")
                return None
            buildings.append(building)
        problems = account_problems(username=values["username"], role=values["role"], district=values.get("district"),
                                    department=values.get("department") or "", buildings=buildings)
        for reason in problems:
            key = next((k for word, k in PROBLEM_COLUMNS if word in reason), "username")
            ctx.error(row, key, values.get(key) if key != "buildings" else "", reason)
        if problems:
            return None
        return Record(row=row, key=(values["username"],), values={
            "username": values["username"], "role": values["role"], "district": values.get("district"),
            "department": values.get("department") or "", "buildings": buildings, "duty": values.get("duty") or None})

    def existing(self, records):
        return {}  # a file never changes an existing account (a known 用户名 is an error)

    def write_records(self, records, ctx, *, write: bool):
        """Create the accounts (louyu.accounts.services); their first passwords go to `batch.passwords`, never stored."""
        from ..upsert import Outcome

        outcome = Outcome(inserted=len(records))
        ctx.batch.passwords = []
        if write:
            for record in records:
                user, password = account_create(actor=ctx.actor, **record.values)
                ctx.batch.passwords.append((user.username, password))
        return outcome

    def export_queryset(self):
        return UserProfile.objects.select_related("user", "district").prefetch_related("buildings").order_by("user__username")

    def export_row(self, obj, columns):
        duty = next((d for d in AdminDuty.values if getattr(obj, f"is_{d}_admin")), None)
        cells = {"username": obj.user.username, "role": obj.get_role_display(), "district": obj.district.name if obj.district else None,
                 "department": obj.department or None, "buildings": "；".join(b.code for b in obj.buildings.all()) or None,
                 "duty": AdminDuty(duty).label if duty else None}
        return [cells[c.key] for c in columns]

"""楼长 (and the paired operator contact) by file: keyed by 楼宇编码 (one 楼长 per building). The 楼长 is named by
login account, and must be staff of the building's district or of the city (services.steward_problems)."""
from django.contrib.auth import get_user_model

from louyu.intake.kinds.base import Column, Record, source_column, updated_column, verification_column
from louyu.intake.kinds.buildings import EXAMPLE_CODE
from louyu.intake.kinds.orm import OrmKind, prefetch_buildings, row_building

from .models import BuildingSteward
from .services import steward_problems


class StewardsKind(OrmKind):
    name, label, model = "stewards", "楼长", BuildingSteward
    key, key_fields, example_column = ("building_code",), ("building_id",), "building_code"
    special = ("building_code", "steward")
    select_related = ("building", "building__district", "steward")
    columns = (
        Column("building_code", "楼宇编码", "code", required=True, max_length=32, aliases=("楼宇代码", "楼宇编号"),
               example=EXAMPLE_CODE, fmt="楼宇名录中已有的编码；每幢楼宇一位楼长"),
        Column("building_name", "楼宇名称", check_only=True, aliases=("楼宇", "大厦名称"), example="示例国际大厦",
               note="可选；与楼宇名录不一致时给出警告"),
        Column("steward", "楼长账号", required=True, max_length=150, aliases=("楼长用户名", "楼长登录名", "账号"), example="demo-gusu",
               fmt="平台登录账号", note="须为该楼宇所在地区的工作人员或市级工作人员"),
        Column("steward_title", "楼长职务", max_length=60, aliases=("职务",), example="街道副主任"),
        Column("operator_contact", "运营方联系人", max_length=40, aliases=("物业联系人", "运营方楼长"), example="王经理"),
        Column("operator_phone", "运营方联系电话", max_length=40, aliases=("联系电话", "物业电话"), example="0512-66668888"),
        Column("since", "任职日期", "date", required=True, aliases=("任命日期", "起始日期"), example="2024-01-01", fmt="日期"),
        source_column(),
        verification_column(),
        updated_column(),
    )

    def prefetch(self, rows, ctx):
        prefetch_buildings((v.get("building_code") for _, v in rows), ctx)
        wanted = {v.get("steward") for _, v in rows if v.get("steward")}
        users = ctx.state.setdefault("stewards", {})
        users.update({u.username: u for u in get_user_model().objects.filter(username__in=wanted - set(users))
                      .select_related("profile")})

    def validate(self, row, values, ctx):
        building = row_building(row, values, ctx)
        if building is None:
            return None
        user = ctx.state["stewards"].get(values["steward"])
        if user is None or not user.is_active:
            ctx.error(row, "steward", values["steward"], f"账号“{values['steward']}”不存在或已停用")
            return None
        problems = steward_problems({"steward": user, "building": building})
        for _field, reason in problems:
            ctx.error(row, "steward", values["steward"], reason)
        if problems:
            return None
        record = Record(row=row, key=(building.pk,), values={"building_id": building.pk, "steward_id": user.pk},
                        related={"building": building, "steward": user})
        self.model_values(values, record)
        record.district_id = building.district_id
        return record

    getters = {"building_code": lambda s: s.building.code, "building_name": lambda s: s.building.name,
               "steward": lambda s: s.steward.get_username()}

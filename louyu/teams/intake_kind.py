"""招商运营团队 as an import/export kind (`louyu import operation_teams PATH`): keyed by 所在地区 + 团队名称;
运营楼宇 lists the buildings the team runs by 楼宇编码."""
from louyu.intake.cleaning import CellError
from louyu.intake.kinds.base import Column, Record, source_column, updated_column, verification_column
from louyu.intake.kinds.buildings import EXAMPLE_CODE
from louyu.intake.kinds.orm import OrmKind, building_for, prefetch_buildings

from .models import OperationTeam


class OperationTeamsKind(OrmKind):
    name, label, model = "operation_teams", "招商运营团队", OperationTeam
    key, key_fields, example_column = ("district", "name"), ("district_id", "name"), "name"
    special = ("district", "buildings")
    select_related = ("district",)
    prefetch_related = ("buildings",)
    columns = (
        Column("name", "团队名称", required=True, max_length=150, aliases=("名称", "运营团队"), example="示例楼宇招商运营团队",
               fmt="文本；同一地区内唯一"),
        Column("company", "所属公司", required=True, max_length=150, aliases=("公司", "运营公司"), example="示例运营管理有限公司"),
        Column("district", "所在地区", required=True, max_length=40, aliases=("地区", "县级市(区)"), example="姑苏区",
               fmt="附件1地区名称或常用别名"),
        Column("contacts", "联系人及电话", max_length=300, aliases=("联系人", "联系方式"), example="张经理 0512-00000000"),
        Column("buildings", "运营楼宇", "list", aliases=("运营楼宇编码", "楼宇编码"), example=EXAMPLE_CODE,
               fmt="楼宇编码，多项用“；”分隔"),
        source_column(),
        verification_column(),
        updated_column(),
    )

    def prefetch(self, rows, ctx):
        prefetch_buildings((code for _, v in rows for code in v.get("buildings") or []), ctx)

    def validate(self, row, values, ctx):
        raw = values.get("district") or ""
        try:
            district = ctx.lookups.district(raw)
        except CellError as exc:
            ctx.error(row, "district", raw, str(exc))
            return None
        if ctx.scope is not None and district.pk != ctx.scope.pk:
            ctx.error(row, "district", raw, f"超出本人负责的地区（{ctx.scope.name}）")
            return None
        buildings = []
        for code in values.get("buildings") or []:
            building = building_for(row, "buildings", code, ctx)
            if building is None:
                return None
            buildings.append(building)
        record = Record(row=row, key=(), values={"district_id": district.pk}, related={"district": district},
                        district_id=district.pk)
        self.model_values(values, record)
        record.many["buildings"] = buildings
        record.key = self.key_of(record)
        return record

    getters = {"district": lambda t: t.district.name,
               "buildings": lambda t: "；".join(sorted(b.code for b in t.buildings.all())) or None}

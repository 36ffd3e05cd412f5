"""存量楼宇改造提升: keyed by 项目编码; the row's district is its building's."""
from decimal import Decimal

from louyu.buildings.models import RenovationProject, RenovationStatus
from louyu.buildings.services import renovation_project_problems

from .base import Column, Record, source_column, updated_column, verification_column
from .buildings import EXAMPLE_CODE
from .new_projects import PROJECT_CODE_ALIASES, money_column
from .orm import OrmKind, building_for, prefetch_buildings, same_name


class RenovationsKind(OrmKind):
    name, label, model = "renovations", "存量楼宇改造提升", RenovationProject
    key, key_fields, example_column = ("code",), ("code",), "code"
    special = ("building_code",)
    select_related = ("building", "building__district")
    checker = staticmethod(renovation_project_problems)
    columns = (
        Column("code", "项目编码", "code", required=True, max_length=32, aliases=PROJECT_CODE_ALIASES, example="示例-GZ-0001",
               fmt="文本，全市唯一"),
        Column("building_code", "楼宇编码", "code", required=True, max_length=32, aliases=("楼宇代码", "楼宇编号"),
               example=EXAMPLE_CODE, fmt="楼宇名录中已有的编码"),
        Column("building_name", "楼宇名称", check_only=True, aliases=("楼宇", "大厦名称"), example="示例国际大厦",
               note="可选；与楼宇名录不一致时给出警告"),
        Column("content", "改造内容", aliases=("改造提升内容", "建设内容", "主要内容"), example="外立面及公共区域改造、智慧楼宇系统"),
        money_column("investment", "投资(元)", Decimal("12000000.00"), aliases=("改造投资", "总投资", "投资额", "计划投资")),
        Column("start_date", "开工日期", "date", aliases=("开工时间", "开始日期"), example="2023-02-01", fmt="日期"),
        Column("completion_date", "完工日期", "date", aliases=("完工时间", "竣工日期"), example="",
               fmt="日期，不早于开工日期；状态为“已完工”时必填"),
        Column("status", "状态", "choice", choices=tuple(RenovationStatus.choices), aliases=("项目状态", "进度"),
               example="实施中", fmt="计划 / 实施中 / 已完工", note="空：计划"),
        Column("is_demonstration", "是否示范项目", "bool", aliases=("示范项目", "是否示范"), example="否", fmt="是 / 否"),
        source_column(),
        verification_column(),
        updated_column(),
    )

    def prefetch(self, rows, ctx):
        prefetch_buildings((v.get("building_code") for _, v in rows), ctx)

    def validate(self, row, values, ctx):
        building = building_for(row, "building_code", values["building_code"], ctx)
        if building is None:
            return None
        if values.get("building_name") and not same_name(values["building_name"], building.name):
            ctx.warning(row, "building_name", values["building_name"], f"楼宇名称与楼宇名录不一致（名录：{building.name}）")
        record = Record(row=row, key=(), values={"building_id": building.pk}, related={"building": building})
        self.model_values(values, record)
        if not self.rules(row, record, ctx):
            return None
        record.key = (record.values["code"],)
        record.district_id = building.district_id
        return record

    def affected(self, obj, before):
        buildings = {obj.building_id}
        if before and before.get("building_id"):
            buildings.add(int(before["building_id"]))
        return {"buildings": buildings}

    getters = {"building_code": lambda p: p.building.code, "building_name": lambda p: p.building.name}

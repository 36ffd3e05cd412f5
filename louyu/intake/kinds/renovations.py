"""存量楼宇改造提升: keyed by 项目编码; the row's district is its building's."""
from decimal import Decimal

from louyu.buildings.models import RenovationProject, RenovationStatus
from louyu.buildings.services import renovation_project_problems

from .base import Column, source_column, updated_column, verification_column
from .building_keyed import BuildingKeyedKind, building_code_column, building_name_column
from .new_projects import PROJECT_CODE_ALIASES, money_column


class RenovationsKind(BuildingKeyedKind):
    name, label, model = "renovations", "存量楼宇改造提升", RenovationProject
    key, key_fields, example_column = ("code",), ("code",), "code"
    checker = staticmethod(renovation_project_problems)
    columns = (
        Column("code", "项目编码", "code", required=True, max_length=32, aliases=PROJECT_CODE_ALIASES, example="示例-GZ-0001",
               fmt="文本，全市唯一"),
        building_code_column(),
        building_name_column(),
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

    def affected(self, obj, before):
        buildings = {obj.building_id}
        if before and before.get("building_id"):
            buildings.add(int(before["building_id"]))
        return {"buildings": buildings}

"""新建楼宇项目: keyed by 项目编码."""
from decimal import Decimal

from louyu.buildings.models import NewBuildingProject, ProjectProgress
from louyu.buildings.services import new_building_project_problems

from .base import Column, Record, source_column, updated_column, verification_column
from .orm import OrmKind, building_for, prefetch_buildings

PROJECT_CODE_ALIASES = ("项目代码", "项目编号", "编码")


def money_column(key, header, example, aliases=()):
    return Column(key, header, "decimal", unit="元", nonneg=True, max_digits=18, summable=True, aliases=aliases,
                  example=example, fmt="数字，单位元（表头写万元、亿元时自动换算）")


class NewProjectsKind(OrmKind):
    name, label, model = "new_projects", "新建楼宇项目", NewBuildingProject
    key, key_fields, example_column = ("code",), ("code",), "code"
    special = ("building_code",)
    select_related = ("district", "building")
    checker = staticmethod(new_building_project_problems)
    columns = (
        Column("code", "项目编码", "code", required=True, max_length=32, aliases=PROJECT_CODE_ALIASES, example="示例-XJ-0001",
               fmt="文本，全市唯一"),
        Column("name", "项目名称", required=True, max_length=120, aliases=("名称",), example="示例中心项目"),
        Column("district", "所属地区", "district", required=True, aliases=("地区", "所在地区", "区域", "县级市(区)", "板块"),
               example="姑苏区", fmt="附件1地区名称或常用别名"),
        Column("street", "街道", max_length=40, aliases=("所属街道", "街道(镇)", "街镇"), example="双塔街道"),
        Column("parcel", "地块", max_length=120, aliases=("地块编号", "地块名称", "宗地编号"), example="苏地2023-WG-1号"),
        Column("address", "地址", max_length=200, aliases=("项目地址", "坐落"), example="人民路200号"),
        Column("planned_area", "计划建筑面积(㎡)", "decimal", unit="㎡", nonneg=True, max_digits=12, summable=True,
               aliases=("建筑面积", "规划建筑面积", "总建筑面积"), example=Decimal("80000.00"), fmt="数字，单位㎡"),
        Column("planned_office_area", "计划商务办公面积(㎡)", "decimal", unit="㎡", nonneg=True, max_digits=12, summable=True,
               aliases=("商务办公面积", "规划商务办公面积", "办公面积"), example=Decimal("60000.00"), fmt="数字，单位㎡"),
        money_column("total_investment", "总投资(元)", Decimal("1200000000.00"), aliases=("计划总投资", "投资总额", "项目总投资")),
        Column("start_date", "开工日期", "date", aliases=("开工时间",), example="2023-03-01", fmt="日期"),
        Column("expected_completion", "预计竣工日期", "date", aliases=("预计竣工时间", "计划竣工日期"), example="2025-12-31",
               fmt="日期，不早于开工日期"),
        Column("progress", "进度", "choice", choices=tuple(ProjectProgress.choices), aliases=("项目进度", "建设进度"),
               example="在建", fmt="前期 / 在建 / 主体封顶 / 竣工", note="空：前期"),
        Column("progress_percent", "形象进度(%)", "int", unit="%", nonneg=True, maximum=100, aliases=("形象进度", "完成比例"),
               example=45, fmt="0–100 的整数"),
        Column("building_code", "建成楼宇编码", "code", max_length=32, aliases=("楼宇编码",), example="",
               fmt="竣工后对应的楼宇编码，可空"),
        source_column(),
        verification_column(),
        updated_column(),
    )

    def prefetch(self, rows, ctx):
        prefetch_buildings((v.get("building_code") for _, v in rows), ctx)

    def validate(self, row, values, ctx):
        record = Record(row=row, key=(), values={})
        if "building_code" in values:
            building = None
            if values["building_code"]:
                building = building_for(row, "building_code", values["building_code"], ctx)
                if building is None:
                    return None
            record.values["building_id"] = building.pk if building else None
            if building:
                record.related["building"] = building
        self.model_values(values, record)
        if not self.rules(row, record, ctx):
            return None
        record.key = (record.values["code"],)
        record.district_id = record.values.get("district_id")
        return record

    def check_file(self, records, ctx):
        """A building is the result of one project only (in the file and in the register)."""
        linked = {}
        for record in records:
            building_id = record.values.get("building_id")
            if building_id:
                linked.setdefault(building_id, []).append(record)
        taken = dict(NewBuildingProject.objects.filter(building_id__in=linked).values_list("building_id", "code"))
        for building_id, group in linked.items():
            for record in group:
                others = [r.row for r in group if r is not record]
                owner = taken.get(building_id)
                if others:
                    ctx.error(record.row, "building_code", record.related["building"].code, f"与第{others[0]}行指向同一建成楼宇")
                elif owner and owner != record.values["code"]:
                    ctx.error(record.row, "building_code", record.related["building"].code, f"该楼宇已是项目“{owner}”的建成楼宇")

    def affected(self, obj, before):
        return {"buildings": {obj.building_id} - {None}}

    getters = {"district": lambda p: p.district.name, "building_code": lambda p: p.building.code if p.building else None}

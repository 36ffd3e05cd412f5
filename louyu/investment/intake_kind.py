"""可招商空间 (vacant space listed by operators and districts): keyed by 楼宇编码 + 楼层 + 单元/房号.

An imported row is a confirmation: a new listing without 最近确认日期 is confirmed on the import's day."""
from decimal import Decimal

from django.utils import timezone

from louyu.intake.kinds.base import Column, Record, source_column, updated_column, verification_column
from louyu.intake.kinds.buildings import EXAMPLE_CODE
from louyu.intake.kinds.orm import OrmKind, prefetch_buildings, row_building

from .models import FitOut, ListingStatus, VacantUnit
from .services import vacant_unit_problems


class VacantUnitsKind(OrmKind):
    name, label, model = "vacant_units", "可招商空间", VacantUnit
    key, key_fields, example_column = ("building_code", "floor", "unit"), ("building_id", "floor", "unit"), "building_code"
    special = ("building_code",)
    select_related = ("building", "building__district")
    checker = staticmethod(vacant_unit_problems)
    columns = (
        Column("building_code", "楼宇编码", "code", required=True, max_length=32, aliases=("楼宇代码", "楼宇编号"),
               example=EXAMPLE_CODE, fmt="楼宇名录中已有的编码"),
        Column("building_name", "楼宇名称", check_only=True, aliases=("楼宇", "大厦名称"), example="示例国际大厦",
               note="可选；与楼宇名录不一致时给出警告"),
        Column("floor", "楼层", required=True, max_length=20, aliases=("所在楼层", "层"), example="12", fmt="文本，如 12、B1"),
        Column("unit", "单元/房号", max_length=40, aliases=("单元", "房号", "房间号"), example="1201", fmt="文本",
               note="整层招商可不填"),
        Column("area", "面积(㎡)", "decimal", required=True, unit="㎡", nonneg=True, max_digits=12, aliases=("面积", "可租面积", "建筑面积"),
               example=Decimal("520.00"), fmt="数字，单位㎡，大于 0"),
        Column("asking_rent", "报价租金(元/㎡·天)", "decimal", unit="元/㎡·天", nonneg=True, max_digits=8,
               aliases=("报价", "租金", "挂牌租金"), example=Decimal("3.50"), fmt="数字，元/㎡·天"),
        Column("fit_out", "装修", "choice", choices=tuple(FitOut.choices), aliases=("装修情况", "交付标准"), example="简装",
               fmt="毛坯 / 简装 / 精装", note="空：毛坯"),
        Column("available_from", "可入驻日期", "date", required=True, aliases=("可租日期", "起租日期"), example="2024-05-01", fmt="日期"),
        Column("divisible", "可分割", "bool", aliases=("是否可分割",), example="否", fmt="是 / 否"),
        Column("status", "状态", "choice", choices=tuple(ListingStatus.choices), aliases=("招商状态",), example="可招商",
               fmt="可招商 / 待确认 / 已下架 / 已出租", note="空：可招商"),
        Column("confirmed_on", "最近确认日期", "date", aliases=("确认日期",), example="", fmt="日期",
               note="空：新增记录为导入当天；已有记录不变"),
        Column("note", "说明", max_length=300, aliases=("备注",), example="南向，近地铁"),
        source_column(),
        verification_column(),
        updated_column(),
    )

    def prefetch(self, rows, ctx):
        prefetch_buildings((v.get("building_code") for _, v in rows), ctx)

    def validate(self, row, values, ctx):
        building = row_building(row, values, ctx)
        if building is None:
            return None
        record = Record(row=row, key=(), values={"building_id": building.pk}, related={"building": building})
        self.model_values(values, record)
        # Empty 最近确认日期/状态: an existing row keeps its own; a new one is confirmed today and 可招商.
        if values.get("confirmed_on") is None:
            record.values.pop("confirmed_on", None)
        if not values.get("status"):
            record.values.pop("status", None)
        record.defaults.update(confirmed_on=timezone.localdate(), status=ListingStatus.AVAILABLE)
        if not self.rules(row, record, ctx):
            return None
        record.key = self.key_of(record)
        record.district_id = building.district_id
        return record

    def affected(self, obj, before):
        # Not "buildings": a listing moves no indicator, so the engine need not recompute; the vacancy alert
        # rule (alert_rules.refresh_after_change) re-detects these buildings.
        return {"listings": {obj.building_id, (before or {}).get("building_id")}}

    getters = {"building_code": lambda u: u.building.code, "building_name": lambda u: u.building.name}

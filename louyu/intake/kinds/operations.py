"""楼宇运营 (monthly operation reports): keyed by 楼宇编码 + 所属期."""
from decimal import Decimal

from louyu.buildings.models import OperationReport
from louyu.buildings.services import operation_report_problems

from .base import Column, Record, source_column, updated_column, verification_column
from .buildings import EXAMPLE_CODE
from .orm import OrmKind, building_for, prefetch_buildings, same_name

PERIOD_ALIASES = ("所属月份", "月份", "所属时期", "统计月份", "报告期", "期间", "年月")


class OperationsKind(OrmKind):
    name, label, model = "operations", "楼宇运营", OperationReport
    key, key_fields, example_column = ("building_code", "period"), ("building_id", "period"), "building_code"
    special = ("building_code",)
    select_related = ("building", "building__district")
    checker = staticmethod(operation_report_problems)
    columns = (
        Column("building_code", "楼宇编码", "code", required=True, max_length=32, aliases=("楼宇代码", "楼宇编号"),
               example=EXAMPLE_CODE, fmt="楼宇名录中已有的编码"),
        Column("building_name", "楼宇名称", check_only=True, aliases=("楼宇", "大厦名称"), example="示例国际大厦",
               note="可选；与楼宇名录不一致时给出警告"),
        Column("period", "所属期", "month", required=True, past_only=True, aliases=PERIOD_ALIASES, example="2023-12",
               fmt="年月，如 2023-12、2023/12、2023年12月、202312", note="不能晚于本月"),
        Column("leasable_area", "可租面积(㎡)", "decimal", unit="㎡", nonneg=True, max_digits=12, summable=True,
               aliases=("可出租面积", "可招商面积"), example=Decimal("38000.00"), fmt="数字，单位㎡"),
        Column("leased_area", "已租面积(㎡)", "decimal", unit="㎡", nonneg=True, max_digits=12, summable=True,
               aliases=("已出租面积", "出租面积", "已招商面积"), example=Decimal("33500.00"), fmt="数字，不大于可租面积"),
        Column("average_rent", "平均租金(元/㎡·天)", "decimal", unit="元/㎡·天", nonneg=True, max_digits=8,
               aliases=("租金", "平均租金", "租金水平"), example=Decimal("3.20"), fmt="数字，元/㎡·天"),
        Column("tenant_count", "入驻企业数", "int", nonneg=True, maximum=2_000_000_000, summable=True,
               aliases=("入驻企业数量", "企业数", "入驻企业(家)", "入驻企业"), example=86, fmt="整数"),
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
        record.key = self.key_of(record)
        record.district_id = building.district_id
        return record

    def affected(self, obj, before):
        return {"buildings": {obj.building_id}, "months": {obj.period}}

    getters = {"building_code": lambda r: r.building.code, "building_name": lambda r: r.building.name}

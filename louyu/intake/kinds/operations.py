"""楼宇运营 (monthly operation reports): keyed by 楼宇编码 + 所属期."""
from decimal import Decimal

from louyu.buildings.models import OperationReport
from louyu.buildings.services import operation_report_problems

from .base import Column, source_column, updated_column, verification_column
from .building_keyed import BuildingKeyedKind, building_code_column, building_name_column

PERIOD_ALIASES = ("所属月份", "月份", "所属时期", "统计月份", "报告期", "期间", "年月")


class OperationsKind(BuildingKeyedKind):
    name, label, model = "operations", "楼宇运营", OperationReport
    key, key_fields, example_column = ("building_code", "period"), ("building_id", "period"), "building_code"
    checker = staticmethod(operation_report_problems)
    columns = (
        building_code_column(),
        building_name_column(),
        Column("period", "所属期", "month", required=True, past_only=True, aliases=PERIOD_ALIASES, example="2023-12",
               fmt="年月，如 2023-12、2023/12、2023年12月、202312", note="不能晚于本月"),
        Column("leasable_area", "可租面积(㎡)", "decimal", unit="㎡", nonneg=True, max_digits=12, summable=True,
               aliases=("可出租面积", "可招商面积"), example=Decimal("38000.00"), fmt="数字，单位㎡"),
        Column("leased_area", "已租面积(㎡)", "decimal", unit="㎡", nonneg=True, max_digits=12, summable=True,
               aliases=("已出租面积", "出租面积", "已招商面积"), example=Decimal("33500.00"), fmt="数字，不大于可租面积"),
        Column("average_rent", "平均租金(元/㎡·天)", "decimal", unit="元/㎡·天", nonneg=True, max_digits=8,
               aliases=("租金", "平均租金", "租金水平"), example=Decimal("3.20"), fmt="数字，元/㎡·天"),
        Column("present_count", "入驻企业数", "int", nonneg=True, maximum=2_000_000_000, summable=True,
               aliases=("入驻企业数量", "企业数", "入驻企业(家)", "入驻企业"), example=86, fmt="整数"),
        source_column(),
        verification_column(),
        updated_column(),
    )

    def affected(self, obj, before):
        return {"buildings": {obj.building_id}, "months": {obj.period}}

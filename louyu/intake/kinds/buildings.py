"""楼宇 (重点楼宇名录): keyed by 楼宇编码."""
from decimal import Decimal

from louyu.buildings.models import Building, BuildingStatus, Holding, OwnershipType
from louyu.buildings.services import building_problems, building_warnings

from .base import Column, Record, source_column, updated_column, verification_column
from .orm import OrmKind

EXAMPLE_CODE = "示例-0001"


class BuildingsKind(OrmKind):
    name, label, model = "buildings", "楼宇", Building
    key, key_fields, example_column = ("code",), ("code",), "code"
    select_related = ("district",)
    checker, warner = staticmethod(building_problems), staticmethod(building_warnings)
    columns = (
        Column("code", "楼宇编码", "code", required=True, max_length=32, aliases=("楼宇代码", "楼宇编号", "编码"),
               example=EXAMPLE_CODE, fmt="文本，全市唯一", note="已有编码的行更新该楼宇，新编码新增楼宇"),
        Column("name", "楼宇名称", required=True, max_length=100, aliases=("楼宇", "名称", "大厦名称", "楼宇名"), example="示例国际大厦"),
        Column("aliases", "别名", "list", aliases=("曾用名", "别称", "其他名称"), example="示例大厦；示例国际中心",
               fmt="多个用“；”或“;”分隔"),
        Column("district", "所属地区", "district", required=True,
               aliases=("地区", "所在地区", "区域", "县级市(区)", "市(区)", "板块", "属地"),
               example="姑苏区", fmt="附件1地区名称或常用别名", note="如 姑苏区、工业园区（园区）、虎丘区（高新区）"),
        Column("street", "街道", max_length=40, aliases=("所属街道", "街道(镇)", "镇(街道)", "街镇", "所在街道", "街道/镇"),
               example="双塔街道"),
        Column("address", "地址", required=True, max_length=200, aliases=("楼宇地址", "详细地址", "坐落", "坐落位置", "地理位置"),
               example="人民路100号"),
        Column("towers", "楼栋", "list", aliases=("楼栋号", "栋号"), example="A座；B座", fmt="多个用“；”分隔"),
        Column("longitude", "经度", "decimal", places=6, example=Decimal("120.622500"), fmt="小数（度）"),
        Column("latitude", "纬度", "decimal", places=6, example=Decimal("31.298600"), fmt="小数（度）"),
        Column("gross_area", "建筑面积(㎡)", "decimal", unit="㎡", nonneg=True, max_digits=12, summable=True,
               aliases=("总建筑面积",), example=Decimal("52000.00"), fmt="数字，单位㎡（表头写万㎡时自动换算）"),
        Column("office_area", "商务办公面积(㎡)", "decimal", unit="㎡", nonneg=True, max_digits=12, summable=True,
               aliases=("办公面积", "商务面积", "商办面积", "商务办公建筑面积"), example=Decimal("41000.00"), fmt="数字，单位㎡"),
        Column("floors_above", "地上层数", "int", nonneg=True, maximum=32767, aliases=("层数", "地上楼层数", "楼层数"),
               example=28, fmt="整数"),
        Column("completion_year", "竣工年份", "year", aliases=("竣工时间", "建成年份", "竣工年度", "建成时间"),
               example=2016, fmt="四位年份，或竣工日期"),
        Column("status", "楼宇状态", "choice", choices=tuple(BuildingStatus.choices), aliases=("状态",),
               example="运营", fmt="规划 / 在建 / 运营 / 改造中", note="空：运营"),
        Column("ownership_type", "产权性质", "choice", choices=tuple(OwnershipType.choices), aliases=("产权类型",),
               example="国有", fmt=" / ".join(label for _, label in OwnershipType.choices)),
        Column("owner", "产权单位", max_length=120, aliases=("产权人", "业主单位", "业主"), example="示例置业有限公司"),
        Column("operator", "运营单位", max_length=120, aliases=("运营方", "运营管理单位", "运营主体"), example="示例运营管理有限公司"),
        Column("holding", "整体持有/分散产权", "choice", choices=tuple(Holding.choices),
               aliases=("持有方式", "产权形式", "产权分布"), example="整体持有", fmt="整体持有 / 分散产权"),
        Column("is_key", "是否重点楼宇", "bool", aliases=("重点楼宇",), example="是", fmt="是 / 否（也可 Y/N、√）",
               note="空：否"),
        source_column(),
        verification_column(),
        updated_column(),
    )

    def validate(self, row, values, ctx):
        record = Record(row=row, key=(), values={})
        self.model_values(values, record)
        if not self.rules(row, record, ctx):
            return None
        record.key = (record.values["code"],)
        record.district_id = record.values.get("district_id")
        return record

    def affected(self, obj, before):
        return {"buildings": {obj.pk}}

    getters = {"district": lambda b: b.district.name}

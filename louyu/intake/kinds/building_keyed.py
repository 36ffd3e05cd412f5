"""Kinds whose rows each belong to one building named by its 楼宇编码 (楼宇运营, 存量楼宇改造提升): the row's
district is its building's, and a 楼宇名称 that differs from the register is a warning, not an error."""
from .base import Column, Record
from .buildings import EXAMPLE_CODE
from .orm import OrmKind, prefetch_buildings, row_building


def building_code_column() -> Column:
    return Column("building_code", "楼宇编码", "code", required=True, max_length=32, aliases=("楼宇代码", "楼宇编号"),
                  example=EXAMPLE_CODE, fmt="楼宇名录中已有的编码")


def building_name_column() -> Column:
    return Column("building_name", "楼宇名称", check_only=True, aliases=("楼宇", "大厦名称"), example="示例国际大厦",
                  note="可选；与楼宇名录不一致时给出警告")


class BuildingKeyedKind(OrmKind):
    special = ("building_code",)
    select_related = ("building", "building__district")
    getters = {"building_code": lambda obj: obj.building.code, "building_name": lambda obj: obj.building.name}

    def prefetch(self, rows, ctx):
        prefetch_buildings((v.get("building_code") for _, v in rows), ctx)

    def validate(self, row, values, ctx):
        building = row_building(row, values, ctx)
        if building is None:
            return None
        record = Record(row=row, key=(), values={"building_id": building.pk}, related={"building": building})
        self.model_values(values, record)
        if not self.rules(row, record, ctx):
            return None
        record.key = self.key_of(record)
        record.district_id = building.district_id
        return record

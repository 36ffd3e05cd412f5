"""政务服务点, 服务点月度办件量 and 楼宇党组织 as import/export kinds (`louyu import service_points PATH` …).

Service points and party organisations are keyed by 楼宇编码 + 名称; a month's counts by 楼宇编码 + 服务点名称 + 月份."""
from louyu.intake.kinds.base import Column, Record, source_column, updated_column, verification_column
from louyu.intake.kinds.buildings import EXAMPLE_CODE
from louyu.intake.kinds.orm import OrmKind, building_for, prefetch_buildings, row_building

from .models import GovernmentService, PartyOrganisation, PartyOrgKind, ServicePoint, ServiceVolume
from .services import party_organisation_problems, service_volume_problems


def building_columns() -> tuple[Column, Column]:
    return (
        Column("building_code", "楼宇编码", "code", required=True, max_length=32, aliases=("楼宇代码", "楼宇编号"),
               example=EXAMPLE_CODE, fmt="楼宇名录中已有的编码"),
        Column("building_name", "楼宇名称", check_only=True, aliases=("楼宇", "所在楼宇"), example="示例国际大厦",
               note="可选；与楼宇名录不一致时给出警告"),
    )


class BuildingKeyedKind(OrmKind):
    """A register row that sits in a building named by its 楼宇编码 (checked against the actor's scope)."""

    special = ("building_code",)
    getters = {"building_code": lambda o: o.building.code, "building_name": lambda o: o.building.name}

    def prefetch(self, rows, ctx):
        prefetch_buildings((v.get("building_code") for _, v in rows), ctx)

    def building_record(self, row, values, ctx) -> Record | None:
        building = row_building(row, values, ctx)
        if building is None:
            return None
        record = Record(row=row, key=(), values={"building_id": building.pk}, related={"building": building})
        self.model_values(values, record)
        record.district_id = building.district_id
        return record

    def validate(self, row, values, ctx):
        record = self.building_record(row, values, ctx)
        if record is None or not self.rules(row, record, ctx):
            return None
        record.key = self.key_of(record)
        return record


class ServicePointsKind(BuildingKeyedKind):
    name, label, model = "service_points", "政务服务点", ServicePoint
    key, key_fields, example_column = ("building_code", "name"), ("building_id", "name"), "name"
    special = ("building_code", "services")
    select_related = ("building", "building__district")
    prefetch_related = ("services",)
    columns = (
        *building_columns(),
        Column("name", "服务点名称", required=True, max_length=120, aliases=("名称", "服务站名称", "服务点"),
               example="示例楼宇政务服务站", fmt="文本；同一楼宇内唯一"),
        Column("opened_on", "设立日期", "date", aliases=("成立日期", "启用日期"), example="2023-03-01", fmt="日期"),
        Column("services", "提供的服务", "list", aliases=("服务事项", "服务内容"), example="企业开办；社保登记",
               fmt="政务服务事项目录中的名称或编码，多项用“；”分隔"),
        Column("has_self_service_terminal", "设有自助终端", "bool", aliases=("自助终端",), example="是", fmt="是 / 否"),
        source_column(),
        verification_column(),
        updated_column(),
    )

    def prepare(self, ctx):
        catalogue = {}
        for service in GovernmentService.objects.all():
            catalogue[service.code] = catalogue[service.name] = service
        ctx.state["catalogue"] = catalogue

    def validate(self, row, values, ctx):
        record = self.building_record(row, values, ctx)
        if record is None:
            return None
        services, unknown = [], []
        for item in values.get("services") or []:
            service = ctx.state["catalogue"].get(item)
            (services if service else unknown).append(service or item)
        if unknown:
            ctx.error(row, "services", "；".join(unknown), f"不在政务服务事项目录中：{'、'.join(unknown)}")
            return None
        if values.get("has_self_service_terminal") is None:
            record.values["has_self_service_terminal"] = False
        record.many["services"] = services
        record.key = self.key_of(record)
        return record

    getters = {**BuildingKeyedKind.getters, "services": lambda p: "；".join(s.name for s in p.services.all()) or None}


class PartyOrganisationsKind(BuildingKeyedKind):
    name, label, model = "party_organisations", "楼宇党组织", PartyOrganisation
    key, key_fields, example_column = ("building_code", "name"), ("building_id", "name"), "name"
    select_related = ("building", "building__district")
    checker = staticmethod(party_organisation_problems)
    columns = (
        *building_columns(),
        Column("name", "党组织名称", required=True, max_length=150, aliases=("名称", "党组织"), example="示例楼宇联合党支部",
               fmt="文本；同一楼宇内唯一"),
        Column("kind", "类型", "choice", required=True, choices=tuple(PartyOrgKind.choices), aliases=("党组织类型",),
               example="联合党组织", fmt="独立党组织 / 联合党组织 / 功能型党组织"),
        Column("lead_unit", "依托单位", required=True, max_length=150, aliases=("牵头单位", "依托企业"), example="示例楼宇运营公司",
               fmt="楼宇运营方或牵头企业"),
        Column("members", "党员人数", "int", required=True, unit="人", nonneg=True, aliases=("党员数",), example=12,
               fmt="整数，不少于 3"),
        Column("community", "所属党建共同体", max_length=150, aliases=("党建共同体",), example="", fmt="文本，可空"),
        Column("founded_on", "成立日期", "date", aliases=("组建日期",), example="2022-07-01", fmt="日期"),
        source_column(),
        verification_column(),
        updated_column(),
    )


class ServiceVolumesKind(BuildingKeyedKind):
    """A month's 办件量 of a service point (where reported): the intake's form of service_volume_record."""

    name, label, model = "service_volumes", "服务点月度办件量", ServiceVolume
    key, key_fields, example_column = ("building_code", "point", "period"), ("point_id", "period"), "point"
    special = ("building_code", "point")
    select_related = ("point", "point__building", "point__building__district")
    checker = staticmethod(service_volume_problems)
    columns = (
        *building_columns(),
        Column("point", "服务点名称", required=True, max_length=120, aliases=("服务点", "服务站名称"), example="示例楼宇政务服务站",
               fmt="该楼宇已登记的服务点名称"),
        Column("period", "月份", "month", required=True, past_only=True, aliases=("统计月份",), example="2023-06", fmt="年月，如 2023-06"),
        Column("transactions", "办件量", "int", required=True, unit="件", nonneg=True, aliases=("办件数", "业务量"), example=200,
               fmt="非负整数"),
        Column("self_service", "其中自助办理", "int", required=True, unit="件", nonneg=True, aliases=("自助办理", "自助办件量"),
               example=120, fmt="非负整数，不多于办件量"),
    )

    def prefetch(self, rows, ctx):
        super().prefetch(rows, ctx)
        points = ctx.state.setdefault("points", {})
        codes = {v.get("building_code") for _, v in rows} - {p[0] for p in points}
        for point in ServicePoint.objects.filter(building__code__in=codes).select_related("building"):
            points[(point.building.code, point.name)] = point

    def validate(self, row, values, ctx):
        building = building_for(row, "building_code", values["building_code"], ctx)
        if building is None:
            return None
        point = ctx.state["points"].get((building.code, values["point"]))
        if point is None:
            ctx.error(row, "point", values["point"], f"{building.name}没有名为“{values['point']}”的服务点（请先登记服务点）")
            return None
        record = Record(row=row, key=(), values={"point_id": point.pk, "period": values["period"],
                                                 "transactions": values["transactions"], "self_service": values["self_service"]},
                        related={"point": point}, district_id=building.district_id)
        if not self.rules(row, record, ctx):
            return None
        record.key = self.key_of(record)
        return record

    getters = {"building_code": lambda v: v.point.building.code, "building_name": lambda v: v.point.building.name,
               "point": lambda v: v.point.name}

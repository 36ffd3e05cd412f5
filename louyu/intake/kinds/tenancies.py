"""入驻: keyed by 统一社会信用代码 + 楼宇编码 + 入驻日期; registered stays may not overlap."""
from decimal import Decimal

from louyu.enterprises import selectors
from louyu.enterprises.models import REGISTERED_KINDS, DistrictMove, MoveStatus, Tenancy, TenancyKind
from louyu.enterprises.services import enterprise_districts_sync, tenancy_problems

from .base import Column, Record, source_column, updated_column, verification_column
from .buildings import EXAMPLE_CODE
from .enterprises import EXAMPLE_USCC, uscc_column
from .orm import OrmKind, building_for, enterprise_for, prefetch_buildings, prefetch_enterprises, same_name

KIND_SYNONYMS = (
    (TenancyKind.REGISTERED_PRESENT, "注册并办公"), (TenancyKind.REGISTERED_PRESENT, "注册+办公"),
    (TenancyKind.REGISTERED_PRESENT, "注册办公"), (TenancyKind.REGISTERED_PRESENT, "既注册又办公"),
    (TenancyKind.REGISTERED_ONLY, "只注册"), (TenancyKind.REGISTERED_ONLY, "注册不办公"), (TenancyKind.REGISTERED_ONLY, "注册未办公"),
    (TenancyKind.PRESENT_ONLY, "只办公"), (TenancyKind.PRESENT_ONLY, "办公不注册"), (TenancyKind.PRESENT_ONLY, "办公未注册"),
)


def _month(day):
    return day.replace(day=1) if day else None


class TenanciesKind(OrmKind):
    name, label, model = "tenancies", "入驻", Tenancy
    key = ("uscc", "building_code", "move_in")
    key_fields = ("enterprise_id", "building_id", "move_in")
    example_column = "building_code"
    special = ("uscc", "building_code")
    select_related = ("enterprise", "building", "building__district")
    checker = staticmethod(tenancy_problems)
    columns = (
        uscc_column(example=EXAMPLE_USCC),
        Column("enterprise_name", "企业名称", check_only=True, aliases=("名称", "企业(单位)名称", "单位名称", "公司名称"),
               example="苏州示例科技有限公司", note="可选；与企业名录不一致时给出警告"),
        Column("building_code", "楼宇编码", "code", required=True, max_length=32, aliases=("楼宇代码", "楼宇编号"),
               example=EXAMPLE_CODE, fmt="楼宇名录中已有的编码"),
        Column("building_name", "楼宇名称", check_only=True, aliases=("楼宇", "大厦名称"), example="示例国际大厦",
               note="可选；与楼宇名录不一致时给出警告"),
        Column("floor", "楼层", max_length=20, aliases=("所在楼层", "层"), example="18"),
        Column("room", "房号", max_length=40, aliases=("房间号", "室号", "门牌号", "房间"), example="1801"),
        Column("area", "面积(㎡)", "decimal", unit="㎡", nonneg=True, max_digits=12, summable=True,
               aliases=("租赁面积", "使用面积", "入驻面积", "办公面积"), example=Decimal("320.50"), fmt="数字，单位㎡"),
        Column("move_in", "入驻日期", "date", required=True, past_only=True, aliases=("入驻时间", "迁入日期", "入驻日"),
               example="2021-03-01", fmt="日期，不能晚于今天"),
        Column("move_out", "迁出日期", "date", aliases=("迁出时间", "退租日期", "离开日期"), example="",
               fmt="日期，可空（仍在楼内）", note="入驻期间为 [入驻日期, 迁出日期)：同一天迁出并在别处入驻不算重叠"),
        Column("kind", "入驻类型", "choice", required=True, choices=tuple(TenancyKind.choices) + KIND_SYNONYMS,
               aliases=("类型", "入驻方式", "注册办公情况"), example="注册且办公", fmt="注册且办公 / 仅注册 / 仅办公"),
        source_column(),
        verification_column(),
        updated_column(),
    )

    def prefetch(self, rows, ctx):
        prefetch_enterprises((v.get("uscc") for _, v in rows), ctx)
        prefetch_buildings((v.get("building_code") for _, v in rows), ctx)

    def validate(self, row, values, ctx):
        enterprise = enterprise_for(row, "uscc", values["uscc"], ctx)
        building = building_for(row, "building_code", values["building_code"], ctx)
        if enterprise is None or building is None:
            return None
        if values.get("enterprise_name") and not same_name(values["enterprise_name"], enterprise.name):
            ctx.warning(row, "enterprise_name", values["enterprise_name"], f"企业名称与企业名录不一致（名录：{enterprise.name}）")
        if values.get("building_name") and not same_name(values["building_name"], building.name):
            ctx.warning(row, "building_name", values["building_name"], f"楼宇名称与楼宇名录不一致（名录：{building.name}）")
        record = Record(row=row, key=(), values={"enterprise_id": enterprise.pk, "building_id": building.pk},
                        related={"enterprise": enterprise, "building": building})
        self.model_values(values, record)
        if not self.rules(row, record, ctx):
            return None
        record.key = self.key_of(record)
        record.district_id = building.district_id
        return record

    def check_file(self, records, ctx):
        """No registered stay of an enterprise may overlap another — in the file or in the register."""
        registered = [r for r in records if r.values["kind"] in REGISTERED_KINDS]
        if not registered:
            return
        keys = {r.key for r in records}
        stays = [selectors.Stay(r.values["enterprise_id"], r.values["move_in"], r.values.get("move_out"), r) for r in registered]
        for t in selectors.registered_tenancies_of({r.values["enterprise_id"] for r in registered}):
            if (t.enterprise_id, t.building_id, t.move_in) not in keys:  # a row of the file replaces its stored version
                stays.append(selectors.Stay(t.enterprise_id, t.move_in, t.move_out, t))
        for a, b in selectors.overlapping_pairs(stays):
            for this, other in ((a, b), (b, a)):
                if isinstance(this.ref, Record):
                    ctx.error(this.ref.row, "move_in", this.ref.values["move_in"], self._clash(other, ctx))

    def _clash(self, other, ctx) -> str:
        if isinstance(other.ref, Record):
            building = other.ref.related["building"]
            end = other.end.isoformat() if other.end else "至今"
            return f"与第{other.ref.row}行（{building.name}，{other.start.isoformat()} 至 {end}）的注册入驻时间重叠"
        return f"与该企业已登记的注册入驻时间重叠：{selectors.stay_label(other.ref)}"

    def affected(self, obj, before):
        buildings, months = {obj.building_id}, {_month(obj.move_in), _month(obj.move_out)}
        if before:
            buildings.add(before.get("building_id"))
            months |= {_month(_date(before.get("move_in"))), _month(_date(before.get("move_out")))}
        return {"buildings": buildings - {None}, "enterprises": {obj.enterprise_id}, "months": months - {None}}

    def after_write(self, objs, ctx):
        ids = {o.enterprise_id for o in objs}
        enterprise_districts_sync(enterprise_ids=ids, actor=ctx.actor, batch=ctx.batch)
        # A move out of another district waits for the city (louyu.enterprises.services): say so on the import.
        moves = DistrictMove.objects.filter(enterprise_id__in=ids, status=MoveStatus.PENDING, requested_by_id=getattr(ctx.actor, "pk", None))
        for move in moves.select_related("enterprise", "from_district", "to_district"):
            source = move.from_district.name if move.from_district else "其他地区"
            ctx.warning(None, "uscc", move.enterprise.uscc,
                        f"企业“{move.enterprise.name}”归属{source}，迁入{move.to_district.name}须市级审批：已提交跨地区迁移申请"
                        f"（#{move.pk}），批准前仍归属{source}")

    getters = {
        "uscc": lambda t: t.enterprise.uscc, "enterprise_name": lambda t: t.enterprise.name,
        "building_code": lambda t: t.building.code, "building_name": lambda t: t.building.name,
    }


def _date(value):
    import datetime as dt

    return dt.date.fromisoformat(value) if isinstance(value, str) else value

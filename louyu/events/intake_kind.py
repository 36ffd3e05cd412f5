"""活动登记 (推介活动、联席会议、发展大会、行业会议、蓝皮书发布): keyed by 活动名称 + 举办日期; 地区 “全市” is the city."""
from decimal import Decimal

from louyu.intake.cleaning import CellError
from louyu.intake.kinds.base import Column, Record, source_column, updated_column, verification_column
from louyu.intake.kinds.orm import OrmKind

from .models import CITY_LEVEL, Event, EventKind
from .services import event_problems

CITY_WORDS = {CITY_LEVEL, "市级", "全市统一", "市本级"}


def count_column(key, header, example, aliases=()):
    return Column(key, header, "int", unit="个", nonneg=True, aliases=aliases, example=example, fmt="非负整数，可空")


class EventsKind(OrmKind):
    name, label, model = "events", "活动", Event
    key, key_fields, example_column = ("name", "held_on"), ("name", "held_on"), "name"
    special = ("district",)
    select_related = ("district",)
    checker = staticmethod(event_problems)
    columns = (
        Column("name", "活动名称", required=True, max_length=200, aliases=("名称", "会议名称"), example="示例楼宇招商推介会",
               fmt="文本；与举办日期一起唯一标识一场活动"),
        Column("kind", "活动类型", "choice", required=True, choices=tuple(EventKind.choices), aliases=("类型", "活动类别"),
               example="推介活动", fmt="推介活动 / 联席会议 / 发展大会 / 行业会议 / 蓝皮书发布"),
        Column("district", "地区", required=True, max_length=40, aliases=("所属地区", "举办地区", "县级市(区)"),
               example="姑苏区", fmt="附件1地区名称或常用别名；市级活动填“全市”"),
        Column("held_on", "举办日期", "date", required=True, aliases=("日期", "举办时间", "召开日期"), example="2023-03-15",
               fmt="日期"),
        Column("organiser", "主办单位", required=True, max_length=200, aliases=("主办方", "承办单位"), example="姑苏区商务局"),
        count_column("participants", "参与人数", 120, aliases=("参会人数", "人数")),
        count_column("signed_projects", "签约项目数", 3, aliases=("签约项目", "签约数")),
        count_column("intended_projects", "意向项目数", 5, aliases=("意向项目",)),
        Column("signed_amount", "签约金额(万元)", "decimal", unit="万元", nonneg=True, max_digits=14, aliases=("签约金额",),
               example=Decimal("12000.00"), fmt="数字，单位万元"),
        Column("topics", "议题", aliases=("会议议题",), example="", fmt="联席会议填写，多项用“；”分隔"),
        Column("note", "备注", aliases=("说明",), example=""),
        source_column(),
        verification_column(),
        updated_column(),
    )

    def validate(self, row, values, ctx):
        raw = (values.get("district") or "").strip()
        district = None
        if raw not in CITY_WORDS:
            try:
                district = ctx.lookups.district(raw)
            except CellError as exc:
                ctx.error(row, "district", raw, str(exc))
                return None
        if ctx.scope is not None and (district is None or district.pk != ctx.scope.pk):
            ctx.error(row, "district", raw, f"超出本人负责的地区（{ctx.scope.name}）")
            return None
        record = Record(row=row, key=(), values={"district_id": district.pk if district else None})
        if district is not None:
            record.related["district"] = district
        self.model_values(values, record)
        for key in ("participants", "signed_projects", "intended_projects", "signed_amount"):
            record.values.setdefault(key, None)
        if not self.rules(row, record, ctx):
            return None
        record.key = (record.values["name"], record.values["held_on"])
        record.district_id = record.values["district_id"]
        return record

    def affected(self, obj, before):
        years = {obj.held_on.year}
        if before and before.get("held_on"):
            years.add(int(str(before["held_on"])[:4]))  # audited values are ISO strings
        return {"years": years}

    getters = {"district": lambda e: e.region}

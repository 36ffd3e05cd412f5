"""联席会议议定事项 as an import/export kind (`louyu import resolutions PATH`): keyed by 会议名称 + 会议日期 + 议定事项;
the meeting must already be in the event register as a 联席会议."""
from louyu.intake.kinds.base import Column, Record
from louyu.intake.kinds.orm import OrmKind

from .models import Event, EventKind, Resolution, ResolutionStatus
from .services import resolution_problems


class ResolutionsKind(OrmKind):
    name, label, model = "resolutions", "议定事项", Resolution
    key, key_fields, example_column = ("event_name", "event_date", "content"), ("event_id", "content"), "content"
    special = ("event_name", "event_date")
    select_related = ("event", "event__district")
    checker = staticmethod(resolution_problems)
    columns = (
        Column("event_name", "会议名称", required=True, max_length=200, aliases=("联席会议", "活动名称"), example="示例楼宇经济联席会议",
               fmt="活动登记中已有的联席会议名称"),
        Column("event_date", "会议日期", "date", required=True, aliases=("举办日期", "召开日期"), example="2023-06-20", fmt="日期"),
        Column("content", "议定事项", required=True, aliases=("事项", "议定内容"), example="示例：协调解决楼宇招商中的难点堵点问题"),
        Column("owner", "责任单位", required=True, max_length=200, aliases=("牵头单位",), example="市商务局"),
        Column("deadline", "完成时限", "date", aliases=("时限", "期限"), example="2023-09-30", fmt="日期，可空"),
        Column("status", "状态", "choice", choices=tuple(ResolutionStatus.choices), aliases=("办理状态",), example="推进中",
               fmt=" / ".join(label for _, label in ResolutionStatus.choices), note=f"空：{ResolutionStatus.OPEN.label}"),
        Column("progress", "进展情况", aliases=("进展",), example=""),
        Column("completed_on", "完成日期", "date", past_only=True, aliases=("办结日期",), example="", fmt="日期；状态为已完成时必填"),
    )

    def prefetch(self, rows, ctx):
        meetings = ctx.state.setdefault("meetings", {})
        names = {v.get("event_name") for _, v in rows} - {k[0] for k in meetings}
        for event in Event.objects.filter(name__in=names).select_related("district"):
            meetings[(event.name, event.held_on)] = event

    def validate(self, row, values, ctx):
        event = ctx.state["meetings"].get((values["event_name"], values["event_date"]))
        if event is None:
            ctx.error(row, "event_name", values["event_name"],
                      f"活动登记中没有 {values['event_date']:%Y-%m-%d} 举办的“{values['event_name']}”（请先登记该会议）")
            return None
        if event.kind != EventKind.JOINT_MEETING:
            ctx.error(row, "event_name", values["event_name"], f"“{event.name}”是{event.get_kind_display()}，只有联席会议登记议定事项")
            return None
        if ctx.scope is not None and event.district_id != ctx.scope.pk:
            ctx.error(row, "event_name", values["event_name"], f"该会议不属于本人负责的地区（{ctx.scope.name}）")
            return None
        record = Record(row=row, key=(), values={"event_id": event.pk}, related={"event": event}, district_id=event.district_id)
        self.model_values(values, record)
        if not values.get("status"):
            record.values["status"] = ResolutionStatus.OPEN
        if not self.rules(row, record, ctx):
            return None
        record.key = self.key_of(record)
        return record

    getters = {"event_name": lambda r: r.event.name, "event_date": lambda r: r.event.held_on}

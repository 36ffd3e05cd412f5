"""督查记录: keyed by 督查日期 + 督查对象 + 政策条款; the subject is a district (附件1 name) or a department."""
from louyu.intake.cleaning import CellError
from louyu.intake.kinds.base import Column, Record, source_column, updated_column, verification_column
from louyu.intake.kinds.orm import OrmKind

from .models import Inspection, InspectionStatus
from .services import inspection_problems


class InspectionsKind(OrmKind):
    name, label, model = "inspections", "督查记录", Inspection
    key, key_fields, example_column = ("inspected_on", "district", "department", "policy_item"), \
        ("inspected_on", "district_id", "department", "policy_item"), "policy_item"
    special = ("district",)
    select_related = ("district",)
    checker = staticmethod(inspection_problems)
    columns = (
        Column("inspected_on", "督查日期", "date", required=True, aliases=("日期",), example="2023-06-15", fmt="日期"),
        Column("district", "督查对象（地区）", max_length=40, aliases=("地区", "督查地区"), example="姑苏区",
               fmt="附件1地区名称；督查部门时留空"),
        Column("department", "督查对象（部门）", max_length=100, aliases=("部门", "督查部门"), example="", fmt="文本；督查地区时留空"),
        Column("policy_item", "政策条款", required=True, max_length=200, aliases=("条款", "督查事项"), example="示例：三(五) 强化宣传推介"),
        Column("findings", "发现问题", required=True, aliases=("问题",), example="上半年推介活动场次低于序时进度"),
        Column("requirement", "整改要求", aliases=("要求",), example="三季度前补足推介活动"),
        Column("deadline", "整改期限", "date", aliases=("期限",), example="2023-09-30", fmt="日期，不早于督查日期"),
        Column("status", "状态", "choice", choices=tuple(InspectionStatus.choices), example="整改中", fmt="整改中 / 已整改 / 已销号",
               note="空：整改中"),
        source_column(),
        verification_column(),
        updated_column(),
    )

    def validate(self, row, values, ctx):
        raw = (values.get("district") or "").strip()
        district = None
        if raw:
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
        record.values.setdefault("department", "")
        if not self.rules(row, record, ctx):
            return None
        record.key = tuple(record.values[f] for f in self.key_fields)
        record.district_id = record.values["district_id"]
        return record

    getters = {"district": lambda i: i.district.name if i.district_id else None}

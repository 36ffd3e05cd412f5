"""年度目标（附件1）: one row per year and district (or 全市 for the city's own row), each row a new version.

A district user's rows become submissions (待审核) for the city to approve or return; the city
administrator's rows (and a system import without --user) are approved at once, each as the next version of
its year and district. A row equal to the version in force is skipped: it would change nothing."""
from louyu.programme import services as programme
from louyu.programme.models import TargetColumn, TargetStatus, TargetVersion

from .. import cleaning
from ..cleaning import CellError
from .base import Column, Record, cell_out
from .orm import OrmKind

CITY_NAMES = {"全市", "全市合计", "市级", "苏州市"}
EXAMPLE = {"office_buildings_10k": 23, "new_100m": 2, "cumulative_100m": 9, "new_featured": 3, "renovated": 1, "promotion_events": 8}


def _count(column: TargetColumn) -> Column:
    return Column(column.value, column.label, "int", required=True, nonneg=True, maximum=100_000, summable=True,
                  example=EXAMPLE[column.value], fmt="非负整数（幢；推介活动为场）")


class TargetsKind(OrmKind):
    name, label, model = "targets", "年度目标（附件1）", TargetVersion
    key, key_fields, example_column = ("year", "district"), ("year", "district_id"), "reason"
    special = ("district",)
    columns = (
        Column("year", "年度", "year", required=True, aliases=("年份", "目标年度"), example=2099, fmt="四位年份"),
        Column("district", "地区", required=True, aliases=("县级市（区）", "县级市(区)", "地区名称"), example="张家港市",
               fmt="附件1中的地区名称；“全市”为市级目标清单本身（仅市级管理员）"),
        *(_count(c) for c in TargetColumn),
        Column("reason", "调整说明", max_length=300, aliases=("调整原因", "说明", "备注"), example="示例行，导入时跳过",
               note="该年度该地区已有批准版本时必填"),
    )
    notes = ("地区用户导入的行为“待审核”提交，由市级管理员批准或退回；市级管理员导入的行直接批准，"
             "已有版本的年度生成新版本。与现行版本相同的行跳过。",)

    def validate(self, row, values, ctx):
        raw = cleaning.text(values.get("district"))
        if raw in CITY_NAMES:
            if not programme.is_approver(ctx.actor):
                ctx.error(row, "district", raw, "只有市级管理员可以导入全市目标")
                return None
            district = None
        else:
            try:
                district = ctx.lookups.district(raw)
            except CellError as exc:
                ctx.error(row, "district", raw, str(exc))
                return None
        problems = programme.target_problems(values)
        for field, reason in problems:
            ctx.error(row, field, values.get(field), reason)
        if problems:
            return None
        year, counts = values["year"], {f: values[f] for f in programme.TARGET_FIELDS}
        current = programme.in_force(year, district)
        where = district.name if district else "全市"
        if programme.same_values(current, counts):
            ctx.report.skip(row, f"{year} / {where}", f"与现行第{current.number}版相同，未生成新版本")
            return None
        reason = values.get("reason") or ""
        if current is not None and not reason:
            ctx.error(row, "reason", "", f"{where}{year}年已有第{current.number}版目标，调整须填写调整说明")
            return None
        actor = ctx.actor if getattr(ctx.actor, "pk", None) else None
        record = Record(row=row, key=(year, district.pk if district else None), values={
            "year": year, "district_id": district.pk if district else None, **counts, "reason": reason,
            "status": TargetStatus.SUBMITTED, "author_id": actor.pk if actor else None,
            "author_label": programme._label(ctx.actor if ctx.actor is not None else "命令行")})
        if district is not None:
            record.related["district"] = district
        record.district_id = district.pk if district else None
        return record

    def existing(self, records):
        return {}  # every row is a new version; stored versions are never edited by an import

    def after_write(self, objs, ctx):
        if programme.is_approver(ctx.actor):
            for version in objs:
                programme.target_approve(version=version, actor=ctx.actor)

    def export_queryset(self):
        """The versions in force (a file that re-imports to the same state)."""
        latest = {}
        for pk, year, district, number in TargetVersion.objects.filter(status=TargetStatus.APPROVED).values_list(
                "pk", "year", "district_id", "number"):
            if number > latest.get((year, district), (0, None))[0]:
                latest[(year, district)] = (number, pk)
        return (TargetVersion.objects.filter(pk__in=[pk for _, pk in latest.values()])
                .select_related("district").order_by("-year", "district__order"))

    getters = {"district": lambda v: v.district.name if v.district_id else "全市"}

    def export_row(self, obj, columns):
        return [cell_out(self.getters["district"](obj)) if c.key == "district" else cell_out(getattr(obj, c.key)) for c in columns]

"""招商需求 by file: keyed by 企业名称 + 意向地区 (one demand per enterprise and district; 不限地区 is its own key).

A row with a 统一社会信用代码 of a registered enterprise is linked to it, as the form does (services._link_enterprise)."""
from decimal import Decimal

from louyu.enterprises.models import Enterprise, IndustryCode
from louyu.intake.kinds.base import Column, Record, source_column, updated_column, verification_column
from louyu.intake.kinds.enterprises import industry_into
from louyu.intake.kinds.orm import OrmKind

from .models import Demand, DemandSource
from .services import demand_problems


def area_column(key, header, example, required=False):
    return Column(key, header, "decimal", required=required, unit="㎡", nonneg=True, max_digits=12,
                  aliases=(header.replace("(㎡)", ""),), example=example, fmt="数字，单位㎡，大于 0")


class DemandsKind(OrmKind):
    name, label, model = "demands", "招商需求", Demand
    key, key_fields, example_column = ("enterprise_name", "district"), ("enterprise_name", "district_id"), "enterprise_name"
    special = ("industry",)
    select_related = ("district", "industry", "enterprise")
    checker = staticmethod(demand_problems)
    columns = (
        Column("enterprise_name", "企业名称", required=True, max_length=200, aliases=("名称", "需求企业", "公司名称"),
               example="苏州示例律师事务所", fmt="文本；与意向地区一起唯一标识一条需求"),
        Column("uscc", "统一社会信用代码", max_length=18, aliases=("信用代码", "社会信用代码"), example="",
               fmt="18位，可空", note="已登记企业填写后自动关联"),
        Column("industry", "行业代码", "code", aliases=("国民经济行业代码", "行业"), example="7231",
               fmt="GB/T 4754-2017 代码，可空"),
        area_column("area_min", "最小面积(㎡)", Decimal("300.00"), required=True),
        area_column("area_max", "最大面积(㎡)", Decimal("600.00"), required=True),
        Column("budget_rent", "租金预算(元/㎡·天)", "decimal", unit="元/㎡·天", nonneg=True, max_digits=8,
               aliases=("租金预算", "预算"), example=Decimal("4.00"), fmt="数字，元/㎡·天，可空"),
        Column("district", "意向地区", "district", aliases=("地区", "意向区域"), example="姑苏区",
               fmt="附件1地区名称或常用别名", note="空：不限地区（仅市级用户可导入）"),
        Column("move_in_by", "期望入驻日期", "date", aliases=("入驻日期", "期望入驻时间"), example="2024-09-01", fmt="日期，可空"),
        Column("contact_name", "联系人", max_length=40, aliases=("企业联系人",), example="李律师"),
        Column("contact_phone", "联系电话", max_length=40, aliases=("电话", "手机"), example="13800000000"),
        Column("origin", "需求来源", "choice", choices=tuple(DemandSource.choices), aliases=("来源",), example="地区招商",
               fmt="商务局 / 地区招商 / 推荐 / 楼宇运营方 / 其他", note="空：地区招商"),
        Column("note", "说明", max_length=300, aliases=("备注",), example="希望靠近地铁"),
        source_column(),
        verification_column(),
        updated_column(),
    )

    def prepare(self, ctx):
        ctx.state["industry_codes"] = set(IndustryCode.objects.values_list("code", flat=True))

    def prefetch(self, rows, ctx):
        codes = {v.get("uscc") for _, v in rows if v.get("uscc")}
        ctx.state.setdefault("enterprises", {}).update(dict(Enterprise.objects.filter(uscc__in=codes).values_list("uscc", "pk")))

    def validate(self, row, values, ctx):
        record = Record(row=row, key=(), values={})
        if not industry_into(record, row, values, ctx):
            return None
        self.model_values(values, record)
        district_id = record.values.get("district_id")
        if ctx.scope is not None and district_id != ctx.scope.pk:
            where = values["district"].name if values.get("district") else "不限地区"
            ctx.error(row, "district", where, f"意向地区超出本人负责的地区（{ctx.scope.name}）")
            return None
        if not self.rules(row, record, ctx):
            return None
        enterprise = ctx.state["enterprises"].get(record.values.get("uscc") or "")
        if enterprise is not None:
            record.values["enterprise_id"] = enterprise
        record.key = self.key_of(record)
        record.district_id = district_id
        return record

    getters = {"industry": lambda d: d.industry_id, "district": lambda d: d.district.name if d.district else None}

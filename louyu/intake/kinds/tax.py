"""税收 (全口径税收 per enterprise per month): keyed by 统一社会信用代码 + 所属期.

The one feed with millions of rows: valid rows stream into a staging table (see `staging`), so this
kind's `validate` returns a staging tuple instead of a Record, and export reads with values_list.
"""
from __future__ import annotations

import json
from decimal import Decimal

from louyu.enterprises.models import TaxRecord

from .base import Column, Kind, month_out, source_column, updated_column, updated_out, verification_column
from .enterprises import EXAMPLE_USCC, uscc_column
from .operations import PERIOD_ALIASES
from .orm import enterprise_for, prefetch_enterprises, same_name

# 分税种明细 columns accepted in a tax file (stored in TaxRecord.breakdown under these names).
TAX_TYPES = (
    "增值税", "消费税", "企业所得税", "个人所得税", "资源税", "城市维护建设税", "房产税", "印花税", "城镇土地使用税",
    "土地增值税", "车船税", "契税", "环境保护税", "教育费附加", "地方教育附加", "其他",
)
TAX_ALIASES = {"其他": ("其他税收", "其他税费", "其它"), "城市维护建设税": ("城建税",), "个人所得税": ("个税",)}
BREAKDOWN_PREFIX = "tax:"


def _tax_type_column(name: str) -> Column:
    return Column(f"{BREAKDOWN_PREFIX}{name}", f"{name}(元)", "decimal", unit="元", max_digits=18, summable=True,
                  aliases=TAX_ALIASES.get(name, ()), export=False, example="", fmt="数字，单位元（可选的分税种明细）")


class TaxKind(Kind):
    name, label, model = "tax", "税收", TaxRecord
    key, key_fields, example_column = ("uscc", "period"), ("enterprise_id", "period"), "uscc"
    streaming = True
    columns = (
        uscc_column(example=EXAMPLE_USCC),
        Column("enterprise_name", "企业名称", check_only=True, aliases=("纳税人名称", "名称", "企业(单位)名称", "单位名称", "公司名称"),
               example="苏州示例科技有限公司", note="可选；与企业名录不一致时给出警告"),
        Column("period", "所属期", "month", required=True, past_only=True, aliases=("税款所属期", *PERIOD_ALIASES),
               example="2023-12", fmt="年月，如 2023-12、2023/12、2023年12月、202312，或日期单元格",
               note="不能晚于本月"),
        Column("total_tax", "全口径税收(元)", "decimal", required=True, unit="元", max_digits=18, summable=True,
               aliases=("全口径税收", "全口径税收收入", "税收", "税收合计", "税收总额", "纳税总额", "纳税额", "实缴税额", "税收收入", "入库税收"),
               example=Decimal("1250000.00"), fmt="数字，单位元（表头写万元、亿元时自动换算，精确到分）",
               note="可为负数（退税月份）"),
        *(_tax_type_column(name) for name in TAX_TYPES),
        source_column(),
        verification_column(),
        updated_column(),
    )

    def prepare(self, ctx):
        ctx.state["breakdown_keys"] = [k for k in ctx.header.index if k.startswith(BREAKDOWN_PREFIX)]
        ctx.state["names_checked"] = {}

    def prefetch(self, rows, ctx):
        prefetch_enterprises((v.get("uscc") for _, v in rows), ctx, light=True)

    def validate(self, row, values, ctx):
        """(row, enterprise_id, period, total_tax, breakdown json, source, verification) for staging."""
        enterprise = enterprise_for(row, "uscc", values["uscc"], ctx)
        if enterprise is None:
            return None
        if ctx.scope is not None and enterprise.district_id != ctx.scope.pk:
            where = ctx.lookups.by_id(enterprise.district_id)
            reason = (f"该企业归属{where.name}，超出本人负责的地区（{ctx.scope.name}）" if where
                      else f"该企业尚未归属地区，超出本人负责的地区（{ctx.scope.name}）")
            ctx.error(row, "uscc", values["uscc"], reason)
            return None
        name = values.get("enterprise_name")
        if name:
            checked = ctx.state["names_checked"]
            key = (enterprise.pk, name)
            if key not in checked:
                checked[key] = same_name(name, enterprise.name)
            if not checked[key]:
                ctx.warning(row, "enterprise_name", name, f"企业名称与企业名录不一致（名录：{enterprise.name}）")
        breakdown = None
        keys = ctx.state["breakdown_keys"]
        if keys:
            parts = {k[len(BREAKDOWN_PREFIX):]: values[k] for k in keys if values.get(k) is not None}
            if parts and "其他" in parts and sum(parts.values()) != values["total_tax"]:
                ctx.warning(row, "total_tax", values["total_tax"], f"分税种明细之和{sum(parts.values())}与全口径税收不一致")
            breakdown = json.dumps({k: format(v, "f") for k, v in parts.items()})
        return (row, enterprise.pk, values["period"], values["total_tax"], breakdown,
                values.get("source") or None, values.get("verification") or None)

    # -- export (values_list: a million rows must not become a million model instances) --------------------
    def export_columns(self, queryset=None):
        from ..staging import breakdown_keys

        tail = ("source", "verification", "updated_at")
        columns = [c for c in self.columns if c.export and c.key not in tail]
        columns += [self.column(f"{BREAKDOWN_PREFIX}{name}") for name in breakdown_keys(queryset)]
        return columns + [self.column(key) for key in tail]

    def export_queryset(self):
        return TaxRecord.objects.order_by("enterprise__uscc", "period")

    def export_values(self, queryset, columns):
        from louyu.core.models import Verification

        labels = dict(Verification.choices)
        names = [c.key[len(BREAKDOWN_PREFIX):] for c in columns if c.key.startswith(BREAKDOWN_PREFIX)]
        rows = queryset.values_list("enterprise__uscc", "enterprise__name", "period", "total_tax", "breakdown", "source", "verification",
                                    "updated_at")
        for uscc, name, period, total, breakdown, source, verification, updated in rows.iterator(chunk_size=5000):
            breakdown = breakdown or {}
            parts = [Decimal(breakdown[n]) if breakdown.get(n) not in (None, "") else None for n in names]
            yield [uscc, name, month_out(period), total, *parts, source, labels.get(verification, verification), updated_out(updated)]

"""税收 (全口径税收 per enterprise per month): keyed by 统一社会信用代码 + 所属期.

The one feed with millions of rows: valid rows stream into a staging table (see `staging`), so this
kind's `validate` returns a staging tuple instead of a Record, and export reads with values_list.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal

from louyu.enterprises.models import TaxRecord

from ..cleaning import CellError
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
# An amount the general cleaner (cleaning.decimal, 2 places, factor 1) returns unchanged: Decimal(raw) is its value.
_CANONICAL_AMOUNT = re.compile(r"-?\d{1,15}\.\d\d\Z")


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
        # rows the fast path finished (tuples) name enterprises already known
        prefetch_enterprises((v.get("uscc") for _, v in rows if v.__class__ is dict), ctx, light=True)
        if ctx.scope is not None:
            registered_stays_load(ctx)

    def fast_path(self, ctx, parsers, totals):
        """Rows whose cells are canonical give `validate`'s tuple without parsing into a dict: a USCC that is
        already a key of the enterprise lookup (so it is cleaned, valid and registered), a month string seen
        before (parsed once by the general parser), an amount written as plain 元 with two decimals (else the
        general parser), a name already found to match. Anything else — an unknown or messy code, an empty
        or bad cell, a name to warn about, another district's enterprise, the example row, a breakdown column
        — returns None: the row takes the general path, which reports exactly as it always does."""
        by_key = {key: (index, parse) for key, index, parse in parsers}
        if any(key.startswith(BREAKDOWN_PREFIX) for key in by_key) or totals.summed() != {"total_tax"}:
            return None
        (i_uscc, _), (i_period, parse_period), (i_total, parse_total) = by_key["uscc"], by_key["period"], by_key["total_tax"]
        i_name = by_key["enterprise_name"][0] if "enterprise_name" in by_key else None
        others = [(key, index, parse) for key, index, parse in parsers if key not in ("uscc", "period", "total_tax", "enterprise_name")]
        plain = ctx.header.factors.get("total_tax", Decimal(1)) == 1
        width = max(i_uscc, i_period, i_total) + 1
        enterprises = ctx.state.setdefault("enterprises", {})
        checked = ctx.state["names_checked"]
        scope_pk = ctx.scope.pk if ctx.scope is not None else None
        foreign = ctx.state.setdefault("foreign", set())  # enterprises once registered in another district
        example = self.example_value()
        months: dict[str, object] = {}
        canonical_amount = _CANONICAL_AMOUNT.match
        add_total = totals.add_one

        def fast(number, cells):
            n = len(cells)
            if n < width:
                return None
            uscc = cells[i_uscc]
            firm = enterprises.get(uscc)
            if firm is None or uscc == example or (scope_pk is not None and (firm.district_id != scope_pk or firm.pk in foreign)):
                return None
            if i_name is not None and i_name < n:
                name = cells[i_name]
                if name is not None and (name.__class__ is not str or (name and checked.get((firm.pk, name)) is not True)):
                    return None
            raw = cells[i_period]
            period = months.get(raw) if raw.__class__ is str else None
            if period is None:
                try:
                    period = parse_period(raw)
                except CellError:
                    return None
                if period is None:
                    return None
                if raw.__class__ is str and len(months) < 1000:
                    months[raw] = period
            raw = cells[i_total]
            if plain and raw.__class__ is str and canonical_amount(raw):
                amount = Decimal(raw)
            else:
                try:
                    amount = parse_total(raw)
                except CellError:
                    return None
                if amount is None:
                    return None
            source = verification = None
            for key, index, parse in others:
                try:
                    value = parse(cells[index] if index < n else None)
                except CellError:
                    return None
                if key == "source":
                    source = value or None
                elif key == "verification":
                    verification = value or None
            add_total("total_tax", amount)
            return (number, firm.pk, period, amount, None, source, verification)

        return fast

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
        if ctx.scope is not None and values.get("period") is not None:
            elsewhere = month_district_elsewhere(ctx.state["stays"].get(enterprise.pk, ()), values["period"], ctx.scope.pk)
            if elsewhere is not False:
                where = ctx.lookups.by_id(elsewhere) if elsewhere is not True else None
                ctx.error(row, "period", values["period"],
                          f"该月税收归属{where.name if where else '其他地区'}（企业当时在该地区注册入驻），超出本人负责的地区（{ctx.scope.name}）")
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


def registered_stays_load(ctx) -> None:
    """For a district's import: the registered stays (入驻月, 迁出月, district) of the enterprises known so far, so
    each month's tax is checked against the district it is attributed to (louyu.core.permissions' rule)."""
    from louyu.enterprises.models import REGISTERED_KINDS, Tenancy

    stays = ctx.state.setdefault("stays", {})
    new = [firm.pk for firm in ctx.state.get("enterprises", {}).values() if firm is not None and firm.pk not in stays]
    for pk in new:
        stays[pk] = []
    for start in range(0, len(new), 2000):
        rows = Tenancy.objects.filter(enterprise_id__in=new[start:start + 2000], kind__in=REGISTERED_KINDS).values_list(
            "enterprise_id", "move_in", "move_out", "building__district_id")
        for enterprise_id, move_in, move_out, district_id in rows:
            stays[enterprise_id].append((move_in.replace(day=1), move_out.replace(day=1) if move_out else None, district_id))
    foreign = ctx.state.setdefault("foreign", set())
    foreign.update(pk for pk in new if any(d != ctx.scope.pk for _, _, d in stays[pk]))


def month_district_elsewhere(stays, period, district_id):
    """False when the month's tax is the district's (registered there at month end; or registered nowhere then and
    never before in another district); else the other district's id (True when unknown)."""
    active = [d for start, end, d in stays if start <= period and (end is None or end > period)]
    if active:
        return False if district_id in active else active[0]
    before = [d for start, _, d in stays if start <= period and d != district_id]
    return before[0] if before else False

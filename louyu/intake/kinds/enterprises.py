"""企业: keyed by 统一社会信用代码 (check character verified)."""
import re
from decimal import Decimal

from louyu.enterprises.models import Enterprise, IndustryCode
from louyu.enterprises.services import enterprise_problems
from louyu.enterprises.uscc import uscc_make

from .base import Column, Record, source_column, updated_column, verification_column
from .orm import OrmKind

EXAMPLE_USCC = uscc_make(99999990)
_INDUSTRY = re.compile(r"^([A-T])?\s*(\d{2,4})?")


def uscc_column(**kw) -> Column:
    return Column("uscc", "统一社会信用代码", "uscc", required=True,
                  aliases=("社会信用代码", "信用代码", "统一代码", "纳税人识别号", "纳税人识别号(统一社会信用代码)",
                           "统一社会信用代码(纳税人识别号)", "uscc"),
                  fmt="18位，末位为校验码（GB 32100-2015）", **kw)


def industry_code(text: str, known: set[str]) -> str | None:
    """'7231', 'L7231', 'L 7231 律师及相关法律服务', 'L' → a known GB/T 4754 code, else None."""
    s = "".join(text.split()).upper()
    if s in known:
        return s
    m = _INDUSTRY.match(s)
    if not m or not (m.group(1) or m.group(2)):
        return None
    letter, digits = m.group(1), m.group(2)
    if digits:
        for candidate in (digits, digits.zfill(len(digits) + 1)):
            if candidate in known:
                return candidate
        return None
    return letter if letter in known else None


def industry_into(record: Record, row: int, values: dict, ctx) -> bool:
    """Put the row's 行业 (any way a GB/T 4754 code is written) into `record`; False after reporting an unknown code."""
    if "industry" not in values:
        return True
    raw = values["industry"]
    code = industry_code(raw, ctx.state["industry_codes"]) if raw else None
    if raw and code is None:
        ctx.error(row, "industry", raw, f"行业代码“{raw}”不在国民经济行业分类（GB/T 4754-2017）中")
        return False
    record.values["industry_id"] = code
    return True


class EnterprisesKind(OrmKind):
    name, label, model = "enterprises", "企业", Enterprise
    key, key_fields, example_column = ("uscc",), ("uscc",), "uscc"
    special = ("industry",)
    select_related = ("district", "industry")
    fields = {"industry": "industry"}
    checker = staticmethod(enterprise_problems)
    columns = (
        uscc_column(example=EXAMPLE_USCC),
        Column("name", "企业名称", required=True, max_length=200, aliases=("名称", "企业(单位)名称", "单位名称", "公司名称", "纳税人名称"),
               example="苏州示例科技有限公司"),
        Column("industry", "行业代码", "code", aliases=("国民经济行业代码", "行业分类代码", "国标行业代码", "行业"),
               example="7231", fmt="GB/T 4754-2017 代码（门类字母、2–4位数字，可带门类字母）"),
        Column("registered_address", "注册地址", max_length=300, aliases=("住所", "企业地址", "注册地", "地址", "经营地址"),
               example="苏州市姑苏区人民路100号示例国际大厦18层1801室"),
        Column("established_on", "成立日期", "date", past_only=True, aliases=("成立时间", "注册日期", "设立日期"),
               example="2018-05-20", fmt="日期，如 2018-05-20、2018/5/20、2018年5月20日"),
        Column("registered_capital", "注册资本(万元)", "decimal", unit="万元", places=4, nonneg=True, max_digits=18,
               summable=True, aliases=("注册资本", "注册资金"), example=Decimal("1000"), fmt="数字，单位万元（表头写元时自动换算）"),
        Column("employees", "从业人数", "int", nonneg=True, maximum=2_000_000_000, summable=True,
               aliases=("员工人数", "职工人数", "从业人员", "从业人员数", "人数"), example=120, fmt="整数"),
        Column("is_headquarters", "是否总部", "bool", aliases=("总部企业", "总部"), example="否", fmt="是 / 否（也可 Y/N、√）"),
        Column("is_listed", "是否上市", "bool", aliases=("上市企业", "上市"), example="否", fmt="是 / 否"),
        Column("is_high_tech", "是否高新技术企业", "bool", aliases=("高新技术企业", "高企", "是否高企"), example="是", fmt="是 / 否"),
        Column("district", "归属地区", "district", aliases=("所属地区", "地区"), example="姑苏区",
               fmt="附件1地区名称", note="可空：有注册入驻的企业按其楼宇确定；地区用户导入的新企业归本地区"),
        source_column(),
        verification_column(),
        updated_column(),
    )

    def prepare(self, ctx):
        ctx.state["industry_codes"] = set(IndustryCode.objects.values_list("code", flat=True))

    def validate(self, row, values, ctx):
        record = Record(row=row, key=(values["uscc"],), values={})
        if not industry_into(record, row, values, ctx):
            return None
        self.model_values(values, record)
        if not self.rules(row, record, ctx):
            return None
        if ctx.scope is not None and "district_id" not in record.values:
            # A district user's new (or not yet attributed) enterprise belongs to their district.
            record.defaults["district_id"] = ctx.scope.pk
        record.district_id = record.values.get("district_id", record.defaults.get("district_id"))
        return record

    def affected(self, obj, before):
        return {"enterprises": {obj.pk}}

    getters = {"industry": lambda e: e.industry_id, "district": lambda e: e.district.name if e.district else None}

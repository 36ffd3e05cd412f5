"""One district's annual report: the blue book's chapters read for one district (same machinery, same blocks)."""
from __future__ import annotations

import datetime as dt

from louyu.reports import blocks as b
from louyu.reports import fmt
from louyu.reports.documents import bluebook
from louyu.reports.documents.common import Context, Registry

part = Registry()


@part.chapter("overview", "总体情况")
def overview(ctx: Context) -> list:
    facts = [f for f in ctx.districts if f.months]
    mine = next((f for f in facts if f.district_id == ctx.district.pk), None)
    if mine is None:
        return [b.Paragraph(f"{ctx.district.name} {ctx.year} 年尚无指标。")]
    rank_tax = 1 + sum(1 for f in facts if f.total_tax > mine.total_tax)
    rank_100m = 1 + sum(1 for f in facts if f.cumulative_100m > mine.cumulative_100m)
    row = next((r for r in ctx.progress if r["district"] is not None and r["district"].pk == ctx.district.pk), None)
    from louyu.reports import charts

    out = bluebook.district_section(ctx, mine, rank_tax, rank_100m, row, ctx.buildings, n=len(facts), level=0)
    out.append(b.Chart(charts.tax_trend(ctx.trend, ctx.year), f"{ctx.district.name}楼宇归属税收月度走势（亿元）"))
    return out


part.chapter("hundred_million", "亿元楼宇")(lambda ctx: _hundred_million(ctx))
part.chapter("industry", "产业结构与特色产业楼宇")(bluebook.industry)
part.chapter("renovation", "存量楼宇改造提升")(bluebook.renovation)
# The policy-work registers' chapters, read for the district (the apps' sections take the district).
_BOOK = {c.key: c for c in bluebook.book.chapters}
for _key in ("teams", "events", "tasks", "services", "evaluation"):
    part.chapter(_key, _BOOK[_key].title)(_BOOK[_key].build)
part.chapter("alerts", "预警与风险")(bluebook.alerts)


def _hundred_million(ctx: Context) -> list:
    ranked = sorted((x for x in ctx.buildings if x.is_100m), key=lambda x: -x.total_tax)
    if not ranked:
        return [b.Paragraph("本年度本地区没有亿元楼宇。")]
    return [b.Table(["楼宇", "等级", "全口径税收（亿元）", "同比", "标注"],
                    [[x.building.name, f"{x.tax_tier}亿元级", fmt.yi(x.total_tax), fmt.signed_pct(x.tax_growth),
                      bluebook._new_mark(x)] for x in ranked], widths=[3.2, 1.2, 1.6, 1.1, 1], numeric_from=2)]


def build(ctx: Context, progress=None) -> b.Document:
    name = ctx.district.name
    doc = b.Document(title=f"{ctx.year}年度{name}楼宇经济发展报告", subtitle="（由楼宇经济智慧平台依据指标数据自动生成）",
                     issuer=name, date_line=fmt.cn_month_line(ctx.as_of or dt.date(ctx.year, 12, 1)),
                     header=f"{ctx.year}年度{name}楼宇经济发展报告", imprint=bluebook.imprint_lines(ctx))
    doc.add(b.Toc())
    for i, ch in enumerate(part.chapters, start=1):
        doc.add(b.Heading(f"{bluebook._ordinal(i)}{ch.title}", 1), ch.build(ctx))
        if progress:
            progress(i, len(part.chapters) + 1, ch.title)
    return doc

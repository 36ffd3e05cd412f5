"""年度楼宇经济高质量发展蓝皮书: a registry of small chapter functions, each reading the engine's facts through the
context and returning blocks. A new chapter is one more `@book.chapter` function."""
from __future__ import annotations

import datetime as dt

from louyu.indicators import definitions
from louyu.programme.selectors import STATUSES as TASK_STATUSES
from louyu.reports import blocks as b
from louyu.reports import charts, fmt, sections
from louyu.reports import selectors as sel
from louyu.reports.documents.common import (
    Context, Registry, indicator_appendix, events_sentence, progress_table,
)

book = Registry()
TIER_NAMES = {10: "10亿元级楼宇", 5: "5亿元级楼宇", 1: "1亿元级楼宇"}


def _new_mark(fact) -> str:
    if fact.is_new_100m is None:
        return "新增未知"
    return "新增" if fact.is_new_100m else ""


@book.chapter("figures", "年度数据概览")
def year_in_figures(ctx: Context) -> list:
    c = ctx.city
    out = [b.Paragraph(
        f"{ctx.year} 年（截至 {fmt.date(c.as_of)}，计 {c.months} 个月），全市楼宇经济全口径税收 {fmt.yi(c.total_tax)} 亿元，"
        f"同比{fmt.change_words(c.tax_growth)}；其中归属到楼宇的税收 {fmt.yi(c.attributed_tax)} 亿元，"
        f"未归属到任何楼宇的税收 {fmt.yi(c.unattributed_tax)} 亿元。", "lead"),
        b.Paragraph(
        f"全市商务办公面积 1 万平方米以上楼宇 {fmt.count(c.office_buildings_10k)} 幢；亿元楼宇累计 {fmt.count(c.cumulative_100m)} 幢，"
        + (f"其中当年新增 {fmt.count(c.new_100m)} 幢" if c.new_100m is not None else "因上年没有全年税收数据，新增数无法判断")
        + f"；10 亿元级 {c.tier_10} 幢、5 亿元级 {c.tier_5} 幢、1 亿元级 {c.tier_1} 幢。入驻率（面积加权）{fmt.pct(c.occupancy_rate)}，"
        f"落地率 {fmt.pct(c.presence_rate)}，入驻企业 {fmt.count(c.present_count)} 家、注册企业 {fmt.count(c.registered_count)} 家。")]
    out.append(b.Table(["指标", f"{ctx.year} 年", "上年同期", "同比"], [
        ["全口径税收（亿元）", fmt.yi(c.total_tax), fmt.yi(c.prior_total_tax), fmt.signed_pct(c.tax_growth)],
        ["楼宇归属税收（亿元）", fmt.yi(c.attributed_tax), fmt.DASH, fmt.DASH],
        ["未归属税收（亿元）", fmt.yi(c.unattributed_tax), fmt.DASH, fmt.DASH],
        ["累计亿元楼宇（幢）", fmt.count(c.cumulative_100m), fmt.DASH, fmt.DASH],
        ["新增亿元楼宇（幢）", fmt.count(c.new_100m), fmt.DASH, fmt.DASH],
        ["商务办公1万㎡以上楼宇（幢）", fmt.count(c.office_buildings_10k), fmt.DASH, fmt.DASH],
        ["入驻率（面积加权）", fmt.pct(c.occupancy_rate), fmt.DASH, fmt.DASH],
        ["落地率", fmt.pct(c.presence_rate), fmt.DASH, fmt.DASH],
    ], widths=[3, 1.4, 1.4, 1.2], caption=f"表 1-1　{ctx.year} 年主要指标"))
    out.append(b.Chart(charts.tax_trend(ctx.trend, ctx.year), f"图 1-1　楼宇归属税收月度走势（{ctx.year} 年与 {ctx.year - 1} 年，亿元）"))
    total = ctx.progress[-1]
    done = [f"{cell['label']}完成 {fmt.pct(cell['completion'], 0)}" for cell in total["columns"]
            if cell["completion"] is not None and not (cell["column"] == "promotion_events" and not ctx.events_recorded)]
    out.append(b.Heading("年度目标完成情况（附件1）", 2))
    if not any(cell["target"] is not None for cell in total["columns"]):
        out.append(b.Paragraph("本年度尚无附件1年度目标记录，无法与目标比较。"))
        return out
    out.append(b.Paragraph(f"对照苏府办〔2023〕48号附件1年度目标，全市{'，'.join(done) if done else '各项目标尚无可计算的完成率'}。"))
    if not ctx.events_recorded:
        out.append(b.Paragraph(events_sentence(ctx), "note"))
    out.append(progress_table(ctx, ctx.progress, caption=f"表 1-2　{ctx.year} 年各地区目标完成情况（实际/目标）"))
    rows = [r for r in ctx.progress if r["district"] is not None]
    cum = [next(c for c in r["columns"] if c["column"] == "cumulative_100m") for r in rows]
    out.append(b.Chart(charts.completion([r["name"] for r in rows], [c["actual"] for c in cum], [c["target"] for c in cum]),
                       "图 1-2　各地区累计亿元楼宇：实际与目标"))
    return out


@book.chapter("districts", "分地区发展情况")
def district_by_district(ctx: Context) -> list:
    facts = [f for f in ctx.districts if f.months]
    if not facts:
        return [b.Paragraph("本年度尚无地区指标。")]
    rank_tax = {f.district_id: i for i, f in enumerate(sorted(facts, key=lambda f: -f.total_tax), start=1)}
    rank_100m = {f.district_id: i for i, f in enumerate(sorted(facts, key=lambda f: -f.cumulative_100m), start=1)}
    progress = {r["district"].pk: r for r in ctx.progress if r["district"] is not None}
    by_district: dict[int, list] = {}
    for fact in ctx.buildings:
        by_district.setdefault(fact.district_id, []).append(fact)
    out = [b.Paragraph(f"各地区按附件1顺序排列；排名为全市 {len(facts)} 个地区中的位次。")]
    for f in facts:
        out += district_section(ctx, f, rank_tax[f.district_id], rank_100m[f.district_id], progress.get(f.district_id),
                                by_district.get(f.district_id, []), n=len(facts))
    return out


def district_section(ctx: Context, f, rank_tax: int, rank_100m: int, progress_row, buildings: list, *, n: int,
                     level: int = 2) -> list:
    out = [b.Heading(f.district.name, level)] if level else []
    out.append(b.Paragraph(
        f"{f.district.name}楼宇全口径税收 {fmt.yi(f.total_tax)} 亿元（全市第 {rank_tax} 位），同比{fmt.change_words(f.tax_growth)}；"
        f"亿元楼宇累计 {fmt.count(f.cumulative_100m)} 幢（全市第 {rank_100m} 位），新增 {fmt.count(f.new_100m)} 幢；"
        f"商务办公1万㎡以上楼宇 {fmt.count(f.office_buildings_10k)} 幢，入驻率 {fmt.pct(f.occupancy_rate)}，"
        f"落地率 {fmt.pct(f.presence_rate)}，单位面积税收 {fmt.yuan(f.tax_per_m2)} 元/㎡。"))
    if progress_row is not None and any(c["target"] is not None for c in progress_row["columns"]):
        rows = []
        for c in progress_row["columns"]:
            no_events = c["column"] == "promotion_events" and not ctx.events_recorded
            rows.append([c["label"], fmt.count(c["target"]), "无记录" if no_events else fmt.count(c["actual"]),
                         fmt.DASH if no_events else fmt.pct(c["completion"], 0), fmt.DASH if no_events else fmt.count(c["gap"])])
        out.append(b.Table(["附件1指标", "目标", "实际", "完成率", "差距"], rows, widths=[3, 1, 1, 1, 1],
                           caption=f"{f.district.name}　附件1目标完成情况"))
    top = sorted(buildings, key=lambda x: -x.total_tax)[:5]
    if top:
        names = "、".join(f"{x.building.name}（{fmt.yi(x.total_tax)} 亿元{'，' + _new_mark(x) if x.is_100m and _new_mark(x) else ''}）"
                         for x in top[:3])
        out.append(b.Paragraph(f"亮点：税收居前的楼宇为{names}。"))
        out.append(b.Chart(charts.district_bars([x.building.name for x in top], [x.total_tax / 100_000_000 for x in top],
                                                unit="亿元"), f"{f.district.name}　税收前五位楼宇（亿元）", width_cm=11))
    return out


@book.chapter("hundred_million", "亿元楼宇")
def hundred_million(ctx: Context) -> list:
    c = ctx.city
    op = "≥" if definitions.config()["HUNDRED_MILLION_INCLUSIVE"] else "＞"
    out = [b.Paragraph(f"亿元楼宇指年度全口径税收 {op} {fmt.yi(sel.threshold(), 0)} 亿元的楼宇。{ctx.year} 年全市累计 "
                       f"{fmt.count(c.cumulative_100m)} 幢，新增 {fmt.count(c.new_100m)} 幢（表中标注“新增”）。")]
    facts = [f for f in ctx.districts if f.months]
    out.append(b.Table(["地区", "累计", "新增", "10亿元级", "5亿元级", "1亿元级"],
                       [[f.district.name, fmt.count(f.cumulative_100m), fmt.count(f.new_100m), fmt.count(f.tier_10),
                         fmt.count(f.tier_5), fmt.count(f.tier_1)] for f in facts]
                       + [["全市合计", fmt.count(c.cumulative_100m), fmt.count(c.new_100m), fmt.count(c.tier_10),
                           fmt.count(c.tier_5), fmt.count(c.tier_1)]],
                       caption=f"表 3-1　{ctx.year} 年各地区亿元楼宇（幢）", total_rows=1))
    out.append(b.Chart(charts.tiers_by_district([f.district.name for f in facts],
                                                [{10: f.tier_10, 5: f.tier_5, 1: f.tier_1} for f in facts]),
                       "图 3-1　各地区亿元楼宇数（按等级）"))
    ranked = sorted((x for x in ctx.buildings if x.is_100m), key=lambda x: -x.total_tax)
    for tier, name in TIER_NAMES.items():
        rows = [[x.building.name, x.district.name, fmt.yi(x.total_tax), fmt.signed_pct(x.tax_growth), _new_mark(x)]
                for x in ranked if x.tax_tier == tier]
        out.append(b.Heading(name, 2))
        if not rows:
            out.append(b.Paragraph(f"本年度没有{name}。"))
            continue
        out.append(b.Table(["楼宇", "地区", "全口径税收（亿元）", "同比", "标注"], rows, widths=[3.2, 1.4, 1.6, 1.1, 1],
                           numeric_from=2))
    return out


@book.chapter("industry", "产业结构与特色产业楼宇")
def industry(ctx: Context) -> list:
    sections = [r for r in sel.industry(ctx.year, scope=ctx.district) if r["registered"] or r["tax"]]
    if not sections:
        return [b.Paragraph("本年度尚无产业结构数据。")]
    out = [b.Paragraph("按国民经济行业门类（GB/T 4754-2017）统计年末注册企业数与年度税收占比。")]
    sections.sort(key=lambda r: -(r["tax"] or 0))
    out.append(b.Table(["行业门类", "注册企业（家）", "企业占比", "税收（亿元）", "税收占比"],
                       [[r["label"], fmt.count(r["registered"]), fmt.pct(r["registered_share"]), fmt.yi(r["tax"]),
                         fmt.pct(r["tax_share"])] for r in sections],
                       widths=[3.4, 1.3, 1.1, 1.3, 1.1], caption=f"表 4-1　{ctx.year} 年产业结构（按行业门类）"))
    out.append(b.Chart(charts.industry_mix([(r["label"], r["tax"]) for r in sections]), "图 4-1　税收行业构成"))
    featured = sel.industry(ctx.year, scope=ctx.district, featured=True)
    out.append(b.Heading("特色产业", 2))
    out.append(b.Table(["特色产业类别", "注册企业（家）", "企业占比", "税收（亿元）", "税收占比"],
                       [[r["label"], fmt.count(r["registered"]), fmt.pct(r["registered_share"]), fmt.yi(r["tax"]),
                         fmt.pct(r["tax_share"])] for r in featured], widths=[3.4, 1.3, 1.1, 1.3, 1.1]))
    recognised = [r for r in sel.recognitions(ctx.year) if ctx.district is None or r.building.district_id == ctx.district.pk]
    out.append(b.Heading("特色产业楼宇", 2))
    if recognised:
        out.append(b.Table(["楼宇", "地区", "特色产业类别", "认定日期"],
                           [[r.building.name, r.building.district.name, r.category.name, fmt.date(r.recognised_on)] for r in recognised],
                           widths=[3, 1.4, 2, 1.6], caption="本年度认定的特色产业楼宇"))
    else:
        out.append(b.Paragraph("本年度尚无认定的特色产业楼宇记录。"))
    candidates = sel.featured_candidates(ctx.year, district=ctx.district)
    if candidates:
        out.append(b.Table(["楼宇", "地区", "主导特色产业", "集聚度", "入驻率", "状态"],
                           [[x.building.name, x.district.name, x.lead_category.name if x.lead_category else fmt.DASH,
                             fmt.pct(x.concentration), fmt.pct(x.occupancy_rate), x.featured_label] for x in candidates],
                           widths=[3, 1.3, 2, 1, 1, 1], numeric_from=3, caption="候选与储备特色产业楼宇（按集聚度）"))
    else:
        out.append(b.Paragraph("本年度没有达到候选或储备条件的楼宇。"))
    return out


@book.chapter("renovation", "存量楼宇改造提升与示范项目")
def renovation(ctx: Context) -> list:
    projects = sel.renovations(ctx.year, district=ctx.district)
    if not projects:
        return [b.Paragraph("本年度尚无存量楼宇改造提升项目记录。")]
    done = [p for p in projects if p.status == "completed"]
    demo = [p for p in projects if p.is_demonstration]
    out = [b.Paragraph(f"{ctx.year} 年完工的存量楼宇改造提升项目 {len(done)} 个，在建 {len(projects) - len(done)} 个，"
                       f"其中示范项目 {len(demo)} 个。")]
    out.append(b.Table(["项目", "楼宇", "地区", "状态", "完工日期", "示范"],
                       [[p.code, p.building.name, p.building.district.name, p.get_status_display(),
                         fmt.date(p.completion_date) if p.completion_date else fmt.DASH, "示范" if p.is_demonstration else ""]
                        for p in projects], widths=[1.6, 2.6, 1.2, 1, 1.6, 0.8], numeric_from=6))
    return out


def _slot_chapter(*keys: str, lead: str):
    """A chapter whose content the page-level apps provide (louyu.reports.sections), after a lead sentence."""
    def build(ctx: Context) -> list:
        out = [b.Paragraph(lead)]
        for key in keys:
            out += sections.section_blocks(key, ctx.year, ctx.district)
        return out
    return build


book.chapter("teams", "楼宇招商运营团队")(_slot_chapter(
    "teams", lead="政策要求培育专业化楼宇招商运营团队，评选优秀楼宇招商运营团队（三(四)）。"))
book.chapter("events", "推介活动与工作机制")(_slot_chapter(
    "events", "mechanisms", lead="政策要求开展楼宇推介活动，建立联席会议、楼宇发展大会等工作机制（三(五)）。"))


@book.chapter("tasks", "重点任务完成情况（附件2）")
def key_tasks(ctx: Context) -> list:
    tasks = sel.key_tasks()
    if not tasks:
        return [b.Paragraph("本年度尚无附件2重点任务记录。")]
    year_end = dt.date(ctx.year, 12, 31)
    due = [t for t in tasks if t.deadline is not None and t.deadline <= year_end]
    out = [b.Paragraph(f"附件2共列重点任务 {len(tasks)} 项，其中截止日期在 {ctx.year} 年底前的 {len(due)} 项。")]
    standing = sel.task_standing(ctx.year, user=ctx.user, district=ctx.district)
    total = standing["total"]
    if not total["total"]:
        out.append(b.Paragraph("本年度尚无重点任务分解落实（责任单位）记录。"))
    else:
        labels = standing["labels"]
        out.append(b.Paragraph(
            f"截至 {fmt.date(standing['as_of'])}，重点任务分解落实 {fmt.count(total['total'])} 项，其中"
            + "，".join(f"{labels[s]} {fmt.count(total[s])} 项" for s in TASK_STATUSES)
            + f"，完成率 {fmt.pct(standing['completion'])}；报告受阻 {fmt.count(total['blocked'])} 项。"))
        out.append(b.Table(["五方面工作", "分解任务", *[labels[s] for s in TASK_STATUSES], "完成率"],
                           [[area, fmt.count(r["total"]), *[fmt.count(r[s]) for s in TASK_STATUSES],
                             fmt.pct(r["done"] / r["total"] if r["total"] else None)] for area, r in standing["by_area"].items()],
                           widths=[2.4, 1] + [1] * len(TASK_STATUSES) + [1], caption=f"{ctx.year} 年重点任务推进情况（项）"))
    out.append(b.Table(["序号", "五方面工作", "重点任务", "完成时限", "责任单位"],
                       [[str(t.seq), t.area, t.task, t.deadline_text, "、".join(t.responsible_units)] for t in tasks],
                       widths=[0.6, 1.4, 4.2, 1.3, 1.8], numeric_from=5, caption="附件2　重点任务"))
    return out


book.chapter("services", "政务服务进楼宇与党建")(_slot_chapter(
    "service_points", "party", lead="政策要求推动政务服务进楼宇、提高自助办理比例，加强楼宇党建（三(五)）。"))
book.chapter("evaluation", "考核评价")(_slot_chapter(
    "evaluation", lead="政策要求依托平台对各地区楼宇经济工作进行评价督查（三(五)）；评分口径与权重见平台“评价督查”页。"))


@book.chapter("alerts", "预警与风险")
def alerts(ctx: Context) -> list:
    items = sel.alerts(ctx.year, user=ctx.user, district=ctx.district)
    if not items:
        return [b.Paragraph("本年度没有仍然成立的监测预警。")]
    counts: dict[str, int] = {}
    for a in items:
        counts[a.get_kind_display()] = counts.get(a.get_kind_display(), 0) + 1
    out = [b.Paragraph(f"截至 {fmt.month(ctx.as_of)}，{ctx.year} 年仍然成立的监测预警 {len(items)} 条："
                       + "；".join(f"{k} {v} 条" for k, v in counts.items()) + "。")]
    by_district: dict[str, dict[str, int]] = {}
    kinds = list(counts)
    for a in items:
        row = by_district.setdefault(a.district.name, {})
        row[a.get_kind_display()] = row.get(a.get_kind_display(), 0) + 1
    out.append(b.Table(["地区"] + kinds, [[d] + [fmt.count(r.get(k, 0)) for k in kinds] for d, r in by_district.items()],
                       caption="预警分布（条）"))
    risk = [a for a in items if a.kind == "at_risk_100m"]
    if risk:
        out.append(b.Heading("亿元楼宇预警", 2))
        out.append(b.Table(["楼宇", "地区", "所属期"], [[a.building.name, a.district.name, fmt.month(a.period)] for a in risk],
                           widths=[3, 1.5, 1.5], numeric_from=3))
    return out


@book.chapter("appendix", "附录　指标口径")
def appendix(ctx: Context) -> list:
    return [b.Paragraph("本书各项指标的口径与平台《指标口径》文档（docs/indicators.md）一致，摘录如下。", "note"),
            *indicator_appendix()]


def build(ctx: Context, progress=None) -> b.Document:
    city = ctx.city
    doc = b.Document(
        title=f"{ctx.year}年度苏州市楼宇经济高质量发展蓝皮书",
        subtitle="（由楼宇经济智慧平台依据指标数据自动生成）",
        issuer="苏州市发展和改革委员会",
        date_line=fmt.cn_month_line(ctx.as_of or dt.date(ctx.year, 12, 1)),
        header=f"{ctx.year}年度苏州市楼宇经济高质量发展蓝皮书",
        imprint=imprint_lines(ctx),
    )
    doc.add(b.Toc())
    total = len(book.chapters) + 1  # the last step is the layout
    for i, ch in enumerate(book.chapters, start=1):
        doc.add(b.Heading(f"{_ordinal(i) if ch.key != 'appendix' else ''}{ch.title}", 1))
        doc.add(ch.build(ctx))
        if progress:
            progress(i, total, ch.title)
    assert city is not None
    return doc


def imprint_lines(ctx: Context) -> list[str]:
    c = ctx.city
    return [
        f"数据截至：{fmt.date(c.as_of)}（{ctx.year} 年计 {c.months} 个月；指标最近计算于 {fmt.month(ctx.as_of)} 所属期）",
        f"生成日期：{fmt.date(dt.date.today())}",
        "数据来源：税务部门全口径税收数据，市场监管部门企业登记数据，资源规划、住建部门楼宇与项目数据，楼宇运营报告，"
        "各地区报送的入驻登记；由楼宇经济智慧平台指标引擎计算。",
        "政策依据：《苏州市关于推动楼宇经济高质量发展的实施意见》（苏府办〔2023〕48号）及其附件1、附件2。",
        "说明：税收数据属纳税人信息，本书仅公开楼宇、地区和全市汇总数；发布前请核对并按规定履行审核程序。",
    ]


def _ordinal(i: int) -> str:
    nums = "一二三四五六七八九十"
    return (nums[i - 1] if i <= 10 else "十" + nums[i - 11]) + "、"

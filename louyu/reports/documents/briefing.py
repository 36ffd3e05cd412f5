"""楼宇经济运行监测简报 (monthly, one to two pages): the month and the year to date against last month and last
year, new 亿元楼宇 crossings, buildings near the threshold, the month's alerts and overdue 附件2 tasks."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from louyu.indicators import definitions
from louyu.reports import blocks as b
from louyu.reports import fmt
from louyu.reports import selectors as sel

NEAR = Decimal("0.80")  # "near the threshold": year-to-date tax at 80 % of the 亿元楼宇 threshold or more


def _prev(period: dt.date) -> dt.date:
    return dt.date(period.year - 1, 12, 1) if period.month == 1 else dt.date(period.year, period.month - 1, 1)


def _month_end(period: dt.date) -> dt.date:
    nxt = dt.date(period.year + (period.month == 12), period.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def figures(period: dt.date, user) -> list:
    cur = sel.city_month(period.year, period.month)
    if not cur or not cur["computed"]:
        return [b.Paragraph(f"{fmt.month(period)}的指标尚未计算。")]
    prev_p = _prev(period)
    prev = sel.city_month(prev_p.year, prev_p.month)
    last_year = sel.city_month(period.year - 1, period.month)
    trend = sel.trend(period.year)
    ytd, ytd_prior = sel.year_to_date(trend, period.month), sel.year_to_date(trend, period.month, "prior_tax")

    def row(label, key, show):
        now = cur[key]
        before = prev[key] if prev and prev["computed"] else None
        year_ago = last_year[key] if last_year and last_year["computed"] else None
        return [label, show(now), show(before), fmt.signed_pct(definitions.growth(now, before)), show(year_ago),
                fmt.signed_pct(definitions.growth(now, year_ago))]

    lead = (f"{fmt.month(period)}，全市全口径税收 {fmt.yi(cur['total_tax'])} 亿元，其中楼宇归属 {fmt.yi(cur['attributed_tax'])} 亿元，"
            f"同比{fmt.change_words(cur['attributed_growth'])}。1–{period.month} 月楼宇归属税收累计 {fmt.yi(ytd)} 亿元，"
            f"同比{fmt.change_words(definitions.growth(ytd, ytd_prior))}。")
    return [b.Paragraph(lead, "lead"), b.Table(
        ["指标", "本月", "上月", "环比", "上年同月", "同比"],
        [row("全口径税收（亿元）", "total_tax", fmt.yi), row("楼宇归属税收（亿元）", "attributed_tax", fmt.yi),
         row("未归属税收（亿元）", "unattributed_tax", fmt.yi), row("入驻企业（家）", "present_count", fmt.count),
         row("注册企业（家）", "registered_count", fmt.count),
         ["入驻率（面积加权）", fmt.pct(cur["occupancy_rate"]), fmt.pct(prev["occupancy_rate"]) if prev else fmt.DASH, fmt.DASH,
          fmt.pct(last_year["occupancy_rate"]) if last_year else fmt.DASH, fmt.DASH],
         [f"1–{period.month} 月楼宇归属税收（亿元）", fmt.yi(ytd), fmt.DASH, fmt.DASH, fmt.yi(ytd_prior),
          fmt.signed_pct(definitions.growth(ytd, ytd_prior))]],
        widths=[2.6, 1.1, 1.1, 0.9, 1.1, 0.9])]


def crossings(period: dt.date, user) -> list:
    """Buildings whose year-to-date tax crossed the 亿元楼宇 threshold this month, and those within reach."""
    ytd: dict[int, list] = {}
    for m in sel.building_month_tax(period.year, upto=period, user=user):
        entry = ytd.setdefault(m.building_id, [m.building, m.district, Decimal(0), Decimal(0)])
        entry[2] += m.total_tax
        if m.period < period:
            entry[3] += m.total_tax
    threshold = sel.threshold()
    crossed = [e for e in ytd.values() if definitions.is_100m(e[2]) and not definitions.is_100m(e[3])]
    near = sorted((e for e in ytd.values() if not definitions.is_100m(e[2]) and e[2] >= threshold * NEAR), key=lambda e: -e[2])
    out = [b.Paragraph(f"本月年内累计税收新跨过 1 亿元的楼宇 {len(crossed)} 幢"
                       + (f"：{'、'.join(f'{e[0].name}（{e[1].name}，{fmt.yi(e[2])} 亿元）' for e in crossed)}。" if crossed else "。"))]
    if near:
        out.append(b.Paragraph(f"年内累计达到 1 亿元的 {fmt.pct(NEAR, 0)} 以上、尚未跨过的楼宇 {len(near)} 幢："
                               + "、".join(f"{e[0].name}（{e[1].name}，{fmt.yi(e[2])} 亿元）" for e in near[:10])
                               + ("等。" if len(near) > 10 else "。")))
    else:
        out.append(b.Paragraph("没有接近 1 亿元的楼宇。"))
    return out


def alerts(period: dt.date, user) -> list:
    month_items = sel.alerts(period.year, user=user, period=period)
    all_items = sel.alerts(period.year, user=user)
    if not all_items:
        return [b.Paragraph("本年度没有仍然成立的监测预警。")]
    counts: dict[str, int] = {}
    for a in month_items:
        counts[a.get_kind_display()] = counts.get(a.get_kind_display(), 0) + 1
    text = "；".join(f"{k} {v} 条" for k, v in counts.items()) if counts else "无"
    return [b.Paragraph(f"本月新发现的预警：{text}。年内仍然成立的预警共 {len(all_items)} 条，请各地区在平台“预警”页核实处理。")]


def tasks(period: dt.date, user) -> list:
    overdue = sel.overdue_tasks(_month_end(period))
    if not overdue:
        return [b.Paragraph("附件2重点任务中没有截止日期已过的任务。")]
    return [b.Paragraph(f"附件2重点任务中截止日期已过的 {len(overdue)} 项（平台尚无完成情况登记，请责任单位报送进展）："
                        + "；".join(f"{t.seq}. {t.task[:24]}（{t.deadline_text}）" for t in overdue[:6])
                        + ("等。" if len(overdue) > 6 else "。"))]


SECTIONS = (("一、运行情况", figures), ("二、亿元楼宇动态", crossings), ("三、监测预警", alerts), ("四、重点任务", tasks))


def build(period: dt.date, *, user=None, progress=None) -> b.Document:
    doc = b.Document(title="楼宇经济运行监测简报", subtitle=f"{fmt.month(period)}　苏州市发展和改革委员会　数据截至 {fmt.month(sel.as_of_month())}",
                     cover=False, header=f"楼宇经济运行监测简报（{fmt.month(period)}）")
    for i, (title, fn) in enumerate(SECTIONS, start=1):
        doc.add(b.Heading(title, 1), fn(period, user))
        if progress:
            progress(i, len(SECTIONS) + 1, title)
    doc.add(b.Paragraph("注：数据由楼宇经济智慧平台指标引擎依据税务、市场监管等部门数据计算；税收为全口径税收。", "note"))
    return doc

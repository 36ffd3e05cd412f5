"""The blue book's events and mechanism sections (slots of louyu.reports.sections), read from this app's selectors."""
from __future__ import annotations

import datetime as dt

from louyu.reports import blocks as b
from louyu.reports import fmt

from . import rules, selectors
from .models import Event


def event_rows(year: int, district) -> int:
    qs = Event.objects.filter(held_on__year=year)
    return (qs.filter(district=district) if district is not None else qs).count()


def events_section(year: int, district) -> list:
    rows = selectors.events_by_kind(year, district=district)
    where = district.name if district is not None else "全市（含市级活动）"
    out = [b.Paragraph(f"{year} 年{where}登记活动 {fmt.count(sum(r['events'] for r in rows))} 场：" + "，".join(
        f"{r['label']} {fmt.count(r['events'])} 场" for r in rows) + "。")]
    out.append(b.Table(["活动类型", "场次", "参与人数", "签约项目（个）", "签约金额（亿元）"],
                       [[r["label"], fmt.count(r["events"]), fmt.count(r["participants"]), fmt.count(r["signed_projects"]),
                         fmt.yi(r["signed_amount"] * 10_000 if r["signed_amount"] is not None else None)] for r in rows],
                       widths=[2, 1, 1.2, 1.4, 1.6], caption=f"{year} 年活动登记（按类型）"))
    return out


def mechanisms_section(year: int, district) -> list:
    """The rules are city-wide (every district's events count), so a district report shows the city's verdicts."""
    today = dt.date.today()
    summary = selectors.compliance_summary(year, today=today)
    out = [b.Table(["工作机制", "期间数", rules.MET, rules.MISSED, rules.IN_PROGRESS, "未达标的期间"],
                   [[s["rule"], fmt.count(len(s["periods"])), fmt.count(s["met"]), fmt.count(s["missed"]),
                     fmt.count(len(s["periods"]) - s["met"] - s["missed"]),
                     "、".join(j.period.label for j in s["periods"] if j.status == rules.MISSED) or "无"] for s in summary],
                   widths=[2, 0.9, 0.8, 0.9, 0.9, 3], numeric_from=1, numeric_to=5, caption=f"{year} 年工作机制执行情况（截至 {fmt.date(min(today, dt.date(year, 12, 31)))}）")]
    standing = selectors.resolution_standing(year, today=today)
    if standing["total"]:
        out.append(b.Paragraph(f"本年度联席会议议定事项 {fmt.count(standing['total'])} 项，已完成 {fmt.count(standing['done'])} 项，"
                               f"逾期未完成 {fmt.count(standing['overdue'])} 项。"))
    return out


def mechanism_rows(year: int, district) -> int:
    return event_rows(year, None)  # the rules count every event of the city

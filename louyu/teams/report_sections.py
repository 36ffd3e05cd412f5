"""The blue book's operation-teams section (a slot of louyu.reports.sections), read from this app's selectors."""
from __future__ import annotations

from louyu.reports import blocks as b
from louyu.reports import fmt

from . import selectors
from .models import OperationTeam, TeamRecognition

SHOWN = 10  # the table lists the recognised teams and the leading ones by their buildings' tax


def teams(district):
    qs = OperationTeam.objects.select_related("district").prefetch_related("buildings", "recognitions")
    return qs.filter(district=district) if district is not None else qs


def team_rows(year: int, district) -> int:
    return teams(district).count()


def teams_section(year: int, district) -> list:
    rows = sorted(({"team": t, "recognised": any(r.year == year for r in t.recognitions.all()), **selectors.combined(t, year)}
                   for t in teams(district)), key=lambda r: (not r["recognised"], -r["total_tax"]))
    recognised = [r for r in rows if r["recognised"]]
    buildings = {pk for r in rows for pk in (b_.pk for b_ in r["team"].buildings.all())}
    out = [b.Paragraph(
        f"登记楼宇招商运营团队 {fmt.count(len(rows))} 个，运营楼宇 {fmt.count(len(buildings))} 幢；{year} 年认定优秀楼宇招商运营团队 "
        f"{fmt.count(len(recognised))} 个" + (f"：{'、'.join(r['team'].name for r in recognised)}。" if recognised else "。"))]
    out.append(b.Table(["团队", "所属公司", "地区", "运营楼宇（幢）", "楼宇税收（亿元）", "亿元楼宇", "优秀团队"],
                       [[r["team"].name, r["team"].company, r["team"].district.name, fmt.count(r["buildings"]), fmt.yi(r["total_tax"]),
                         fmt.count(r["hundred_million"]), f"{year} 年" if r["recognised"] else ""] for r in rows[:SHOWN]],
                       widths=[2.4, 2.4, 1.1, 1, 1.2, 0.9, 0.9], numeric_from=3,
                       caption=f"{year} 年招商运营团队（优秀团队在前，其余按运营楼宇税收）"))
    return out


def recognitions(year: int, district) -> int:
    qs = TeamRecognition.objects.filter(year=year)
    return (qs.filter(team__district=district) if district is not None else qs).count()

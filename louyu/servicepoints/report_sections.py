"""The blue book's 政务服务进楼宇 and 楼宇党建 sections (slots of louyu.reports.sections), read from this app's selectors."""
from __future__ import annotations

from louyu.reports import blocks as b
from louyu.reports import fmt

from . import selectors
from .models import PartyOrganisation, PartyOrgKind, ServicePoint


def point_rows(year: int, district) -> int:
    qs = ServicePoint.objects.all()
    return (qs.filter(building__district=district) if district is not None else qs).count()


def party_rows(year: int, district) -> int:
    qs = PartyOrganisation.objects.all()
    return (qs.filter(building__district=district) if district is not None else qs).count()


def _mine(rows: list[dict], district) -> list[dict]:
    return [r for r in rows if r["district"] is not None and (district is None or r["district"].pk == district.pk)]


def service_points_section(year: int, district) -> list:
    rows = selectors.self_service_by_district(year)
    total = rows[-1] if district is None else _mine(rows, district)[0]
    out = [b.Paragraph(
        f"{district.name if district else '全市'}设立楼宇政务服务站（点）{fmt.count(total['points'])} 个；{year} 年报送办件 "
        f"{fmt.count(total['transactions'])} 件，其中自助办理 {fmt.count(total['self_service'])} 件，自助办理比例 {fmt.pct(total['ratio'])}。")]
    shown = _mine(rows, district) + ([total] if district is None else [])
    out.append(b.Table(["地区", "服务站（点）", "办件量（件）", "其中自助办理", "自助办理比例"],
                       [[r["district"].name if r["district"] else "全市合计", fmt.count(r["points"]), fmt.count(r["transactions"]),
                         fmt.count(r["self_service"]), fmt.pct(r["ratio"])] for r in shown],
                       caption=f"{year} 年政务服务进楼宇", total_rows=1 if district is None else 0))
    return out


def party_section(year: int, district) -> list:
    rows = _mine(selectors.party_coverage(), district)
    kinds = PartyOrgKind.choices
    total = sum(r["total"] for r in rows)
    covered, keys = sum(r["covered"] for r in rows), sum(r["key_buildings"] for r in rows)
    out = [b.Paragraph(f"楼宇党组织 {fmt.count(total)} 个，党员 {fmt.count(sum(r['members'] for r in rows))} 人；"
                       f"重点楼宇党组织覆盖 {fmt.count(covered)} / {fmt.count(keys)} 幢（{fmt.pct(selectors.ratio(covered, keys))}）。")]
    out.append(b.Table(["地区", *[label for _, label in kinds], "党员（人）", "重点楼宇覆盖率"],
                       [[r["district"].name, *[fmt.count(r["by_kind"].get(k, 0)) for k, _ in kinds], fmt.count(r["members"]),
                         fmt.pct(r["coverage"])] for r in rows if r["total"] or r["key_buildings"]],
                       caption="楼宇党组织（按地区）"))
    return out

"""The blue book's evaluation section (a slot of louyu.reports.sections): the year's latest published version
(frozen), else the live scores under the city's weights, read from this app's selectors."""
from __future__ import annotations

from louyu.indicators.models import DistrictYear
from louyu.reports import blocks as b
from louyu.reports import fmt

from . import selectors


def evaluated(year: int, district) -> int:
    return DistrictYear.objects.filter(year=year).count()


def scores(year: int) -> tuple[list[dict], dict, str]:
    """(rows, weights, where they come from)."""
    version = selectors.published(year).order_by("-version").first()
    if version is not None:
        return version.results, version.weights, f"已发布的第 {version.version} 版（{fmt.date(version.published_at.date())} 发布）"
    live = selectors.evaluate(year)
    return live["rows"], live["weights"], "平台按现行权重实时计算（尚未发布）"


def evaluation_section(year: int, district) -> list:
    rows, weights, source = scores(year)
    labels = {c["code"]: c["label"] for c in rows[0]["components"]} if rows else {}
    out = [b.Paragraph(f"{year} 年地区评价：{source}。权重：" + "，".join(f"{labels.get(k, k)} {v:g}" for k, v in weights.items()) + "。")]
    shown = [r for r in rows if district is None or r["district_id"] == district.pk]
    out.append(b.Table(["排名", "地区", "总分", "得分最高的分项"],
                       [[str(r["rank"]), r["district"], f"{r['total']:.2f}", _best(r)] for r in shown],
                       widths=[0.8, 1.6, 1, 4], numeric_from=2, caption=f"{year} 年地区评价得分与排名"))
    return out


def _best(row: dict) -> str:
    scored = sorted((c for c in row["components"] if c["score"] is not None), key=lambda c: -c["score"])[:2]
    return "、".join(f"{c['label']}（{c['score']:.1f}）" for c in scored) or "—"

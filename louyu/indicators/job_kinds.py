"""The indicator engine as a background job (registered from IndicatorsConfig.ready)."""
from __future__ import annotations

from louyu.jobs.kinds import partitions_refresh, register

# 指标计算 ------------------------------------------------------------------------------------------------

def _compute_summary(result: dict) -> str:
    years = "、".join(str(y) for y in result["years"]) or "—"
    return f"已计算年度：{years}，预警 {result['alerts']:,} 条，用时 {result['seconds']:.1f} 秒。"


@register("compute", label=lambda a: f"指标计算（{a['year']} 年）" if a.get("year") else "指标计算（全部年度）",
          key=lambda a: f"compute:{a.get('year') or 'all'}", resumable=True, summary=_compute_summary,
          links=lambda job: [("打开驾驶舱", "/cockpit/")])
def compute_job(*, actor, progress, year: int | None = None) -> dict:
    """The indicator engine: one transaction, idempotent, so a crashed run may simply run again."""
    from louyu.indicators.engine import compute, vacuum_facts

    partitions_refresh(years=[year - 1, year] if year else ())
    result = compute(year=year, progress=progress)
    partitions_refresh()
    progress(1, 1, "整理存储")
    vacuum_facts()
    return {"years": list(result.years), "district_years": list(result.district_years), "alerts": result.alerts,
            "months": result.months, "seconds": result.seconds,
            "horizon": result.horizon.isoformat() if result.horizon else None, "steps": result.steps}

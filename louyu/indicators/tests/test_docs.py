"""Every indicator, threshold and alert kind is documented in docs/indicators.md (and the benchmark has its
section in docs/performance.md)."""
import re
from pathlib import Path

from louyu.indicators.definitions import DEFAULTS, INDICATORS
from louyu.indicators.models import AlertKind

DOCS = Path(__file__).resolve().parents[3] / "docs"


def test_every_indicator_has_its_own_section_in_the_docs():
    headings = set(re.findall(r"^## (.+)$", (DOCS / "indicators.md").read_text(encoding="utf-8"), re.M))
    missing = [i.name for i in INDICATORS if i.name not in headings]
    assert not missing, f"docs/indicators.md 缺少：{missing}"


def test_every_threshold_and_alert_kind_is_documented():
    text = (DOCS / "indicators.md").read_text(encoding="utf-8")
    assert [k for k in DEFAULTS if f"`{k}`" not in text] == []
    assert [k.label for k in AlertKind if k.label not in text] == []


def test_the_benchmark_figures_are_in_the_performance_document():
    text = (DOCS / "performance.md").read_text(encoding="utf-8")
    assert "## 指标计算 (indicators)" in text and "louyu bench" in text


def test_the_benchmark_section_renders_its_figures_and_verdicts():
    from louyu.indicators.bench import render

    steps = {"prepare": 0.1, "attribution": 1.0, "months": 0.3, "years": 0.5, "districts": 0.05, "alerts": 0.4}
    figures = {
        "data": "demo", "when": "2026-11-25", "machine": "2 核 x86_64，Python 3.11.7", "pg_version": "15.20",
        "duckdb_version": "2.0.1", "cpus": 2, "counts": dict.fromkeys(("buildings", "enterprises", "tenancies", "tax", "operation_reports"), 1),
        "full_cold_s": 9.0, "full_runs_s": [6.0, 6.2, 6.1], "full_median_s": 6.1, "pg_same_aggregation_best_s": 0.7,
        "duckdb_best_s": 0.4, "parquet_export_s": 8.0, "incremental_s": 1.8, "incremental_runs_s": [1.7, 1.8, 1.9],
        "incremental_rows": 73030, "import_runs_s": [6.0, 6.1, 6.2], "full_steps": steps, "incremental_steps": steps, "incremental_equals_full": True,
        "duckdb_equals_engine": True, "buildings_100m_2024": 95, "unattributed_share_2024": "1.78%", "load": [0.5, 0.6],
    }
    text = render([figures])
    assert "税收归属（企业-楼宇-年度，未归属） 1.00" in text and "导入本身另需 4.3 秒" in text
    assert "增量 ≤ 2 秒的目标达到（1.80 秒" in text and "全量 ≤ 2 × DuckDB 的目标未达到（15.2 倍" in text

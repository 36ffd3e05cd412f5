"""The indicator benchmark's report."""
from benchmarks.indicators import render


def test_the_benchmark_section_renders_its_figures_and_verdicts():
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

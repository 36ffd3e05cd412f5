"""The indicator benchmark's report."""
from benchmarks.indicators import render

STEPS = {"prepare": 0.1, "attribution": 1.0, "months": 0.3, "years": 0.5, "districts": 0.05, "alerts": 0.4}


def figures(**changes) -> dict:
    base = {
        "data": "demo", "scale": 10.0, "when": "2026-11-25", "machine": "2 核 x86_64，Python 3.11.7", "pg_version": "15.20", "cpus": 2,
        "counts": dict.fromkeys(("buildings", "enterprises", "tenancies", "tax", "operation_reports"), 1),
        "full_cold_s": 9.0, "full_runs_s": [6.0, 6.2, 6.1], "full_median_s": 6.1, "engine_same_part_s": 1.8,
        "duckdb": {"compute_s": 0.4, "runs_s": [0.4, 0.5, 0.4], "load_s": 2.0, "threads": 2, "version": "2.0.1", "equal": True,
                   "differences": dict.fromkeys(("taxpayer_year", "unattributed_tax", "building_month", "building_year"), 0)},
        "incremental_s": 1.8, "incremental_runs_s": [1.7, 1.8, 1.9], "incremental_rows": 73030, "import_runs_s": [6.0, 6.1, 6.2],
        "full_steps": STEPS, "incremental_steps": STEPS, "incremental_equals_full": True, "buildings_100m_2024": 95,
        "unattributed_share_2024": "1.78%", "load": [0.5, 0.6],
    }
    return base | changes


def test_the_benchmark_section_renders_its_figures_and_verdicts():
    text = render([figures()])
    assert "税收归属（企业-楼宇-年度，未归属） 1.00" in text and "导入本身另需 4.3 秒" in text
    assert "增量 ≤ 2 秒的目标达到（1.80 秒" in text and "全量 ≤ 2 × DuckDB 的目标未达到（15.2 倍；只比同一部分则为 4.5 倍）" in text
    assert "与引擎结果一致" in text and "演示数据 ×10" in text


def test_a_peer_that_differs_or_could_not_run_says_so():
    duck = figures()["duckdb"] | {"equal": False, "differences": {"taxpayer_year": 3, "unattributed_tax": 0}}
    text = render([figures(duckdb=duck, spark={"error": "JAVA_HOME is not set"})])
    assert "不一致：{'taxpayer_year': 3" in text and "未能运行：JAVA_HOME is not set" in text

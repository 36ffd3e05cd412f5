from benchmarks.intake_report import SECTION, report


def test_the_report_gives_the_import_against_both_baselines_and_says_whether_the_aim_is_met():
    phases = {"copy": 0.3, "plan": 0.0, "audit": 0.0, "update": 0.0, "insert": 0.9, "other_sql": 0.2, "commit": 0.7}
    run = {"seconds": 3.6, "cpu_seconds": 1.6, "rows": 200_000, "phases": phases, "maxrss_mb": 96}
    pg = {"baseline": {"maxrss_mb": 87}, "raw_copy": {"seconds": 0.2, "rows": 200_000},
          "schema_copy": {"seconds": 2.0, "copy_seconds": 1.2, "commit_seconds": 0.8, "rows": 200_000, "foreign_keys": 1},
          "floor": {"rows": 200_000, "insert_seconds": 1.1, "commit_seconds": 0.7, "foreign_keys": 1},
          "csv": run, "csv_again": {**run, "seconds": 1.9}, "csv_changed": {**run, "rows": 1000, "seconds": 0.2},
          "xlsx": {**run, "rows": 1000, "seconds": 0.1}, "csv_small": {**run, "rows": 1000, "seconds": 0.1},
          "orm": {"seconds": 1.3, "rows": 500, "maxrss_mb": 87}}
    figures = {"rows": 200_000, "xlsx_rows": 1000, "orm_rows": 500, "small_rows": 1000, "changed_rows": 1000, "csv_mb": 14, "xlsx_mb": 0,
               "xlsx_generate_seconds": 0.2, "machine": "x86_64", "postgresql": pg}
    text = report(figures)
    assert text.startswith(SECTION + "\n")
    assert "| 税收导入 CSV（空表，全部新增） | 200,000 | 3.6 | 1.6 | 55,556 | 0.056 | 0.556 | 96 MB |" in text
    assert "相对同结构 COPY 的吞吐量为 0.56，**达到 0.5 的目标**" in text
    assert "相对空表 COPY 的吞吐量为 0.056，**未达到 0.5 的目标" in text
    assert "0.56× — meeting the 0.5× aim" in text and "0.056× — short of the aim" in text

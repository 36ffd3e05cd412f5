"""One `make bench` run fills every benchmark of docs/performance.json; the growth section reads the record."""
from benchmarks import growth, record, suite
from benchmarks.matching import BenchReport, BruteReport
from benchmarks.tests.test_indicators import figures as indicator_figures
from louyu.matching.evaluation import Quality

QUALITY = Quality(rows=100, labelled=90, matched=85, correct=84, wrong=1, review=2)


def page_figures(scale=10.0, slow_list=40.0):
    rows = [{"page": p, "requests": 300, "server_p95": 10.0, "client_p95": 200.0} for p in
            ("全市驾驶舱", "地区页", "楼宇画像", "楼宇名录", "楼宇名录（筛选+排序）", "企业名录", "企业画像", "地图数据")]
    rows[5]["server_p95"] = slow_list  # 企业名录
    return {"scale": scale, "loadavg": "1.2 / 1.0 / 0.9", "load": {"rows": rows}, "data": {"tax": 3_300_000, "enterprises": 83_000}}


def main_rows() -> list[dict]:
    report = BenchReport(buildings=5000, addresses=100_000, engine_rate=20_000.0, engine_quality=QUALITY,
                         brute=[BruteReport("ratio", 34, 1900.0, QUALITY), BruteReport("WRatio", 40, 53.0, QUALITY)])
    intake = {"postgresql": {"schema_copy": {"rows": 1_000_000, "seconds": 9.7}, "csv": {"rows": 1_000_000, "seconds": 14.3},
                             "xlsx": {"rows": 200_000, "seconds": 8.6}}, "load_after": 1.1}
    book = {"year": 2023, "target_seconds": 30.0, "seconds": {"docx": 6.0, "pdf": 12.0}, "cpu_seconds": {"docx": 5.0, "pdf": 11.0},
            "files": {"book.docx": 1000, "book.pdf": 2000}}
    return (suite.match_rows(report, 10, "make bench") + suite.intake_rows(intake, "make bench")
            + suite.indicator_rows(indicator_figures() | {"database": "louyu_bench_x10"}, "make bench")
            + suite.page_rows(page_figures(), "make bench") + suite.bluebook_rows(book, "make bench"))


def test_a_main_run_fills_every_benchmark_and_every_field():
    rows = main_rows()
    assert {r["benchmark"] for r in rows} == set(record.BENCHMARKS)
    assert all(r[f] not in (None, "") for r in rows for f in record.FIELDS)
    by = {(r["benchmark"], r.get("variant", "")): r for r in rows}
    assert by[("match_addresses", "")]["peer_figure"] == 1900.0  # the fastest brute-force scorer
    assert by[("intake_tax_csv", "")]["ratio"] == round((1_000_000 / 14.3) / (1_000_000 / 9.7), 3)
    assert by[("recompute_full", "")]["peer_figure"] == 0.4 and by[("recompute_full", "")]["peer_equal"] is True
    assert by[("page_list_p95", "")]["figure"] == 40.0 and by[("page_list_p95", "")]["page"] == "企业名录"  # the slowest list
    assert {by[("bluebook_year", v)]["figure"] for v in ("docx", "pdf")} == {6.0, 12.0}


def test_the_growth_section_gives_each_cost_per_scale_and_how_it_grows():
    rows = []
    for scale, seconds in ((1, 2.0), (10, 20.0), (30, 180.0)):
        rows += suite.indicator_rows(indicator_figures(scale=float(scale), full_median_s=seconds) | {"database": "x"}, "growth")
        rows += suite.page_rows(page_figures(float(scale)), "growth")
    text = growth.render(rows)
    assert "| 全量重算（日常） | 2.00 秒" in text and "×1→×10: k = 1.00，线性" in text and "×10→×30: k = 2.00，超线性" in text
    assert "| 驾驶舱服务器 p95 | 10.00 ms" in text and "k = 0.00，次线性" in text
    assert "尚未运行增长测量" in growth.render([])

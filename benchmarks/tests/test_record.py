"""docs/performance.json: one comparable row per figure, runs merged by benchmark, scale and variant."""
import json

import pytest

from benchmarks import record


def test_a_row_carries_its_peer_and_the_ratio_to_it():
    r = record.row("recompute_full", 10, 8.0, "秒", "DuckDB", 2.0, "make bench", load1=1.5)
    assert r["ratio"] == 4.0 and r["load1"] == 1.5
    assert list(r)[:8] == list(record.FIELDS)


def test_only_the_named_benchmarks_are_recorded():
    with pytest.raises(ValueError):
        record.row("recompute_everything", 10, 1.0, "秒", "—", 1.0, "make bench")


def test_a_run_replaces_its_own_rows_and_keeps_the_other_scales(tmp_path):
    path = tmp_path / "performance.json"
    record.merge(path, [record.row("page_list_p95", s, 20.0, "ms", "目标", 100.0, "growth", load1=1) for s in (1, 10, 30)])
    record.merge(path, [record.row("page_list_p95", 10, 25.0, "ms", "目标", 100.0, "make bench", load1=1),
                        record.row("intake_tax_csv", 10, 70000, "行/秒", "COPY", 100000, "make bench", load1=1)])
    rows = json.loads(path.read_text(encoding="utf-8"))
    assert [(r["benchmark"], r["scale"], r["figure"]) for r in rows] == [
        ("intake_tax_csv", 10, 70000), ("page_list_p95", 1, 20.0), ("page_list_p95", 10, 25.0), ("page_list_p95", 30, 20.0)]


def test_the_two_blue_book_formats_are_two_rows(tmp_path):
    path = tmp_path / "performance.json"
    rows = [record.row("bluebook_year", 1, s, "秒", "目标", 30, "make bench", variant=v, load1=1) for v, s in (("docx", 5), ("pdf", 9))]
    assert len(record.merge(path, rows)) == 2


@pytest.mark.parametrize("cost_at_30,verdict", [(3.0, "线性"), (1.2, "次线性"), (27.0, "超线性")])
def test_growth_is_judged_by_the_exponent_between_two_scales(cost_at_30, verdict):
    k = record.exponent((10, 1.0), (30, cost_at_30))
    assert record.verdict(k).startswith(verdict)

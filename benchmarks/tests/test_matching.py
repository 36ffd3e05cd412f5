"""The address-matching benchmark's report (a small run) and its section."""
from rapidfuzz import fuzz

from benchmarks.common import write_section
from benchmarks.matching import SECTION_TITLE, render_markdown, run_bench
from louyu.matching.evaluation import dev_dir

DEV = dev_dir()


def test_bench_report_and_its_section(tmp_path):
    report = run_bench(DEV, n_buildings=300, n_addresses=600, brute_sample=15,
                       scorers=(("ratio", fuzz.ratio),), log=lambda *_: None)
    assert report.engine_rate > 0 and report.brute[0].rate > 0
    section = render_markdown(report, "louyu bench-match --buildings 300")
    assert section.startswith(SECTION_TITLE) and "louyu bench-match --buildings 300" in section
    doc = tmp_path / "performance.md"
    doc.write_text("# 性能\n\n## 其他\n\n别的内容\n\n" + SECTION_TITLE + "\n\n旧的数字\n\n## 最后\n\n保留\n", encoding="utf-8")
    write_section(doc, SECTION_TITLE, section)
    text = doc.read_text(encoding="utf-8")
    assert "旧的数字" not in text and "别的内容" in text and "## 最后\n\n保留" in text
    assert text.count(SECTION_TITLE) == 1
    fresh = tmp_path / "new.md"
    write_section(fresh, SECTION_TITLE, section)
    assert SECTION_TITLE in fresh.read_text(encoding="utf-8")

"""Every benchmark rewrites only its own section of the shared performance document."""
from benchmarks.common import write_section

SECTION = "## 数据导入 (intake)"


def test_the_benchmark_replaces_only_its_own_section_of_the_shared_performance_document(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text("# 性能\n\n## 地址匹配\n甲\n\n" + SECTION + "\n旧的\n\n## 指标\n乙\n", encoding="utf-8")
    write_section(doc, SECTION, SECTION + "\n新的\n")
    assert doc.read_text(encoding="utf-8") == "# 性能\n\n## 地址匹配\n甲\n\n" + SECTION + "\n新的\n\n## 指标\n乙\n"
    other = tmp_path / "new.md"
    other.write_text("# 性能\n\n## 指标\n乙\n", encoding="utf-8")
    write_section(other, SECTION, SECTION + "\n新的\n")
    assert other.read_text(encoding="utf-8").endswith("## 指标\n乙\n\n" + SECTION + "\n新的\n")


def test_bench_writes_only_its_own_section_of_the_performance_document(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text("# 性能\n\n## 数据导入 (intake)\n\n导入数字\n\n## 页面响应 (pages)\n\n旧数字\n\n## 指标计算 (indicators)\n\n指标数字\n",
                   encoding="utf-8")
    write_section(doc, "## 页面响应 (pages)", "## 页面响应 (pages)\n\n新数字\n")
    text = doc.read_text(encoding="utf-8")
    assert "新数字" in text and "旧数字" not in text
    assert text.index("导入数字") < text.index("新数字") < text.index("指标数字")


def test_a_new_document_gets_a_title_and_the_section(tmp_path):
    doc = tmp_path / "docs" / "performance.md"
    write_section(doc, SECTION, SECTION + "\n\n数字\n")
    assert doc.read_text(encoding="utf-8") == "# 性能 (performance)\n\n" + SECTION + "\n\n数字\n"

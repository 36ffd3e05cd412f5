from louyu.intake.bench import SECTION, write_section


def test_the_benchmark_replaces_only_its_own_section_of_the_shared_performance_document(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text("# 性能\n\n## 地址匹配\n甲\n\n" + SECTION + "\n旧的\n\n## 指标\n乙\n", encoding="utf-8")
    write_section(doc, SECTION + "\n新的\n")
    assert doc.read_text(encoding="utf-8") == "# 性能\n\n## 地址匹配\n甲\n\n" + SECTION + "\n新的\n\n## 指标\n乙\n"
    other = tmp_path / "new.md"
    other.write_text("# 性能\n\n## 指标\n乙\n", encoding="utf-8")
    write_section(other, SECTION + "\n新的\n")
    assert other.read_text(encoding="utf-8").endswith("## 指标\n乙\n\n" + SECTION + "\n新的\n")

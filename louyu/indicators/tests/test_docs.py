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

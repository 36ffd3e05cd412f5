"""The annual blue book opened as Word and PDF: chapters as real headings, 附件1 and 亿元楼宇 figures equal to the
indicator engine's stored results, empty registers said in words, the Chinese text extractable from the PDF."""
from __future__ import annotations

import zipfile

import pytest
from pypdf import PdfReader

from louyu.indicators import selectors as engine
from louyu.indicators.models import BuildingYear, CityYear, DistrictYear
from louyu.reports import fmt, services
from louyu.reports.documents.bluebook import book

from .readers import docx_headings, docx_tables, docx_text, pdf_text, table_starting


@pytest.fixture
def bluebook(generated):
    def make(city, out):
        phases = []
        docx = services.bluebook_generate(year=city.year, path=out / "蓝皮书.docx", progress=lambda *a: phases.append(a))
        pdf = services.bluebook_generate(year=city.year, path=out / "蓝皮书.pdf")
        return {
            "docx": docx["path"], "pdf": pdf["path"], "phases": phases,
            "progress": engine.district_progress(city.year),
            "districts": {f.district.name: f for f in DistrictYear.objects.filter(year=city.year).select_related("district")},
            "city": CityYear.objects.get(year=city.year),
            "buildings": {f.building.name: f for f in BuildingYear.objects.filter(year=city.year).select_related("building")},
        }
    return generated(make)


def test_every_chapter_of_the_registry_is_a_word_heading_1_in_order(bluebook):
    headings = docx_headings(bluebook["docx"], 1)
    assert [h.split("、", 1)[-1].replace("附录　", "") for h in headings] == [c.title.replace("附录　", "") for c in book.chapters]
    assert "姑苏区" in docx_headings(bluebook["docx"], 2) and "虎丘区" in docx_headings(bluebook["docx"], 2)


def test_word_file_has_toc_and_page_fields_repeated_table_headers_a4_and_east_asian_fonts(bluebook):
    with zipfile.ZipFile(bluebook["docx"]) as z:
        document, styles = z.read("word/document.xml").decode(), z.read("word/styles.xml").decode()
        footers = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
        settings = z.read("word/settings.xml").decode()
    assert 'TOC \\o "1-2"' in document and "<w:updateFields" in settings
    assert " PAGE " in footers
    assert document.count("<w:tblHeader") == document.count("<w:tbl>")  # every table repeats its header row
    assert 'w:w="11906"' in document and 'w:h="16838"' in document  # A4 in twentieths of a point
    assert 'w:eastAsia="黑体"' in styles and 'w:eastAsia="仿宋"' in styles
    heading = styles[styles.index('w:styleId="Heading1"'):]
    heading = heading[: heading.index("</w:style>")]
    assert "eastAsiaTheme" not in heading and 'w:eastAsia="黑体"' in heading  # a theme font would override 黑体
    assert document.count("<pic:pic") >= 4  # the charts are images


def test_progress_table_city_total_row_equals_the_engines(bluebook):
    table = table_starting(docx_tables(bluebook["docx"]), "地区", "商务办公1万㎡以上楼宇数量（实际/目标）")
    total = next(r for r in table if r[0] == "全市合计")
    engine_total = bluebook["progress"][-1]
    assert engine_total["name"] == "全市合计"
    expected = [f"{fmt.count(c['actual'])} / {fmt.count(c['target'])}" for c in engine_total["columns"]
                if c["column"] != "promotion_events"]
    assert total[1:6] == expected
    # the small city: 2 + 2 buildings of ≥1万㎡, 1 new and 3 亿元楼宇, against 附件1's city targets
    assert [cell.split(" / ")[0] for cell in total[1:4]] == ["4", "1", "3"]
    assert total[6].startswith("无记录 / ")  # no event register: not a zero


def test_hundred_million_buildings_by_district_equal_the_engines(bluebook):
    table = table_starting(docx_tables(bluebook["docx"]), "地区", "累计", "新增")
    rows = {r[0]: r for r in table}
    for name in ("姑苏区", "虎丘区"):
        fact = bluebook["districts"][name]
        assert rows[name][1:6] == [str(fact.cumulative_100m), str(fact.new_100m), str(fact.tier_10), str(fact.tier_5),
                                   str(fact.tier_1)]
    assert (rows["姑苏区"][1], rows["虎丘区"][1], rows["全市合计"][1]) == ("2", "1", "3")
    assert rows["全市合计"][1] == str(bluebook["city"].cumulative_100m)


def test_sampled_figures_equal_the_engines(bluebook):
    tables = docx_tables(bluebook["docx"])
    headline = {r[0]: r for r in table_starting(tables, "指标", "2023 年")}
    city = bluebook["city"]
    assert headline["全口径税收（亿元）"][1:4] == [fmt.yi(city.total_tax), fmt.yi(city.prior_total_tax), fmt.signed_pct(city.tax_growth)]
    assert headline["全口径税收（亿元）"][1] == "8.35"
    tier_rows = {r[0]: r for t in tables if t[0][:3] == ["楼宇", "地区", "全口径税收（亿元）"] for r in t[1:]}
    for name in ("观前金融大厦", "平江商务中心", "狮山国际广场"):
        fact = bluebook["buildings"][name]
        assert tier_rows[name][2] == fmt.yi(fact.total_tax)
    assert tier_rows["平江商务中心"][4] == "新增" and tier_rows["观前金融大厦"][4] == ""
    assert "运河科技楼" not in tier_rows


def test_an_empty_or_missing_register_is_said_in_words_not_zeros(bluebook):
    text = docx_text(bluebook["docx"])
    for what in ("活动", "工作机制执行", "招商运营团队", "政务服务进楼宇", "楼宇党组织"):  # this small city has none
        assert f"本年度尚无{what}记录。" in text
    assert "数据来源待接入" not in text  # every slot has its provider (the apps register them)
    assert "建立楼宇经济联席会议制度" in text  # 附件2 tasks are listed
    assert "示范" in text and "运河科技楼" in text  # the completed demonstration renovation


def test_the_appendix_defines_every_indicator_from_the_indicators_document(bluebook):
    text = docx_text(bluebook["docx"])
    assert "恰好 1 亿元计入" in text  # docs/indicators.md, 亿元楼宇 — not a copy in code
    headings = [h.split("（")[0] for h in docx_headings(bluebook["docx"], 2)]
    for name in ("全口径税收", "新增亿元楼宇", "集聚度", "入驻率"):
        assert name in headings


def test_pdf_text_extracts_without_replacement_characters_and_embeds_the_font(bluebook):
    text = pdf_text(bluebook["pdf"])
    assert "\ufffd" not in text
    for expected in ("苏州市楼宇经济高质量发展", "全市合计", "姑苏区", "狮山国际广场", "本年度尚无活动记录", "目"):
        assert expected in text
    assert fmt.yi(bluebook["city"].total_tax) in text
    reader = PdfReader(bluebook["pdf"])
    embedded = set()
    for page in reader.pages[:6]:
        for font in (page["/Resources"].get("/Font") or {}).values():
            descriptor = font.get_object().get("/FontDescriptor")
            if descriptor and "/FontFile2" in descriptor.get_object():
                embedded.add(str(font.get_object()["/BaseFont"]))
    assert any("NotoSerifSC" in f for f in embedded) and any("NotoSansSC" in f for f in embedded)


def test_generation_reports_progress_per_chapter_and_ends_complete(bluebook):
    phases = bluebook["phases"]
    assert [p[2] for p in phases[: len(book.chapters)]] == [c.title for c in book.chapters]
    assert phases[-1][0] == phases[-1][1] and phases[-1][2] == "完成"
    assert [p[0] for p in phases] == sorted(p[0] for p in phases)


def test_pdf_and_word_have_the_same_chapters(bluebook):
    reader = PdfReader(bluebook["pdf"])
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == [h.replace("\u3000", " ") for h in docx_headings(bluebook["docx"], 1)]  # outlines hold plain spaces
    assert len(reader.pages) > len(book.chapters)  # cover, imprint and contents come first

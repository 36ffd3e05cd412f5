"""The monthly briefing and the district report: figures from the engine, crossings of the 1亿元 line, and the rule
that a district user reports on their own district only."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from louyu.factories import city_admin, district, district_editor, user_with_role
from louyu.indicators import selectors as engine
from louyu.core.models import Role
from louyu.programme.models import KeyTask
from louyu.reports import fmt, services

from .readers import docx_headings, docx_tables, docx_text, pdf_text, table_starting


@pytest.fixture
def briefing(generated):
    def make(city, out):
        june = engine.city_summary(2023, 6)["month"]
        may = engine.city_summary(2023, 5)["month"]
        services.briefing_generate(month="2023-10", path=out / "简报10.docx")
        services.briefing_generate(month="2023-06", path=out / "简报6.docx")
        services.briefing_generate(month="2023-06", path=out / "简报6.pdf")
        overdue = KeyTask.objects.filter(deadline__lt=dt.date(2023, 10, 31)).count()
        return {"june_docx": out / "简报6.docx", "pdf": out / "简报6.pdf", "june": june, "may": may,
                "october_docx": out / "简报10.docx", "overdue_october": overdue}
    return generated(make)


def test_briefing_shows_the_months_figures_and_changes_as_the_engine_has_them(briefing):
    path = briefing["june_docx"]
    rows = {r[0]: r for r in table_starting(docx_tables(path), "指标", "本月", "上月")}
    june, may = briefing["june"], briefing["may"]
    assert rows["全口径税收（亿元）"][1:3] == [fmt.yi(june["total_tax"]), fmt.yi(may["total_tax"])]
    assert rows["楼宇归属税收（亿元）"][1] == fmt.yi(june["attributed_tax"])
    assert rows["全口径税收（亿元）"][5] == "+11.3%"  # a twelfth of 8.35亿 against a twelfth of 7.50亿 a year before
    assert docx_headings(path, 1) == ["一、运行情况", "二、亿元楼宇动态", "三、监测预警", "四、重点任务"]


def test_briefing_names_the_building_that_crossed_one_hundred_million_this_month(briefing):
    # 平江商务中心 pays 1.2亿 a year in twelve equal parts: its year-to-date passes 1亿 in October (10 × 0.1亿)
    text = docx_text(briefing["october_docx"])
    assert "新跨过 1 亿元的楼宇 1 幢" in text and "平江商务中心" in text
    assert f"截止日期已过的 {briefing['overdue_october']} 项" in text  # 附件2 tasks due before the month's end


def test_briefing_pdf_is_one_to_two_pages_of_extractable_chinese(briefing):
    from pypdf import PdfReader

    assert 1 <= len(PdfReader(briefing["pdf"]).pages) <= 2
    text = pdf_text(briefing["pdf"])
    assert "\ufffd" not in text and "楼宇经济运行监测简报" in text and "年内累计达到 1 亿元的 80% 以上" in text


@pytest.mark.django_db
def test_district_user_makes_the_report_of_their_own_district_only(tmp_path):
    from .conftest import build_small_city

    city = build_small_city()
    gusu, huqiu = district("姑苏区"), district("虎丘区")
    own = services.district_report_generate(district=gusu, year=city.year, path=tmp_path / "姑苏.docx",
                                            actor=district_editor("姑苏区"))
    headings = docx_headings(own["path"], 1)
    assert headings[0] == "一、总体情况"
    # the policy-work registers' chapters, read for the district, come before the alerts
    assert [h.split("、", 1)[1] for h in headings[4:10]] == [
        "楼宇招商运营团队", "推介活动与工作机制", "重点任务完成情况（附件2）", "政务服务进楼宇与党建", "考核评价", "预警与风险"]
    text = docx_text(own["path"])
    assert "观前金融大厦" in text and "狮山国际广场" not in text  # another district's building is not in it
    with pytest.raises(services.ReportError, match="只能生成本地区"):
        services.district_report_generate(district=huqiu, year=city.year, path=tmp_path / "虎丘.docx",
                                          actor=district_editor("姑苏区"))
    assert not (tmp_path / "虎丘.docx").exists()
    operator = user_with_role(Role.OPERATOR)
    with pytest.raises(services.ReportError):
        services.district_report_generate(district=gusu, year=city.year, path=tmp_path / "x.docx", actor=operator)
    with pytest.raises(services.ReportError, match="仅限市级用户"):
        services.bluebook_generate(year=city.year, path=tmp_path / "book.docx", actor=district_editor("姑苏区"))


@pytest.mark.django_db
def test_commands_print_progress_and_refuse_bad_input_in_chinese(tmp_path, capsys):
    from .conftest import build_small_city

    build_small_city()
    admin = city_admin()
    call_command("district_report", district="虎丘区", year=2023, output=str(tmp_path / "虎丘.docx"), user=admin.username)
    out = capsys.readouterr().out
    assert "[1/11] 总体情况" in out and "[8/11] 政务服务进楼宇与党建" in out and "已生成" in out and (tmp_path / "虎丘.docx").exists()
    with pytest.raises(CommandError, match="须以 .docx 或 .pdf 结尾"):
        call_command("bluebook", year=2023, output=str(tmp_path / "book.txt"))
    with pytest.raises(CommandError, match="2019 年指标尚未计算"):
        call_command("bluebook", year=2019, output=str(tmp_path / "book.docx"))
    with pytest.raises(CommandError, match="没有名为“某区”的地区"):
        call_command("district_report", district="某区", year=2023, output=str(tmp_path / "x.docx"))
    with pytest.raises(CommandError, match="月份格式应为 YYYY-MM"):
        call_command("briefing", month="2023/06", output=str(tmp_path / "b.docx"))
    assert not list(tmp_path.glob("*.part"))

"""`louyu export building-indicators|district-progress`, `louyu compute`, and the traceability selectors."""
import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command

from louyu.enterprises.models import TaxRecord
from louyu.factories import district, district_editor
from louyu.geo.models import District
from louyu.indicators import selectors
from louyu.indicators.exports import BUILDING_COLUMNS, EXPORTS, progress_columns
from louyu.indicators.models import BuildingYear, CityYear
from louyu.programme.models import AnnualTarget

from .scenario import PO, building, compute, enterprise, report, split_year, tax, tenancy

pytestmark = pytest.mark.django_db


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


@pytest.fixture
def two_buildings():
    tower = building(code="GS-001", office_area=Decimal("30000"))
    annex = building(code="YQ-001", district=district("工业园区"), office_area=Decimal("8000"))
    big, lawyer, guest = enterprise(), enterprise("7231"), enterprise()
    tenancy(big, tower, area="6000.00")
    tenancy(lawyer, annex, area="7000.00")
    tenancy(guest, annex, kind=PO, area="1000.00")
    tax(big, 2022, split_year("80000000.00"))
    tax(big, 2023, split_year("150000000.00"))
    tax(lawyer, 2023, "1000.10")
    report(annex, 2023, 12, leasable="8000.00", leased="7500.00")
    return tower, annex


def test_building_indicators_export_has_the_issue_columns_and_formats(two_buildings, tmp_path):
    path = tmp_path / "b.csv"
    assert EXPORTS["building-indicators"](2023, path) == 2  # computes the facts it needs on a fresh database
    header, *rows = read_csv(path)
    assert header == BUILDING_COLUMNS
    assert [r[0] for r in rows] == ["GS-001", "YQ-001"]  # 附件1 order: 姑苏区 before 工业园区
    by_code = {r[0]: dict(zip(header, r)) for r in rows}
    tower = by_code["GS-001"]
    assert tower["全口径税收(元)"] == "150000000.00" and tower["亿元楼宇等级"] == "1" and tower["是否新增亿元楼宇"] == "是"
    assert tower["入驻率"] == "0.2000" and tower["单位面积税收(元/㎡)"] == "5000.00"
    annex = by_code["YQ-001"]
    assert annex["全口径税收(元)"] == "12001.20" and annex["是否新增亿元楼宇"] == "否" and annex["亿元楼宇等级"] == "0"
    assert annex["入驻率"] == "0.9375" and annex["主导特色产业"] == "法律服务" and annex["集聚度"] == "1.0000"
    assert annex["特色楼宇状态"] == "候选" and (annex["入驻企业数"], annex["注册企业数"]) == ("2", "1")
    for row in rows:
        assert re.fullmatch(r"-?\d+\.\d{2}", row[2]) and re.fullmatch(r"[01]\.\d{4}", row[7])


def test_district_progress_export_lists_districts_in_附件1_order_and_a_city_total(two_buildings, tmp_path):
    path = tmp_path / "p.csv"
    assert EXPORTS["district-progress"](2023, path) == 11
    header, *rows = read_csv(path)
    assert header == progress_columns()
    assert header[:3] == ["地区", "商务办公1万㎡以上楼宇数量(实际)", "商务办公1万㎡以上楼宇数量(目标)"]
    assert header[-1] == "举办楼宇推介活动(目标)" and len(header) == 13
    assert [r[0] for r in rows] == list(District.objects.order_by("order").values_list("name", flat=True)) + ["全市合计"]
    gusu = dict(zip(header, rows[[r[0] for r in rows].index("姑苏区")]))
    target = AnnualTarget.objects.get(year=2023, district__name="姑苏区")
    assert gusu["新增亿元楼宇(实际)"] == "1" and gusu["新增亿元楼宇(目标)"] == str(target.new_100m)
    assert gusu["商务办公1万㎡以上楼宇数量(实际)"] == "1"  # at the end of 2022
    total = dict(zip(header, rows[-1]))
    assert total["累计亿元楼宇(目标)"] == "87" and total["累计亿元楼宇(实际)"] == "1"  # 附件1: 全市合计 87


def test_compute_command_computes_the_year_and_the_year_before(two_buildings):
    out = io.StringIO()
    call_command("compute", year=2023, stdout=out)
    assert set(BuildingYear.objects.values_list("year", flat=True)) == {2022, 2023}
    assert "指标计算完成" in out.getvalue() and "2022、2023" in out.getvalue()
    assert "各步骤用时：准备（月份、行业映射、重叠入驻）" in out.getvalue() and "预警 " in out.getvalue()


def test_compute_reports_the_time_of_each_step(two_buildings):
    result = compute()
    assert list(result.steps) == ["prepare", "attribution", "months", "years", "districts", "alerts"]
    assert all(seconds >= 0 for seconds in result.steps.values()) and sum(result.steps.values()) <= result.seconds


def test_why_100m_lists_the_months_and_enterprises_behind_the_figure(two_buildings):
    tower, _ = two_buildings
    compute()
    why = selectors.why_100m(tower, 2023)
    assert why["fact"].is_100m and "是亿元楼宇" in why["explanation"] and "计为新增" in why["explanation"]
    assert sum(m["total_tax"] for m in why["months"]) == why["fact"].total_tax
    assert why["top_enterprises"][0]["share"] == Decimal("1.0000")
    rows = selectors.tax_rows_behind(tower, 2023)
    assert rows.count() == 12 and sum(r.total_tax for r in rows) == why["fact"].total_tax
    assert set(rows) == set(TaxRecord.objects.filter(period__year=2023, enterprise=why["top_enterprises"][0]["enterprise"]))


def test_city_summary_gives_the_month_and_balances_the_books(two_buildings):
    _, annex = two_buildings
    compute()
    summary = selectors.city_summary(2023, 12)
    city = CityYear.objects.get(year=2023)
    assert summary["city"] == city and summary["month"]["total_tax"] == summary["month"]["attributed_tax"]
    assert summary["month"]["attributed_tax"] == split_year("150000000.00")[-1] + Decimal("1000.10")
    assert summary["month"]["present_count"] == 3
    assert selectors.tax_trend(2023)[11]["prior_tax"] == split_year("80000000.00")[-1]


def test_louyu_export_command_dispatches_to_the_indicator_exports(two_buildings, tmp_path):
    out = io.StringIO()
    call_command("export", "district-progress", year=2023, output=str(tmp_path / "p.csv"), stdout=out)
    assert "已导出 11 行" in out.getvalue()
    call_command("export", "building-indicators", year=2023, output=str(tmp_path / "b.csv"), stdout=out)
    assert read_csv(tmp_path / "b.csv")[0] == BUILDING_COLUMNS


def test_enterprise_level_figures_follow_the_building_permissions(two_buildings):
    from django.core.exceptions import PermissionDenied

    tower, annex = two_buildings  # 姑苏区, 工业园区
    compute()
    editor = district_editor("姑苏区")
    assert selectors.why_100m(tower, 2023, user=editor)["fact"].is_100m
    with pytest.raises(PermissionDenied):
        selectors.tax_rows_behind(annex, 2023, user=editor)

"""Leaders' outputs: “导出 Excel” gives what the page shows, titled, dated, scoped in the file name, no formula."""
import datetime as dt
import io
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from louyu import factories as f
from louyu.indicators import selectors

from .conftest import compute_facts

pytestmark = pytest.mark.django_db


@pytest.fixture
def tower(db):
    building = f.BuildingFactory(district=f.district("姑苏区"), name="=HYPERLINK(\"http://x\")大厦")
    tenancy = f.TenancyFactory(building=building, enterprise=f.EnterpriseFactory(district=building.district))
    for month in (1, 2):
        f.TaxRecordFactory(enterprise=tenancy.enterprise, period=dt.date(2023, month, 1), total_tax=Decimal("60000000.00"))
    compute_facts()
    return building


def _book(response):
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    return load_workbook(io.BytesIO(response.content)), unquote(response["Content-Disposition"])


def test_the_cockpit_exports_its_ranking_and_the_annex_1_progress(client, tower):
    client.force_login(f.user_with_role("city_viewer"))
    book, disposition = _book(client.get(reverse("web:cockpit"), {"year": 2023, "month": 2, "export": "xlsx"}))
    assert "全市驾驶舱_全市_数据截至2023年2月.xlsx" in disposition
    ranking, progress = book["各地排名"], book["附件1完成情况2023"]
    assert "数据截至：2023年2月" in ranking["A2"].value
    first = [c.value for c in ranking[4]]
    assert first[1] == "姑苏区" and first[2] == 120000000.0  # a number, in 元
    total = [c.value for c in progress[progress.max_row]]
    city = selectors.district_progress(2023)[-1]
    assert total[0] == "全市合计" and total[1:3] == [city["columns"][0]["actual"], city["columns"][0]["target"]]


def test_a_building_exports_its_indicators_and_a_name_never_becomes_a_formula(client, tower):
    client.force_login(f.district_editor("姑苏区"))
    book, disposition = _book(client.get(reverse("web:building_detail", args=[tower.pk]), {"export": "xlsx"}))
    sheet = book["楼宇指标"]
    assert sheet["A1"].data_type == "s" and sheet["A1"].value.startswith("楼宇指标（=HYPERLINK")
    assert [c.value for c in sheet[4]][:3] == [2023, 2, 120000000.0] and sheet["E4"].value == "亿元级"
    assert "楼宇指标_" in disposition


def test_a_district_page_exports_its_progress(client, tower):
    client.force_login(f.district_editor("姑苏区"))
    book, disposition = _book(client.get(reverse("web:district_detail", args=[f.district("姑苏区").pk]), {"year": 2023, "export": "xlsx"}))
    assert "附件1目标完成情况_姑苏区_" in disposition
    assert [r[0].value for r in book.active.iter_rows(min_row=4)] == ["姑苏区"]


def test_a_cell_that_looks_like_a_formula_is_written_as_text():
    from louyu.web.page_exports import workbook_response

    response = workbook_response(title="测试", scope="全市", as_of=dt.date(2024, 3, 1),
                                 sheets=[("表", ["名称", "金额"], [["=SUM(A1:A9)", Decimal("1.50")], ["@cmd", 2]])])
    book, _ = _book(response)
    cells = book["表"]
    assert (cells["A4"].value, cells["A4"].data_type) == ("=SUM(A1:A9)", "s")
    assert (cells["A5"].value, cells["B4"].value) == ("@cmd", 1.5)

"""新增/累计亿元楼宇, 商务办公1万㎡以上楼宇, 改造, 推介活动 and 附件1 progress by district and city."""
import csv
from decimal import Decimal

import pytest

from louyu.buildings.models import BuildingStatus
from louyu.factories import RenovationProjectFactory, district
from louyu.indicators import exports, selectors
from louyu.programme.models import AnnualTarget

from .scenario import D, building, by, compute, cy, dy, enterprise, split_year, tax, tenancy

pytestmark = pytest.mark.django_db


def test_new_100m_building_counts_only_first_year_over_threshold():
    b, e = building(), enterprise()
    tenancy(e, b)
    tax(e, 2021, split_year("50000000.00"))
    tax(e, 2022, split_year("120000000.00"))
    tax(e, 2023, split_year("130000000.00"))
    compute()
    assert (by(b, 2022).is_new_100m, by(b, 2023).is_new_100m) == (True, False)
    gusu = district("姑苏区")
    assert (dy(gusu, 2022).new_100m, dy(gusu, 2022).cumulative_100m) == (1, 1)
    assert (dy(gusu, 2023).new_100m, dy(gusu, 2023).cumulative_100m) == (0, 1)


def test_a_building_that_drops_below_and_returns_counts_as_new_again():
    b, e = building(), enterprise()
    tenancy(e, b)
    for year, total in ((2021, "150000000.00"), (2022, "90000000.00"), (2023, "110000000.00")):
        tax(e, year, split_year(total))
    compute()
    assert [by(b, y).is_new_100m for y in (2021, 2022, 2023)] == [None, False, True]  # 2021: no 2020 data
    assert cy(2022).cumulative_100m == 0 and cy(2023).new_100m == 1


def test_new_100m_is_unknown_without_a_whole_prior_year_of_tax_data(tmp_path):
    """Tax data from March 2022: 2022 has no 2021 to compare with, and 2023's 2022 lacks two months — neither
    year's 新增 can be told (empty, not every 亿元楼宇); 2024 compares with a whole 2023."""
    gusu = district("姑苏区")
    b, e = building(district=gusu), enterprise()
    tenancy(e, b)
    tax(e, 2022, "20000000.00", months=range(3, 13))
    for year in (2023, 2024):
        tax(e, year, split_year("150000000.00"))
    compute()
    assert [by(b, y).is_new_100m for y in (2022, 2023, 2024)] == [None, None, False]
    assert [dy(gusu, y).new_100m for y in (2022, 2023, 2024)] == [None, None, 0]
    assert [cy(y).new_100m for y in (2022, 2023, 2024)] == [None, None, 0]
    assert [cy(y).prior_year_has_data for y in (2022, 2023, 2024)] == [False, False, True]
    assert dy(gusu, 2023).cumulative_100m == 1
    progress = {row["name"]: row for row in selectors.district_progress(2023)}
    new_cell = next(c for c in progress["姑苏区"]["columns"] if c["column"] == "new_100m")
    assert (new_cell["actual"], new_cell["completion"]) == (None, None)
    total_cell = next(c for c in progress["全市合计"]["columns"] if c["column"] == "new_100m")
    assert total_cell["actual"] is None
    assert "2022 年没有全年的税收数据，无法判断是否新增" in selectors.why_100m(b, 2023)["explanation"]
    exports.export_district_progress(2023, tmp_path / "p.csv")
    rows = list(csv.DictReader((tmp_path / "p.csv").open(encoding="utf-8-sig")))
    assert [r["新增亿元楼宇(实际)"] for r in rows if r["地区"] in ("姑苏区", "全市合计")] == ["", ""]
    exports.export_building_indicators(2023, tmp_path / "b.csv")
    (row,) = csv.DictReader((tmp_path / "b.csv").open(encoding="utf-8-sig"))
    assert (row["亿元楼宇等级"], row["是否新增亿元楼宇"]) == ("1", "")


def test_office_buildings_10k_at_end_of_year_by_area_completion_and_status():
    gusu = district("姑苏区")
    building(office_area=Decimal("10000.00"), completion_year=2022)  # exactly 1万㎡ counts
    building(office_area=Decimal("9999.99"), completion_year=2010)
    building(office_area=Decimal("30000"), completion_year=2023)  # new in 2023
    building(office_area=Decimal("30000"), completion_year=2020, status=BuildingStatus.UNDER_CONSTRUCTION)
    building(office_area=Decimal("30000"), completion_year=None)
    compute(year=2023)
    assert dy(gusu, 2023).office_buildings_10k == 2
    assert dy(gusu, 2022).office_buildings_10k == 1
    # 附件1's 2023 list counts "截止 2022 年": the column of year Y is the count at the end of Y−1.
    assert dy(gusu, 2023).office_buildings_10k_list == 1


def test_district_progress_uses_targets_and_end_of_previous_year_count():
    gusu = district("姑苏区")
    for _ in range(3):
        building(office_area=Decimal("12000"), completion_year=2020)
    winner, e = building(), enterprise()
    tenancy(e, winner)
    tax(e, 2022, split_year("20000000.00"))
    tax(e, 2023, split_year("150000000.00"))
    RenovationProjectFactory(building=winner, status="completed", start_date=D(2023, 1, 1), completion_date=D(2023, 9, 1))
    RenovationProjectFactory(building=winner, status="completed", start_date=D(2023, 1, 1), completion_date=D(2023, 10, 1))
    compute()
    rows = selectors.district_progress(2023)
    assert [r["name"] for r in rows][-1] == "全市合计"
    assert [r["district"].name for r in rows[:-1]] == ["张家港市", "常熟市", "太仓市", "昆山市", "吴江区", "吴中区",
                                                       "相城区", "姑苏区", "工业园区", "虎丘区"]
    gusu_row = next(r for r in rows if r["district"] == gusu)
    cells = {c["column"]: c for c in gusu_row["columns"]}
    target = AnnualTarget.objects.get(year=2023, district=gusu)
    assert cells["office_buildings_10k"]["actual"] == 4 and cells["office_buildings_10k"]["target"] == target.office_buildings_10k
    assert cells["new_100m"]["actual"] == 1 and cells["cumulative_100m"]["actual"] == 1
    assert cells["renovated"]["actual"] == 1  # two projects, one building (幢)
    assert cells["promotion_events"]["actual"] == 0  # the event register is installed and holds no event: 0 held
    assert {c["column"]: c for c in rows[-1]["columns"]}["promotion_events"]["actual"] == 0
    assert cells["new_100m"]["completion"] == Decimal(1) / target.new_100m
    assert cells["cumulative_100m"]["gap"] == target.cumulative_100m - 1
    city = {c["column"]: c for c in rows[-1]["columns"]}
    assert city["cumulative_100m"]["target"] == sum(AnnualTarget.objects.filter(year=2023).values_list("cumulative_100m", flat=True))
    assert city["new_100m"]["actual"] == sum(r["columns"][1]["actual"] for r in rows[:-1])


def test_city_is_the_sum_of_its_districts():
    for name in ("姑苏区", "工业园区", "昆山市"):
        b, e = building(district=district(name)), enterprise()
        tenancy(e, b)
        tax(e, 2023, split_year("100000000.00"))
    compute()
    city = cy(2023)
    assert city.cumulative_100m == 3 == sum(dy(district(n), 2023).cumulative_100m for n in ("姑苏区", "工业园区", "昆山市"))
    assert city.attributed_tax == Decimal("300000000.00")

"""入驻率, enterprise counts on 31 December, 落地率, per-area tax and year-on-year growth."""
from decimal import Decimal

import pytest

from .scenario import PO, RO, RP, D, bm, building, by, compute, enterprise, report, tax, tenancy

pytestmark = pytest.mark.django_db


def test_occupancy_uses_the_operation_report_where_present():
    b = building(office_area=Decimal("20000"))
    e = enterprise()
    tenancy(e, b, area="1000.00")
    tax(e, 2023, 1)
    report(b, 2023, 5, leasable="18000.00", leased="9000.00")
    compute()
    may = bm(b, 2023, 5)
    assert may.occupancy_rate == Decimal("0.5") and may.occupancy_source == "report"


def test_missing_operation_reports_fall_back_to_present_tenancies_over_office_area():
    b = building(office_area=Decimal("20000"))
    e1, e2, e3 = enterprise(), enterprise(), enterprise()
    tenancy(e1, b, area="3000.00")
    tenancy(e2, b, kind=PO, area="2000.00")
    tenancy(e3, b, kind=RO, area="9999.00")  # registered only: occupies nothing
    tax(e1, 2023, 1)
    report(b, 2023, 5, leasable="18000.00", leased="9000.00")
    compute()
    june = bm(b, 2023, 6)
    assert june.occupancy_source == "tenancies" and june.occupancy_rate == Decimal("0.25")
    assert june.occupied_area == Decimal("5000.00")


def test_occupancy_from_tenancies_is_capped_at_one_and_flagged():
    b = building(office_area=Decimal("1000"))
    e = enterprise()
    tenancy(e, b, area="1500.00")
    tax(e, 2023, 1)
    compute()
    fact = by(b, 2023)
    assert fact.occupancy_rate == 1 and fact.occupancy_over
    assert bm(b, 2023, 12).occupancy_over


def test_annual_occupancy_is_decembers_and_the_average_is_given():
    b = building(office_area=Decimal("10000"))
    e = enterprise()
    tenancy(e, b, area="100.00")
    tax(e, 2023, 1)
    for month in range(1, 13):
        report(b, 2023, month, leasable="10000.00", leased=f"{month * 500}.00")
    compute()
    fact = by(b, 2023)
    assert fact.occupancy_rate == Decimal("0.6")  # December: 6000 / 10000
    assert fact.occupancy_avg == Decimal("0.325")  # (0.05 + … + 0.60) / 12


def test_counts_on_31_december_and_presence_rate():
    b = building()
    both, reg_only, pres_only, gone, two_floors = (enterprise() for _ in range(5))
    tenancy(both, b)
    tenancy(reg_only, b, kind=RO, area=None)
    tenancy(pres_only, b, kind=PO)
    tenancy(gone, b, D(2020, 1, 1), D(2023, 12, 31))  # leaves on 31 Dec: not there that day
    tenancy(two_floors, b, D(2021, 1, 1))
    tenancy(two_floors, b, D(2022, 6, 1), kind=PO)  # a second floor: still one enterprise
    tax(both, 2023, 1)
    compute()
    fact = by(b, 2023)
    assert fact.present_count == 3  # both, pres_only, two_floors
    assert fact.registered_count == 3  # both, reg_only, two_floors
    assert fact.registered_present_count == 2
    assert fact.presence_rate == Decimal("0.666667")
    assert fact.as_of == D(2023, 12, 31)


def test_a_year_in_progress_is_measured_at_the_latest_month_with_data():
    b, e, later = building(), enterprise(), enterprise()
    tenancy(e, b)
    tenancy(later, b, D(2024, 8, 1))
    tax(e, 2023, 100)
    tax(e, 2024, 150, months=range(1, 7))  # data up to June 2024
    compute()
    fact = by(b, 2024)
    assert fact.months == 6 and fact.as_of == D(2024, 6, 30)
    assert fact.present_count == 1  # the August move-in is not counted yet
    assert fact.prior_total_tax == 600  # January–June 2023: like for like
    assert fact.tax_growth == Decimal("0.5")


def test_per_area_tax_and_year_on_year_growth():
    b = building(office_area=Decimal("20000"))
    e1, e2 = enterprise(), enterprise()
    tenancy(e1, b)
    tenancy(e2, b, D(2023, 2, 1))
    tax(e1, 2022, 1000)
    tax(e1, 2023, 1500)
    tax(e2, 2023, 500, months=range(2, 13))
    compute()
    fact = by(b, 2023)
    assert fact.total_tax == 18000 + 5500
    assert fact.tax_per_m2 == Decimal("1.18")  # 23,500 / 20,000 = 1.175 → 1.18
    assert fact.tax_growth == Decimal("0.958333")  # 23,500 / 12,000 − 1
    assert fact.present_growth == 1 and fact.registered_growth == 1  # 1 → 2 enterprises
    assert fact.tax_per_m2_growth == fact.tax_growth


def test_building_without_office_area_has_no_per_area_figures():
    b = building(office_area=None)
    e = enterprise()
    tenancy(e, b, kind=RP)
    tax(e, 2023, 10)
    compute()
    fact = by(b, 2023)
    assert fact.tax_per_m2 is None and fact.occupancy_rate is None and fact.occupancy_source == ""

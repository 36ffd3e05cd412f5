"""全口径税收 of a building: attribution at month end, the 1亿 edge, tiers, moves and 未归属."""
from decimal import Decimal

import pytest
from django.test import override_settings

from louyu.enterprises.models import TaxRecord
from louyu.indicators import definitions
from louyu.indicators.models import SupersededTenancy, UnattributedTax

from .scenario import PO, RO, D, bm, building, by, compute, cy, enterprise, split_year, tax, tenancy

pytestmark = pytest.mark.django_db


def _one_taxpayer(total: str, year: int = 2023):
    b, e = building(), enterprise()
    tenancy(e, b)
    tax(e, year, split_year(total))
    compute()
    return b


def test_exactly_100m_counts_as_100m_building():
    b = _one_taxpayer("100000000.00")
    fact = by(b, 2023)
    assert fact.total_tax == Decimal("100000000.00")
    assert fact.is_100m and fact.tax_tier == 1


def test_99_999_999_99_is_not_a_100m_building():
    b = _one_taxpayer("99999999.99")
    fact = by(b, 2023)
    assert fact.total_tax == Decimal("99999999.99")
    assert not fact.is_100m and fact.tax_tier == 0


@override_settings(LOUYU_INDICATORS={"HUNDRED_MILLION_INCLUSIVE": False})
def test_strict_comparison_is_configuration_exactly_1亿_then_does_not_count():
    b = _one_taxpayer("100000000.00")
    assert not by(b, 2023).is_100m
    assert definitions.is_100m(Decimal("100000000.00")) is False
    assert definitions.is_100m(Decimal("100000000.01")) is True


@pytest.mark.parametrize("total,tier", [("499999999.99", 1), ("500000000.00", 5), ("999999999.99", 5), ("1000000000.00", 10)])
def test_tiers_at_5亿_and_10亿(total, tier):
    b = _one_taxpayer(total)
    assert by(b, 2023).tax_tier == tier == definitions.tax_tier(Decimal(total))


def test_move_out_mid_year_splits_the_year_between_buildings_by_month_end():
    a, b, e = building(), building(), enterprise()
    tenancy(e, a, D(2020, 1, 1), D(2023, 6, 15))
    tenancy(e, b, D(2023, 6, 15))
    tax(e, 2023, [100 * m for m in range(1, 13)])
    compute()
    assert by(a, 2023).total_tax == sum(Decimal(100 * m) for m in range(1, 6))  # Jan–May
    assert by(b, 2023).total_tax == sum(Decimal(100 * m) for m in range(6, 13))  # June–Dec: in B on 30 June
    assert bm(a, 2023, 6).total_tax == 0 and bm(b, 2023, 6).total_tax == 600


def test_move_out_on_the_30th_and_in_elsewhere_on_the_30th_is_no_overlap():
    a, b, e = building(), building(), enterprise()
    tenancy(e, a, D(2020, 1, 1), D(2023, 6, 30))
    tenancy(e, b, D(2023, 6, 30))
    tax(e, 2023, 1000)
    compute()
    assert bm(a, 2023, 6).total_tax == 0  # [move_in, move_out): not in A on 30 June
    assert bm(b, 2023, 6).total_tax == 1000
    assert by(a, 2023).total_tax + by(b, 2023).total_tax == 12000
    assert not SupersededTenancy.objects.exists()


def test_move_out_on_the_30th_and_in_on_the_1st_leaves_june_unattributed():
    a, b, e = building(), building(), enterprise()
    tenancy(e, a, D(2020, 1, 1), D(2023, 6, 30))
    tenancy(e, b, D(2023, 7, 1))
    tax(e, 2023, 1000)
    compute()
    assert by(a, 2023).total_tax == 5000 and by(b, 2023).total_tax == 6000
    ua = UnattributedTax.objects.get(enterprise=e, year=2023)
    assert ua.total_tax == 1000 and ua.months == 1 and ua.m06 == 1000 and ua.m05 is None


def test_tenancy_spanning_years_counts_in_each_year():
    b, e = building(), enterprise()
    tenancy(e, b, D(2022, 7, 10), D(2023, 3, 5))
    tax(e, 2022, 10)
    tax(e, 2023, 10)
    compute()
    assert by(b, 2022).total_tax == 60  # July–December 2022
    assert by(b, 2023).total_tax == 20  # January–February 2023 (gone on 31 March)


def test_present_only_tenants_count_for_occupancy_not_tax():
    b, e = building(office_area=Decimal("10000")), enterprise()
    tenancy(e, b, kind=PO, area="2500.00")
    tax(e, 2023, 1000)
    compute()
    fact = by(b, 2023)
    assert fact.total_tax == 0 and fact.present_count == 1 and fact.registered_count == 0
    assert fact.occupancy_rate == Decimal("0.25")
    assert UnattributedTax.objects.get(enterprise=e, year=2023).total_tax == 12000


def test_registered_only_tenants_count_for_tax_and_registration_not_presence():
    b, e = building(office_area=Decimal("10000")), enterprise()
    tenancy(e, b, kind=RO, area=None)
    tax(e, 2023, 1000)
    compute()
    fact = by(b, 2023)
    assert fact.total_tax == 12000 and fact.present_count == 0 and fact.registered_count == 1
    assert fact.occupancy_rate == 0 and fact.presence_rate == 0


def test_city_total_is_attributed_plus_unattributed_and_nothing_is_dropped():
    a, b = building(), building()
    inside, homeless, late = enterprise(), enterprise(), enterprise()
    tenancy(inside, a)
    tenancy(late, b, D(2023, 4, 20))  # Jan–Mar before its move-in: unattributed
    for e in (inside, homeless, late):
        tax(e, 2023, "1234.56")
    tax(homeless, 2022, "10.00")
    compute()
    city = cy(2023)
    records = sum(TaxRecord.objects.filter(period__year=2023).values_list("total_tax", flat=True))
    assert city.total_tax == city.attributed_tax + city.unattributed_tax == records
    assert city.unattributed_tax == Decimal("1234.56") * 15
    assert by(a, 2023).total_tax + by(b, 2023).total_tax == city.attributed_tax


def test_overlapping_registered_tenancies_never_count_tax_twice():
    a, b, e = building(), building(), enterprise()
    tenancy(e, a, D(2020, 1, 1))  # never moved out (the intake would have rejected the overlap)
    tenancy(e, b, D(2023, 7, 1), kind=RO)
    tax(e, 2023, 100)
    compute()
    assert by(a, 2023).total_tax == 600 and by(b, 2023).total_tax == 600  # the later registration wins
    assert SupersededTenancy.objects.count() == 6
    assert cy(2023).total_tax == 1200


def test_tax_of_a_month_follows_the_registration_on_its_last_day_not_its_first():
    a, e = building(), enterprise()
    tenancy(e, a, D(2023, 3, 31))
    tax(e, 2023, 100, months=[2, 3])
    compute()
    assert bm(a, 2023, 3).total_tax == 100 and bm(a, 2023, 2).total_tax == 0

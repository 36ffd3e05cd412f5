"""特色产业楼宇: shares, 主导特色产业 and 集聚度, candidate/reserve thresholds, industry structure."""
from decimal import Decimal

import pytest
from django.test import override_settings

from louyu.enterprises.models import FeaturedCategory
from louyu.indicators import selectors

from .scenario import PO, RO, building, by, compute, enterprise, report, tax, tenancy

pytestmark = pytest.mark.django_db
LEGAL, FINANCE, RND, OTHER = "7231", "6621", "7310", "6512"


def _building(occupied: str = "9000.00"):
    b = building(office_area=Decimal("10000"))
    report(b, 2023, 12, leasable="10000.00", leased=occupied)
    return b


def test_concentration_is_the_largest_of_enterprise_area_and_tax_shares():
    b = _building()
    lawyer, others = enterprise(LEGAL), [enterprise(OTHER) for _ in range(3)]
    tenancy(lawyer, b, area="100.00")
    for e in others:
        tenancy(e, b, area="300.00")
        tax(e, 2023, 10)
    tax(lawyer, 2023, 270)  # 270 / (270 + 30) = 0.9 of the tax
    compute()
    fact = by(b, 2023)
    assert fact.lead_category.code == "legal"
    assert fact.concentration == Decimal("0.9")  # enterprises 0.25, area 0.1, tax 0.9
    assert fact.featured_status == "candidate"


def test_lead_category_tie_breaks_on_the_larger_tax_share():
    b = _building()
    lawyers, banker, other = [enterprise(LEGAL) for _ in range(3)], enterprise(FINANCE), enterprise(OTHER)
    for e in lawyers:
        tenancy(e, b, area="10.00")
    tenancy(banker, b, area="10.00")
    tenancy(other, b, area="60.00")
    tax(banker, 2023, 60)
    tax(other, 2023, 40)
    compute()
    fact = by(b, 2023)  # 法律: 3 of 5 enterprises = 0.6; 金融: 60 % of the tax = 0.6
    assert fact.concentration == Decimal("0.6") and fact.lead_category.code == "finance"


def test_lead_category_full_tie_goes_to_the_earlier_category_in_policy_order():
    b = _building()
    lawyer, scientist = enterprise(LEGAL), enterprise(RND)
    for e in (scientist, lawyer):
        tenancy(e, b, area="100.00")
        tax(e, 2023, 10)
    compute()
    fact = by(b, 2023)
    assert fact.lead_category.code == "legal" and fact.concentration == Decimal("0.5")  # 法律 precedes 科技研发


def test_candidate_needs_70_percent_concentration_and_occupancy_reserve_50_percent():
    rich = _building(occupied="7000.00")  # 入驻率 exactly 70 %
    thin = _building(occupied="6999.00")
    half = _building(occupied="9000.00")
    for b, legal_count, other_count in ((rich, 7, 3), (thin, 7, 3), (half, 1, 1)):
        for _ in range(legal_count):
            tenancy(enterprise(LEGAL), b, area="10.00")
        for _ in range(other_count):
            o = enterprise(OTHER)
            tenancy(o, b, area="10.00")
            tax(o, 2023, 1)
    compute()
    assert (by(rich, 2023).featured_status, by(rich, 2023).concentration) == ("candidate", Decimal("0.7"))
    assert by(thin, 2023).featured_status == "reserve"
    assert (by(half, 2023).featured_status, by(half, 2023).concentration) == ("reserve", Decimal("0.5"))


@override_settings(LOUYU_INDICATORS={"FEATURED_CANDIDATE_CONCENTRATION": "0.80", "FEATURED_RESERVE_CONCENTRATION": "0.60"})
def test_featured_thresholds_are_configuration():
    b = _building()
    for code in (LEGAL,) * 7 + (OTHER,) * 3:
        tenancy(enterprise(code), b, area="10.00")
    tax(enterprise(OTHER), 2023, 1)
    compute()
    assert by(b, 2023).featured_status == "reserve"


def test_no_featured_enterprise_leaves_lead_empty_and_concentration_zero():
    b = _building()
    e = enterprise(OTHER)
    tenancy(e, b)
    tax(e, 2023, 100)
    compute()
    fact = by(b, 2023)
    assert fact.lead_category is None and fact.concentration == 0 and fact.featured_status == ""


def test_industry_structure_shares_by_section_and_featured_category():
    b = building(office_area=Decimal("10000"))
    lawyer, coder, shell = enterprise(LEGAL), enterprise(OTHER), enterprise(FINANCE)
    tenancy(lawyer, b, area="300.00")
    tenancy(coder, b, area="100.00")
    tenancy(shell, b, kind=RO, area=None)
    tenancy(enterprise(RND), b, kind=PO, area="600.00")  # present only: area, not registered, no tax
    tax(lawyer, 2023, 30)
    tax(coder, 2023, 10)
    compute()
    sections = {r["key"]: r for r in selectors.industry_structure(b, 2023)}
    assert sections["L"]["registered_share"] == Decimal("0.3333") and sections["L"]["tax_share"] == Decimal("0.75")
    assert (sections["I"]["area_share"], sections["L"]["area_share"], sections["M"]["area_share"]) == (Decimal("0.1"), Decimal("0.3"), Decimal("0.6"))
    assert sum(r["registered"] for r in sections.values()) == by(b, 2023).registered_count
    featured = {r["label"]: r for r in selectors.industry_structure(b, 2023, dimension="featured")}
    assert featured["金融服务"]["registered"] == 1 and featured["金融服务"]["tax"] == 0
    assert featured["非特色产业"]["tax_share"] == Decimal("0.25")
    gusu = b.district
    assert selectors.industry_structure(gusu, 2023) == selectors.industry_structure(b, 2023)  # one building here
    assert FeaturedCategory.objects.count() == 6

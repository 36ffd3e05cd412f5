"""Numbers that read right: separators and units, tiers in words, a banner on old data, 税源集中 flagged."""
import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from louyu import factories as f
from louyu.indicators import definitions
from louyu.web import common

from .conftest import compute_facts

pytestmark = pytest.mark.django_db


def test_tiers_read_in_words():
    assert [definitions.tier_label(t) for t in (10, 5, 1, 0, None)] == ["10亿元级", "5亿元级", "亿元级", "—", "—"]


def test_amounts_and_areas_carry_separators():
    assert common.yuan(Decimal("120000000")) == "120,000,000.00"
    assert common.area(Decimal("30000.00")) == "30,000" and common.area(Decimal("1234.5")) == "1,234.50"
    assert common.yuan(None) == common.area(None) == "—"


@pytest.mark.parametrize("latest, today, shown", [
    (dt.date(2024, 12, 1), dt.date(2026, 12, 7), 24),   # two years old: say so
    (dt.date(2026, 9, 1), dt.date(2026, 12, 7), None),  # three months: the usual delay of tax data
    (dt.date(2026, 8, 1), dt.date(2026, 12, 7), 4),
    (None, dt.date(2026, 12, 7), None),
])
def test_old_data_is_flagged_after_the_configured_months(latest, today, shown):
    assert common.months_stale(latest, today) == shown


@pytest.fixture
def concentrated(db):
    """One tenant pays 60 % of the building's tax, two others 20 % each."""
    building = f.BuildingFactory(district=f.district("姑苏区"), name="集中大厦")
    for share, name in ((Decimal("60"), "大户公司"), (Decimal("20"), "乙公司"), (Decimal("20"), "丙公司")):
        tenancy = f.TenancyFactory(building=building, enterprise=f.EnterpriseFactory(district=building.district, name=name))
        f.TaxRecordFactory(enterprise=tenancy.enterprise, period=dt.date(2024, 1, 1), total_tax=share * 10000)
    compute_facts()
    return building


def test_a_building_whose_top_taxpayer_gives_most_of_its_tax_is_flagged(client, concentrated):
    client.force_login(f.district_editor("姑苏区"))
    page = client.get(reverse("web:building_detail", args=[concentrated.pk]), {"year": 2024}).content.decode()
    assert "税源集中" in page and "大户公司" in page and "60.0%" in page
    why = client.get(reverse("web:building_why", args=[concentrated.pk]), {"year": 2024}).content.decode()
    assert 'id="concentration-flag"' in why and "不是亿元楼宇。" in why
    client.force_login(f.user_with_role("operator", buildings=[concentrated]))
    assert "税源集中" not in client.get(reverse("web:building_detail", args=[concentrated.pk]), {"year": 2024}).content.decode()


def test_below_the_share_there_is_no_flag(client, concentrated, settings):
    settings.LOUYU_INDICATORS = {"CONCENTRATION_RISK_SHARE": "0.70"}
    client.force_login(f.city_admin())
    assert "税源集中" not in client.get(reverse("web:building_detail", args=[concentrated.pk]), {"year": 2024}).content.decode()


def test_the_ranking_says_it_excludes_unattributed_tax_and_reconciles_with_the_city_total(client, concentrated):
    from louyu.indicators import selectors

    unplaced = f.EnterpriseFactory(district=f.district("吴中区"))  # tax with no building: 未归属
    f.TaxRecordFactory(enterprise=unplaced, period=dt.date(2024, 1, 1), total_tax=Decimal("300000.00"))
    compute_facts()
    client.force_login(f.city_admin())
    page = client.get(reverse("web:cockpit"), {"year": 2024}).content.decode()
    city = selectors.city_summary(2024)["city"]
    assert city.total_tax == Decimal("1300000.00")
    assert "楼宇归属税收(亿元)" in page and "不含未归属税收" in page
    assert f"= 全市全口径税收 {common.yi(city.total_tax)} 亿元" in page
    assert f"各地区未归属 {common.yi(Decimal('300000.00'))}" in page
    assert "附件1口径为截至 2023 年末" in page

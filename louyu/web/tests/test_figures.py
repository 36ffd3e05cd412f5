"""Pages show the indicator engine's figures (read through its selectors), never their own arithmetic."""
import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from louyu import factories as f
from louyu.web.common import in_yi_yuan, percent

from .conftest import compute_facts

selectors = pytest.importorskip("louyu.indicators.selectors")


@pytest.fixture
def big_building(populated):
    """A 姑苏区 building whose tenant pays 1.2亿 in 2024: an 亿元楼宇 (tier 1)."""
    building = f.BuildingFactory(district=f.district("姑苏区"), name="亿元测试大厦", longitude=120.61, latitude=31.31)
    tenancy = f.TenancyFactory(building=building, enterprise=f.EnterpriseFactory(district=building.district))
    for month in (1, 2, 3):
        f.TaxRecordFactory(enterprise=tenancy.enterprise, period=dt.date(2024, month, 1), total_tax=Decimal("40000000.00"))
    compute_facts()
    return building


def test_cockpit_headline_is_the_city_summary(admin_client, big_building):
    city = selectors.city_summary(2024, 3)["city"]
    html = admin_client.get(reverse("web:cockpit"), {"year": 2024, "month": 3}).content.decode()
    assert city.cumulative_100m == 1
    assert f"{in_yi_yuan(city.total_tax)}<small>亿元</small>" in html
    assert f'<div class="value">{city.cumulative_100m}<small>幢</small>' in html


def test_district_ranking_and_progress_come_from_district_facts(admin_client, big_building):
    html = admin_client.get(reverse("web:cockpit"), {"year": 2024}).content.decode()
    for fact in selectors.district_year_facts(2024):
        assert fact.district.name in html
    gusu = selectors.district_year_facts(2024).get(district__name="姑苏区")
    assert in_yi_yuan(gusu.total_tax) in html


def test_building_profile_links_its_tax_to_the_why_page_and_rows(admin_client, big_building):
    fact = selectors.building_year_facts(year=2024, buildings=[big_building.pk]).get()
    html = admin_client.get(reverse("web:building_detail", args=[big_building.pk]), {"year": 2024}).content.decode()
    why_url = reverse("web:building_why", args=[big_building.pk]) + "?year=2024"
    assert in_yi_yuan(fact.total_tax) in html and why_url in html and "亿元楼宇" in html
    why = admin_client.get(why_url).content.decode()
    assert selectors.why_100m(big_building, 2024)["explanation"] in why
    rows = admin_client.get(reverse("web:building_tax_rows", args=[big_building.pk]), {"year": 2024}).content.decode()
    assert "合计 120,000,000.00 元" in rows  # the three months' records, summed by the database, to the cent


def test_building_list_shows_and_filters_by_the_years_tier(admin_client, big_building):
    html = admin_client.get(reverse("web:building_list"), {"year": 2024, "tier": "1"}).content.decode()
    assert big_building.code in html and 'id="total-count">1<' in html
    html = admin_client.get(reverse("web:building_list"), {"year": 2024}).content.decode()
    assert "亿元级" in html and "全口径税收(亿元)" in html


def test_map_colours_come_from_the_years_facts(admin_client, big_building):
    features = admin_client.get(reverse("web:map_data"), {"year": 2024}).json()["features"]
    tiers = {feat["properties"]["code"]: feat["properties"]["tax_tier"] for feat in features}
    assert tiers[big_building.code] == 1
    fact = selectors.building_year_facts(year=2024, buildings=[big_building.pk]).get()
    occupancy = next(feat["properties"]["occupancy"] for feat in features if feat["properties"]["code"] == big_building.code)
    assert occupancy == (float(fact.occupancy_rate) if fact.occupancy_rate is not None else None)


def test_enterprise_profile_says_which_building_gets_its_tax(admin_client, big_building):
    enterprise = big_building.tenancies.get().enterprise
    html = admin_client.get(reverse("web:enterprise_detail", args=[enterprise.pk])).content.decode()
    assert 'id="attribution"' in html and big_building.name in html and "税收随注册地" in html


def test_a_district_user_sees_other_districts_figures_but_not_their_rows(client, big_building):
    client.force_login(f.district_editor("吴中区"))
    response = client.get(reverse("web:district_detail", args=[big_building.district_id]), {"year": 2024})
    html = response.content.decode()
    assert response.context["headline"]["kpis"]  # district aggregates are readable by every district
    assert "亿元测试大厦" not in html  # …its buildings and their tax are not (need to know)
    assert reverse("web:building_detail", args=[big_building.pk]) not in html
    assert client.get(reverse("web:building_why", args=[big_building.pk])).status_code == 404
    assert "＋ 新增楼宇" not in html


def test_percent_and_yi_are_display_only():
    assert in_yi_yuan(Decimal("123456789.00")) == "1.23" and percent(Decimal("0.7456")) == "74.6%"


def test_building_list_sorts_by_the_years_tax(admin_client, big_building):
    html = admin_client.get(reverse("web:building_list"), {"year": 2024, "sort": "-tax_yi"}).content.decode()
    body = html[html.index("<tbody>"):]
    assert body.index(big_building.code) < min(body.index(b.code) for b in big_building.district.buildings.exclude(pk=big_building.pk))


def test_new_100m_shows_as_unknown_in_the_first_year_of_data(admin_client, big_building):
    """Tax data starts in 2024: whether the 亿元楼宇 is 新增 cannot be told, and the pages say so."""
    assert selectors.city_summary(2024)["city"].new_100m is None
    cockpit = admin_client.get(reverse("web:cockpit"), {"year": 2024}).content.decode()
    assert "新增 — · 10亿元级" in cockpit
    page = admin_client.get(reverse("web:building_detail", args=[big_building.pk]), {"year": 2024}).content.decode()
    assert "新增未知" in page
    why = admin_client.get(reverse("web:building_why", args=[big_building.pk]), {"year": 2024}).content.decode()
    assert "2023 年没有全年的税收数据，无法判断是否新增" in why


def test_promotion_events_show_no_data_without_an_event_register(admin_client, big_building, monkeypatch):
    """附件1 举办楼宇推介活动: with no event register installed (no provider), 暂无数据 — never a count of 0."""
    from louyu.indicators import definitions

    monkeypatch.setattr(definitions, "PROVIDERS", {})
    compute_facts()
    html = admin_client.get(reverse("web:cockpit"), {"year": 2024}).content.decode()
    progress = html[html.index("附件1 年度目标完成情况"):]
    assert "暂无数据 / " in progress
    assert "改造存量楼宇 / 推介活动" in html and " / 暂无数据" in html

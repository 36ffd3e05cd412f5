"""Each ranking factor on its own (the others held equal), then the whole ranking: a law firm is steered to
the 法律服务 building."""
import datetime as dt
from decimal import Decimal

import pytest

from louyu import factories as f
from louyu.enterprises.models import FeaturedCategory
from louyu.investment import config, ranking, selectors
from louyu.investment.models import Demand, VacantUnit
from louyu.buildings.models import Building

from .factories import DemandFactory, VacantUnitFactory


def _demand(**kw):
    values = dict(enterprise_name="苏州某律师事务所", industry_id="7231", area_min=Decimal(300), area_max=Decimal(600),
                  budget_rent=Decimal(4), district_id=None, move_in_by=dt.date(2024, 6, 1))
    values.update(kw)
    return Demand(**values)


def _unit(**kw):
    values = dict(area=Decimal(500), asking_rent=Decimal("3.5"), available_from=dt.date(2024, 1, 1), divisible=False, floor="8")
    values.update(kw)
    return VacantUnit(**values)


EMPTY = ranking.Context()


def test_area_fit_is_full_inside_the_range_and_falls_outside_it():
    assert ranking.area_fit(_demand(), _unit(area=Decimal(500)), EMPTY)[0] == 1.0
    smaller = ranking.area_fit(_demand(), _unit(area=Decimal(240)), EMPTY)  # 20% under the minimum
    assert 0 < smaller[0] < 1 and "小于需求下限" in smaller[1]
    assert ranking.area_fit(_demand(), _unit(area=Decimal(100)), EMPTY)[0] == 0.0
    assert ranking.area_fit(_demand(), _unit(area=Decimal(1500), divisible=True), EMPTY)[0] == 0.8
    assert ranking.area_fit(_demand(), _unit(area=Decimal(5000), divisible=True), EMPTY)[0] == 0.5


def test_budget_fit_is_full_within_budget_and_falls_with_the_excess():
    assert ranking.budget_fit(_demand(), _unit(asking_rent=Decimal("3.9")), EMPTY)[0] == 1.0
    over = ranking.budget_fit(_demand(), _unit(asking_rent=Decimal("4.4")), EMPTY)  # 10% over
    assert over[0] == pytest.approx(1 - 0.1 / 0.3) and "高出预算 10%" in over[1]
    assert ranking.budget_fit(_demand(), _unit(asking_rent=Decimal("8")), EMPTY)[0] == 0.0


@pytest.mark.django_db
def test_district_fit_rewards_the_preferred_district_only():
    gusu = f.BuildingFactory(district=f.district("姑苏区"))
    wuzhong = f.BuildingFactory(district=f.district("吴中区"))
    demand = _demand(district_id=gusu.district_id)
    assert ranking.district_fit(demand, _unit(building=gusu), EMPTY)[0] == 1.0
    assert ranking.district_fit(demand, _unit(building=wuzhong), EMPTY) == (0.0, "位于 吴中区，不在意向地区")
    assert ranking.district_fit(_demand(district_id=None), _unit(building=wuzhong), EMPTY)[0] == 1.0


@pytest.mark.django_db
def test_industry_fit_steers_a_law_firm_to_a_legal_services_building():
    legal = FeaturedCategory.objects.get(code="legal")
    law_building, other = f.BuildingFactory(), f.BuildingFactory()
    ctx = ranking.Context(demand_category=legal, lead_category={law_building.pk: legal}, tenant_share={other.pk: 0.1})
    full = ranking.industry_fit(_demand(), _unit(building=law_building), ctx)
    assert full[0] == 1.0 and "法律服务" in full[1]
    assert ranking.industry_fit(_demand(), _unit(building=other), ctx)[0] == pytest.approx(0.2)


def test_availability_fit_is_full_when_free_by_the_move_in_date_and_falls_after():
    assert ranking.availability_fit(_demand(), _unit(available_from=dt.date(2024, 5, 1)), EMPTY)[0] == 1.0
    late = ranking.availability_fit(_demand(), _unit(available_from=dt.date(2024, 7, 16)), EMPTY)  # 45 days late
    assert late[0] == pytest.approx(0.5) and "晚于期望 45 天" in late[1]


def test_weights_are_configuration():
    unit = _unit(asking_rent=Decimal(8))  # fails the budget, passes everything else (district, move-in)
    with config.override(ranking={"weights": {"area": 1, "budget": 1, "district": 0, "industry": 0, "availability": 0}}):
        assert ranking.score(_demand(industry_id=None), unit, EMPTY).score == 50.0
    with config.override(ranking={"weights": {"area": 1, "budget": 0, "district": 0, "industry": 0, "availability": 0}}):
        assert ranking.score(_demand(industry_id=None), unit, EMPTY).score == 100.0


@pytest.mark.django_db
def test_the_ranking_puts_the_legal_services_building_first_for_a_law_firm_and_explains_each_factor():
    gusu = f.district("姑苏区")
    law_building = f.BuildingFactory(district=gusu, name="法律服务大厦")
    mixed = f.BuildingFactory(district=gusu, name="综合商务楼")
    for _ in range(3):
        f.TenancyFactory(building=law_building, enterprise=f.EnterpriseFactory(industry=f.industry("7231")))
        f.TenancyFactory(building=mixed, enterprise=f.EnterpriseFactory(industry=f.industry("6512")))
    same = dict(area=Decimal(450), asking_rent=Decimal("3.2"), available_from=dt.date(2024, 1, 1))
    VacantUnitFactory(building=mixed, **same)
    VacantUnitFactory(building=law_building, **same)
    demand = DemandFactory(district=gusu)
    matches = selectors.ranked_units(demand, f.city_admin(), dt.date(2024, 3, 1))
    assert [m.unit.building.name for m in matches] == ["法律服务大厦", "综合商务楼"]
    assert [r.key for r in matches[0].factors] == ["area", "budget", "district", "industry", "availability"]
    assert "100%" in matches[0].factors[3].explanation


@pytest.mark.django_db
def test_without_a_featured_category_the_tenant_mix_is_read_by_industry_section():
    building = f.BuildingFactory()
    f.TenancyFactory(building=building, enterprise=f.EnterpriseFactory(industry=f.industry("6512")))  # 门类 I
    f.TenancyFactory(building=building, enterprise=f.EnterpriseFactory(industry=f.industry("7231")))  # 门类 L
    shares = selectors.tenant_shares([building.pk], category=None, section="I", today=dt.date(2024, 3, 1))
    assert shares == {building.pk: 0.5}

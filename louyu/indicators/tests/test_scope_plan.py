"""The engine's scope plan on its own: which mode, years, months, buildings and enterprises a compute covers,
decided before anything is written."""
import pytest

from louyu.indicators.engine import SCOPE_LIMIT, scope_plan

from .scenario import D, building, compute, enterprise, tax, tenancy

pytestmark = pytest.mark.django_db

HORIZON = D(2023, 6, 1)


def plan(**kw):
    args = dict(year=None, buildings=None, months=None, enterprises=None, horizon=HORIZON, data_years=[2022, 2023],
                computed_horizon=HORIZON, tax_only=False)
    return scope_plan(**{**args, **kw})


def test_no_scope_is_a_full_compute_of_every_data_year_up_to_the_horizon():
    p = plan(data_years=[2022, 2023, 2024])
    assert p.mode == "full" and p.fact_years == [2022, 2023] and p.buildings is None and p.enterprises is None
    assert p.months[0] == D(2022, 1, 1) and p.months[-1] == D(2023, 6, 1) and len(p.months) == 18
    assert p.drop_other_years and not p.next_year_refresh


def test_an_increment_before_anything_was_computed_is_a_full_compute():
    assert plan(buildings=[1], computed_horizon=None).mode == "full"


def test_a_year_recomputes_it_and_the_year_before_and_drops_facts_beyond_the_horizon():
    p = plan(year=2023)
    assert p.mode == "year" and p.fact_years == [2022, 2023] and p.district_years == [2022, 2023]
    assert p.drop_after_horizon and p.next_year_refresh and p.buildings is None


def test_an_import_touches_its_buildings_and_every_building_of_their_enterprises():
    b, other = building(), building()
    e = enterprise()
    tenancy(e, b)
    tenancy(e, other, kind="present_only")
    tax(e, 2022, 1)
    compute()
    p = plan(buildings=[b.pk], months=[D(2023, 2, 14)], computed_horizon=HORIZON)
    assert p.mode == "incremental" and p.buildings == {b.pk, other.pk} and p.enterprises == {e.pk}
    assert p.months == [D(2023, 2, 1)] and p.fact_years == [2023] and not p.horizon_moved


def test_a_tax_only_increment_keeps_the_tenancy_snapshot_unless_the_horizon_moved():
    b = building()
    tax(enterprise(), 2022, 1)
    compute()
    assert plan(buildings=[b.pk], tax_only=True).snapshot_kept
    moved = plan(buildings=[b.pk], months=[D(2023, 1, 1)], tax_only=True, computed_horizon=D(2023, 4, 1))
    assert moved.horizon_moved and not moved.snapshot_kept and moved.buildings is None and moved.drop_after_horizon
    assert moved.months == [D(2023, 1, 1), D(2023, 4, 1), D(2023, 5, 1), D(2023, 6, 1)]  # and every month since


def test_more_buildings_than_the_scope_limit_are_all_buildings():
    tax(enterprise(), 2022, 1)
    compute()
    assert plan(buildings=range(SCOPE_LIMIT + 1)).buildings is None

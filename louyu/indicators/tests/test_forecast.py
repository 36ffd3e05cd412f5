"""★ The year-end forecast: its arithmetic on small cases, and its backtest on the demo data (2023 forecast from
January–June and January–September, compared with the real year) staying under the bounds the docs state."""
import datetime as dt
import math
import re
from decimal import Decimal
from pathlib import Path

import pytest

from louyu import factories as f
from louyu.indicators import forecast
from louyu.indicators.engine import compute

DOCS = Path(__file__).resolve().parents[3] / "docs" / "indicators.md"


def test_a_building_already_over_the_threshold_is_certain_and_one_far_below_is_not():
    assert forecast.probability_at_least(120e6, 10e6, 0.2, 100e6) == 1.0
    assert forecast.probability_at_least(10e6, 10e6, 0.2, 100e6) < 1e-6
    # expected exactly at the threshold: an even chance
    assert math.isclose(forecast.probability_at_least(50e6, 50e6, 0.2, 100e6), 0.5, abs_tol=1e-9)


def test_the_count_distribution_is_exact_and_gives_the_likelihood_of_the_target():
    dist = forecast.count_distribution([0.5, 0.5])
    assert dist == [0.25, 0.5, 0.25]
    summary = forecast.summarise([1.0, 1.0, 0.5, 0.5], target=3)
    assert summary["expected"] == 3.0 and math.isclose(summary["p_target"], 0.75)
    assert (summary["low"], summary["high"]) == (2, 4)


def test_buildings_certain_either_way_only_shift_the_count_and_the_distribution_stays_exact():
    # the recurrence over every event, as the distribution is defined
    def full(ps):
        dist = [1.0]
        for p in ps:
            dist = [(dist[k] if k < len(dist) else 0.0) * (1 - p) + (dist[k - 1] * p if k else 0.0) for k in range(len(dist) + 1)]
        return dist

    ps = [1.0, 0.0, 0.3, 1.0, 0.0, 0.0, 0.8, 1.0, 1e-300]
    assert forecast.count_distribution(ps) == full(ps)
    assert len(forecast.count_distribution([1.0] * 3 + [0.0] * 2)) == 6 and forecast.count_distribution([1.0] * 3)[3] == 1.0


def _row(building: int, district: int, p: float) -> forecast.BuildingForecast:
    return forecast.BuildingForecast(building_id=building, district_id=district, ytd=0, expected=0, low=0, high=0,
                                     prior_total=None, prior_is_100m=False, sigma=0.2, p={1: p, 5: 0.0, 10: 0.0})


@pytest.mark.django_db
def test_two_buildings_at_an_even_chance_give_0_to_2_with_the_binomial_probabilities():
    city = forecast.city_forecast(2031, 6, [_row(1, 1, 0.5), _row(2, 2, 0.5)])["cumulative"]
    assert forecast.count_distribution([0.5, 0.5]) == [0.25, 0.5, 0.25]
    assert (city["expected"], city["low"], city["high"]) == (1.0, 0, 2)
    assert city["p_target"] is None  # no targets for that year


@pytest.mark.django_db
def test_the_city_range_comes_from_every_building_and_is_narrower_than_the_sum_of_district_ranges():
    districts = [f.DistrictFactory(name=name) for name in ("姑苏区", "吴中区", "相城区", "吴江区", "工业园区")]
    rows = [_row(10 * i + k, d.pk, 0.5) for i, d in enumerate(districts) for k in range(10)]
    for d in districts:
        f.AnnualTargetFactory(year=2031, district=d, new_100m=5, cumulative_100m=6)
    by_district = forecast.district_forecast(2031, 6, rows)
    city = forecast.city_forecast(2031, 6, rows)["cumulative"]
    assert math.isclose(city["expected"], sum(d["cumulative"]["expected"] for d in by_district.values()))
    summed = (sum(d["cumulative"]["low"] for d in by_district.values()), sum(d["cumulative"]["high"] for d in by_district.values()))
    assert summed == (15, 35)  # each district Binomial(10, ½): 3–7
    assert (city["low"], city["high"]) == (20, 30)  # Binomial(50, ½): the 10 % and 90 % quantiles
    assert city["high"] - city["low"] < summed[1] - summed[0]
    assert math.isclose(city["p_target"], sum(forecast.count_distribution([0.5] * 50)[30:]))  # city target: 5 × 6


def _month_tax(enterprise, year, monthly):
    for month, amount in enumerate(monthly, start=1):
        f.TaxRecordFactory(enterprise=enterprise, period=dt.date(year, month, 1), total_tax=Decimal(amount))


@pytest.mark.django_db
def test_last_years_seasonality_scaled_by_this_years_growth_projects_the_rest():
    building = f.BuildingFactory()
    firm = f.EnterpriseFactory()
    f.TenancyFactory(enterprise=firm, building=building, move_in=dt.date(2020, 1, 1))
    last = [5_000_000] * 6 + [10_000_000] * 6  # a second half twice as strong
    _month_tax(firm, 2023, last)
    _month_tax(firm, 2024, [6_000_000] * 6)  # +20 % so far
    compute()
    [row] = forecast.forecast_buildings(2024, 6)
    assert row.ytd == 36_000_000
    assert math.isclose(row.expected, 36_000_000 + 60_000_000 * 1.2)  # 108,000,000: over 1亿
    assert row.p[1] > 0.5 and row.low < row.expected < row.high
    district = forecast.district_forecast(2024, 6)[building.district_id]
    assert math.isclose(district["cumulative"]["expected"], row.p[1])


@pytest.mark.django_db
def test_per_building_rows_follow_the_permission_module():
    building = f.BuildingFactory()
    firm = f.EnterpriseFactory()
    f.TenancyFactory(enterprise=firm, building=building, move_in=dt.date(2020, 1, 1))
    _month_tax(firm, 2024, [1_000_000] * 6)
    compute()
    rows = forecast.forecast_buildings(2024, 6)
    assert forecast.visible_rows(f.city_admin(), rows) == rows
    assert forecast.visible_rows(None, rows) == []


def test_the_docs_state_the_backtest_bounds():
    text = DOCS.read_text(encoding="utf-8")
    for months, bounds in forecast.BACKTEST_BOUNDS.items():
        assert f"1–{months} 月" in text
        assert f"{bounds['median_ape']:.0%}" in text and f"{bounds['district_cumulative_mae']}" in text


@pytest.mark.django_db
def test_backtest_on_the_demo_data_stays_under_the_documented_bounds_and_the_cut_year_is_forecast():
    from django.db.models import Max

    from louyu.demo import generate_demo_data
    from louyu.enterprises.models import TaxRecord

    generate_demo_data(seed=2023, scale=0.2, as_of="2024-06")  # 2023 whole, 2024 to June (demo-data --as-of)
    compute()
    assert TaxRecord.objects.aggregate(m=Max("period"))["m"] == dt.date(2024, 6, 1)
    for months, bounds in forecast.BACKTEST_BOUNDS.items():
        result = forecast.backtest(2023, months)
        assert result["buildings"] > 200
        assert result["median_ape"] <= bounds["median_ape"], result
        assert result["district_cumulative_mae"] <= bounds["district_cumulative_mae"], result
    districts = forecast.district_forecast(2024, 6)
    assert len(districts) == 10
    assert all(d["cumulative"]["low"] <= d["cumulative"]["high"] for d in districts.values())
    assert all(d["cumulative"]["p_target"] is not None for d in districts.values())  # demo 2024 targets in force
    city = forecast.city_forecast(2024, 6)
    for key in ("cumulative", "new"):
        widths = sum(d[key]["high"] - d[key]["low"] for d in districts.values())
        assert city[key]["high"] - city[key]["low"] < widths
        assert math.isclose(city[key]["expected"], sum(d[key]["expected"] for d in districts.values()))

"""The listing staleness, vacancy consistency and filing deadline rules, as the configuration states them."""
import datetime as dt
from decimal import Decimal

from louyu.investment import config, rules
from louyu.investment.models import ListingStatus

CONFIRMED = dt.date(2024, 1, 1)


def _status(days, status=ListingStatus.AVAILABLE):
    return rules.listing_status_on(status=status, confirmed_on=CONFIRMED, today=CONFIRMED + dt.timedelta(days=days))


def test_a_listing_confirmed_within_60_days_stays_available():
    assert _status(59) == ListingStatus.AVAILABLE


def test_a_listing_not_confirmed_for_60_days_is_stale_then_withdrawn_30_days_later():
    assert _status(60) == ListingStatus.STALE
    assert _status(89) == ListingStatus.STALE
    assert _status(90) == ListingStatus.WITHDRAWN


def test_the_staleness_period_is_configuration():
    with config.override(listing={"stale_after_days": 30}):
        assert _status(30) == ListingStatus.STALE


def test_a_leased_unit_is_never_marked_stale():
    assert _status(400, ListingStatus.LEASED) == ListingStatus.LEASED


def test_a_large_gap_between_listed_and_reported_vacancy_is_flagged():
    # 3,000㎡ listed but the report says 1,000㎡ vacant: 2,000㎡ apart, two thirds of the larger figure.
    assert rules.vacancy_gap_is_large(rules.VacancyGap(Decimal(3000), Decimal(1000), dt.date(2024, 3, 1)))


def test_a_small_gap_is_not_flagged():
    assert not rules.vacancy_gap_is_large(rules.VacancyGap(Decimal(1200), Decimal(1000), dt.date(2024, 3, 1)))
    # 40% apart but only 400㎡: under the absolute threshold.
    assert not rules.vacancy_gap_is_large(rules.VacancyGap(Decimal(1000), Decimal(600), dt.date(2024, 3, 1)))

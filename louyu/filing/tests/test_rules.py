"""The filing deadline rules, as the configuration states them."""
import datetime as dt

from louyu.filing import rules
from louyu.investment import config


def test_a_monthly_report_is_due_on_the_10th_of_the_next_month():
    assert rules.filing_deadline(dt.date(2024, 3, 1)) == dt.date(2024, 4, 10)
    assert rules.filing_deadline(dt.date(2024, 12, 1)) == dt.date(2025, 1, 10)
    with config.override(filing={"deadline_day": 15}):
        assert rules.filing_deadline(dt.date(2024, 3, 1)) == dt.date(2024, 4, 15)


def test_a_report_submitted_after_the_deadline_or_missing_past_it_is_late():
    march = dt.date(2024, 3, 1)
    assert not rules.filing_is_late(period=march, submitted_on=dt.date(2024, 4, 10), today=dt.date(2024, 5, 1))
    assert rules.filing_is_late(period=march, submitted_on=dt.date(2024, 4, 11), today=dt.date(2024, 5, 1))
    assert not rules.filing_is_late(period=march, submitted_on=None, today=dt.date(2024, 4, 10))
    assert rules.filing_is_late(period=march, submitted_on=None, today=dt.date(2024, 4, 11))


def test_operators_report_the_month_just_ended():
    assert rules.reporting_period(dt.date(2024, 4, 3)) == dt.date(2024, 3, 1)
    assert rules.reporting_period(dt.date(2024, 1, 31)) == dt.date(2023, 12, 1)

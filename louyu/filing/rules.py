"""楼宇填报 rules: which month is being reported and when it is due (the city's configuration)."""
from __future__ import annotations

import datetime as dt

from louyu.investment import config


def previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def next_month(period: dt.date) -> dt.date:
    return (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def reporting_period(today: dt.date) -> dt.date:
    """Operators report the month just ended."""
    return previous_month(today)


def filing_deadline(period: dt.date) -> dt.date:
    """A month's report is due on the configured day (default the 10th) of the following month."""
    return next_month(period).replace(day=config.settings()["filing"]["deadline_day"])


def filing_is_late(*, period: dt.date, submitted_on: dt.date | None, today: dt.date) -> bool:
    """Late: submitted after the deadline, or not submitted and the deadline has passed."""
    return (submitted_on or today) > filing_deadline(period)

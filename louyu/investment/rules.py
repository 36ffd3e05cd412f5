"""招商 rules as small functions, each named after what the policy practice says, each with its own test.

- a listing not confirmed for `stale_after_days` is 待确认; `withdraw_after_stale_days` later it is 下架;
- a building's listed vacant area far from its latest operation report's vacancy is flagged to the district;
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from . import config
from .models import ListingStatus


def listing_status_on(*, status: str, confirmed_on: dt.date, today: dt.date) -> str:
    """What a listing's status should be on `today` given when it was last confirmed (leased stays leased)."""
    if status in (ListingStatus.LEASED, ListingStatus.WITHDRAWN):
        return status
    rules = config.settings()["listing"]
    age = (today - confirmed_on).days
    if age >= rules["stale_after_days"] + rules["withdraw_after_stale_days"]:
        return ListingStatus.WITHDRAWN
    if age >= rules["stale_after_days"]:
        return ListingStatus.STALE
    return ListingStatus.AVAILABLE


@dataclass(frozen=True)
class VacancyGap:
    listed: Decimal  # ㎡ listed as vacant (available or stale)
    reported: Decimal  # ㎡ vacant by the latest report: leasable − leased
    period: dt.date

    @property
    def difference(self) -> Decimal:
        return self.listed - self.reported


def vacancy_gap_is_large(gap: VacancyGap) -> bool:
    """Large when the difference exceeds both the absolute and the relative threshold (of the larger figure)."""
    rules = config.settings()["consistency"]
    diff = abs(gap.difference)
    base = max(gap.listed, gap.reported)
    return diff >= Decimal(str(rules["min_difference_m2"])) and (base == 0 or diff / base >= Decimal(str(rules["min_difference_share"])))

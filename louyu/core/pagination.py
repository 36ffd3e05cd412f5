"""Pages of lists that can hold millions of rows (a province's enterprises and alerts, the audit trail).

A list counts its rows exactly up to COUNT_CAP and, past it, says so ("10,000 条以上") and pages up to the cap.
Counting 900,000 enterprises on every view of the list cost 47 ms of its 65 at province scale (×100); nobody
pages through them — the filters and the export do that. Under the cap, counts are exact as before."""
from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


def count_up_to(rows, cap: int = COUNT_CAP) -> int:
    """The number of `rows` (a queryset or a list), counting at most cap + 1: more than `cap` means "over"."""
    if hasattr(rows, "order_by"):
        return rows.order_by()[: cap + 1].count()  # no ORDER BY: a count needs none, and a sort is the cost
    return len(rows)


class CappedPaginator(Paginator):
    cap = COUNT_CAP

    @cached_property
    def seen(self) -> int:
        return count_up_to(self.object_list, self.cap)

    @property
    def count(self) -> int:
        return min(self.seen, self.cap)

    @property
    def capped(self) -> bool:
        """More rows than the pages reach (the page says so and asks for a filter)."""
        return self.seen > self.cap


def page_of(rows, per_page: int, number) -> object:
    """The page `number` of `rows` (Django's get_page: out-of-range numbers give the nearest page)."""
    return CappedPaginator(rows, per_page).get_page(number)


def count_label(rows, cap: int = COUNT_CAP) -> str:
    """A count as a badge shows it: "1,234", or "10,000+" past the cap."""
    n = count_up_to(rows, cap)
    return f"{cap:,}+" if n > cap else f"{n:,}"

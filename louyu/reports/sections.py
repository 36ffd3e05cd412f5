"""Sections of a report that the page-level apps above louyu.reports contribute (teams, events and the
mechanism rules, service points and 党建, the evaluation).

The layers put reports below those apps, so a report never imports them: reports defines the slots (and where
each appears in the book, in documents/), and an app provides a slot's content from its AppConfig.ready()
with `section_provide`, reading its own selectors. A slot without a provider, or whose provider finds no rows,
is one sentence in the book — never a table of zeros."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import blocks as b

# slot key → the register as the sentence for a missing or empty slot names it
SLOTS: dict[str, str] = {
    "teams": "招商运营团队",
    "events": "活动",
    "mechanisms": "工作机制执行",
    "service_points": "政务服务进楼宇",
    "party": "楼宇党组织",
    "evaluation": "地区评价",
}


@dataclass(frozen=True)
class Section:
    # (year, district or None) → the blocks; an empty list when the register has no rows for them
    build: Callable[[int, object], list]
    # (year, district or None) → how many rows the slot reports (None: the slot does not count rows)
    rows: Callable[[int, object], int] | None = None


PROVIDERS: dict[str, Section] = {}


def section_provide(key: str, build: Callable[[int, object], list], *, rows: Callable[[int, object], int] | None = None) -> None:
    """A page-level app fills slot `key` (from its AppConfig.ready())."""
    if key not in SLOTS:
        raise KeyError(f"unknown report slot {key!r}; slots: {', '.join(SLOTS)}")
    PROVIDERS[key] = Section(build, rows)


def missing_sentence(key: str) -> str:
    return f"本年度尚无{SLOTS[key]}记录（平台尚未启用该登记簿，数据来源待接入）。"


def empty_sentence(key: str) -> str:
    return f"本年度尚无{SLOTS[key]}记录。"


def section_rows(key: str, year: int, district=None) -> int | None:
    """The slot's row count for `year`; None when no app provides it (or it does not count rows)."""
    provider = PROVIDERS.get(key)
    if provider is None or provider.rows is None:
        return None
    return provider.rows(year, district)


def section_blocks(key: str, year: int, district=None) -> list:
    """The slot's content, or the sentence that says why there is none."""
    provider = PROVIDERS.get(key)
    if provider is None:
        return [b.Paragraph(missing_sentence(key), "note")]
    if provider.rows is not None and not provider.rows(year, district):
        return [b.Paragraph(empty_sentence(key))]
    return provider.build(year, district) or [b.Paragraph(empty_sentence(key))]

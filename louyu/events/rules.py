"""三(五) 工作机制 as rules: one small function per rule, registered by the code the city's configuration uses
(cities/<city>/mechanisms.json). Each judges every period of a year:

- 达标: at least `minimum` events of the rule's kinds were held in the period (up to the day asked);
- 进行中: not yet met and the period is not over on the day asked (its last day counts as not over);
- 未达标: the period is over without enough events.

District events count for the city-wide rules (推介活动 "全市各地"), unless the rule says `city_only`
(市级楼宇发展大会, the city's blue book).
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from louyu.geo.reference import cities_dir, current_city_slug

MET, MISSED, IN_PROGRESS = "达标", "未达标", "进行中"


@dataclass(frozen=True)
class Period:
    label: str  # 2023年1-2月, 2023年上半年, 2023年
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class RuleSettings:
    code: str
    label: str  # 推介活动每双月 …
    kinds: tuple[str, ...]
    period: str  # bimonth | half | year
    minimum: int = 1
    city_only: bool = False


@dataclass
class Judgement:
    rule: str  # the rule's label
    code: str
    period: Period
    status: str
    events: list = field(default_factory=list)  # the events counted

    @property
    def basis(self) -> str:
        return "；".join(f"{e.held_on:%Y-%m-%d} {e.region} {e.name}" for e in self.events)


def bimonths(year: int) -> list[Period]:
    out = []
    for first in range(1, 13, 2):
        last_day = calendar.monthrange(year, first + 1)[1]
        out.append(Period(f"{year}年{first}-{first + 1}月", dt.date(year, first, 1), dt.date(year, first + 1, last_day)))
    return out


def halves(year: int) -> list[Period]:
    return [Period(f"{year}年上半年", dt.date(year, 1, 1), dt.date(year, 6, 30)),
            Period(f"{year}年下半年", dt.date(year, 7, 1), dt.date(year, 12, 31))]


def whole_year(year: int) -> list[Period]:
    return [Period(f"{year}年", dt.date(year, 1, 1), dt.date(year, 12, 31))]


PERIODS: dict[str, Callable[[int], list[Period]]] = {"bimonth": bimonths, "half": halves, "year": whole_year}


def status_of(count: int, minimum: int, period: Period, today: dt.date) -> str:
    if count >= minimum:
        return MET
    return IN_PROGRESS if period.end >= today else MISSED


def judge(settings: RuleSettings, year: int, *, today: dt.date, events) -> list[Judgement]:
    """The rule's periods of `year`, each with the events (held by `today`) that count for it."""
    out = []
    for period in PERIODS[settings.period](year):
        counted = [e for e in events if e.kind in settings.kinds and period.start <= e.held_on <= min(period.end, today)
                   and not (settings.city_only and e.district_id)]
        counted.sort(key=lambda e: (e.held_on, e.pk or 0))
        out.append(Judgement(settings.label, settings.code, period, status_of(len(counted), settings.minimum, period, today), counted))
    return out


RULES: dict[str, Callable] = {}


def rule(code: str):
    def register(fn):
        RULES[code] = fn
        return fn
    return register


@rule("promotion_every_two_months")
def promotion_events_every_two_months(settings, year, *, today, events):
    """推介活动: 每两个月至少举办一次（全市各地的活动都计入）。"""
    return judge(settings, year, today=today, events=events)


@rule("joint_meeting_every_half_year")
def joint_meeting_every_half_year(settings, year, *, today, events):
    """联席会议: 每半年至少召开一次。"""
    return judge(settings, year, today=today, events=events)


@rule("conference_every_year")
def city_conference_every_year(settings, year, *, today, events):
    """市级楼宇发展大会: 每年至少举办一次。"""
    return judge(settings, year, today=today, events=events)


@rule("bluebook_every_year")
def bluebook_every_year(settings, year, *, today, events):
    """楼宇经济蓝皮书: 每年发布一次（登记为“蓝皮书发布”）。"""
    return judge(settings, year, today=today, events=events)


@lru_cache(maxsize=8)
def _load(slug: str) -> tuple[RuleSettings, ...]:
    path = cities_dir() / slug / "mechanisms.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"rules": {}}
    out = []
    for code, cfg in data.get("rules", {}).items():
        if code not in RULES:
            raise ValueError(f"{path}: 未知的工作机制规则“{code}”（可选：{'、'.join(RULES)}）")
        if cfg.get("period") not in PERIODS:
            raise ValueError(f"{path}: 规则“{code}”的 period 应为 {'、'.join(PERIODS)}")
        out.append(RuleSettings(code=code, label=cfg["label"], kinds=tuple(cfg["kinds"]), period=cfg["period"],
                                minimum=int(cfg.get("minimum", 1)), city_only=bool(cfg.get("city_only", False))))
    return tuple(out)


def configured() -> tuple[RuleSettings, ...]:
    """The rules the current city configures, in its file's order."""
    return _load(current_city_slug())


def compliance(year: int, *, today: dt.date, events) -> list[Judgement]:
    """Every configured rule judged for every period of `year`."""
    events = list(events)
    return [j for settings in configured() for j in RULES[settings.code](settings, year, today=today, events=events)]

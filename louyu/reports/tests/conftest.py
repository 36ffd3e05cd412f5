"""A small city for the report tests (not the demo): two districts, four buildings, 2022–2023 monthly tax,
the reference 附件1 targets, a renovation and a key task; facts computed by the engine."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from louyu.factories import KeyTaskFactory, RenovationProjectFactory, district
from louyu.indicators.tests.scenario import building, compute, enterprise, split_year, tax, tenancy


@dataclass
class SmallCity:
    year: int = 2023
    buildings: dict = field(default_factory=dict)


def build_small_city() -> SmallCity:
    city = SmallCity()
    gusu, huqiu = district("姑苏区"), district("虎丘区")
    plan = {  # building: (district, 2022 tax, 2023 tax)
        "观前金融大厦": (gusu, "150000000.00", "160000000.00"),  # 亿元楼宇 both years: cumulative, not new
        "平江商务中心": (gusu, "60000000.00", "120000000.00"),  # crosses in 2023: new
        "狮山国际广场": (huqiu, "520000000.00", "540000000.00"),  # 5亿元级
        "运河科技楼": (huqiu, "20000000.00", "15000000.00"),  # small, falling
    }
    for name, (dist, y22, y23) in plan.items():
        b = building(name=name, district=dist)
        for industry in ("6621", "6513"):
            e = enterprise(industry=industry)
            tenancy(e, b, move_in=dt.date(2020, 1, 1))
            tax(e, 2022, split_year(str(int(float(y22)) // 2) + ".00"))
            tax(e, 2023, split_year(str(int(float(y23)) // 2) + ".00"))
        city.buildings[name] = b
    # 附件1 targets of 2023 are the city's reference data (loaded for every test session).
    RenovationProjectFactory(building=city.buildings["运河科技楼"], status="completed", completion_date=dt.date(2023, 9, 30),
                             start_date=dt.date(2023, 1, 10), is_demonstration=True)
    KeyTaskFactory(seq=1, area="完善工作机制", task="建立楼宇经济联席会议制度", deadline_text="2023 年 6 月底前",
                   deadline=dt.date(2023, 6, 30))
    compute()
    return city


_made: dict = {}


@pytest.fixture
def generated(db, tmp_path_factory):
    """Generate the documents once per test session and builder: `fn(city, out_dir)` returns what the tests read
    (files and the engine's figures captured from the same data), so later tests need no database at all."""
    def make(fn):
        key = f"{fn.__module__}.{fn.__qualname__}"
        if key not in _made:
            _made[key] = fn(build_small_city(), Path(tmp_path_factory.mktemp("reports")))
        return _made[key]
    return make

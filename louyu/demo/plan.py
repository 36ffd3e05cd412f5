"""The building register of the demo city: buildings per district (exactly 附件1's count of ≥1万㎡ buildings
completed by 2022), smaller and newer ones, the pipeline, new-building and renovation projects.

Nothing here depends on --scale: the same seed gives the same buildings at every scale.
"""
from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from .addresses import ABBREVIATIONS, ROADS
from .names import NameBook

OPERATING, RENOVATING, PLANNED, UNDER_CONSTRUCTION = "operating", "renovating", "planned", "under_construction"
TENANTED = (OPERATING, RENOVATING)
AREA_10K = 10_000
# Typical 全口径税收 per ㎡ of occupied office space per year (元), by district.
TAX_PER_M2 = {"工业园区": 900, "虎丘区": 550, "姑苏区": 450, "吴中区": 450, "相城区": 600, "吴江区": 350, "昆山市": 450,
              "张家港市": 550, "常熟市": 350, "太仓市": 350}
RENT = {"工业园区": (3.5, 6.0), "虎丘区": (2.5, 4.2), "姑苏区": (2.5, 4.0), "吴中区": (2.0, 3.5), "相城区": (2.0, 3.5),
        "吴江区": (1.6, 2.8), "昆山市": (1.8, 3.2), "张家港市": (1.6, 2.8), "常熟市": (1.5, 2.6), "太仓市": (1.5, 2.6)}
# Featured categories each district leans to (codes of FeaturedCategory).
FEATURED_LEAN = {
    "工业园区": ["finance", "ip", "rnd", "legal", "finance"], "虎丘区": ["rnd", "ip", "design"],
    "姑苏区": ["legal", "accounting", "design"], "吴中区": ["design", "rnd", "legal", "accounting", "ip", "finance"],
    "相城区": ["finance", "design", "rnd"], "吴江区": ["design", "finance"], "昆山市": ["rnd", "legal", "finance"],
    "张家港市": ["finance", "legal", "accounting"], "常熟市": ["design", "legal"], "太仓市": ["rnd", "accounting"],
}
PARCEL_PREFIX = {"工业园区": "苏园土挂", "虎丘区": "苏新国土", "姑苏区": "苏地", "吴中区": "吴中国土", "相城区": "相城国土",
                 "吴江区": "吴江国土", "昆山市": "昆国土", "张家港市": "张地", "常熟市": "常国土", "太仓市": "太国土"}


@dataclass
class DistrictInfo:
    pk: int
    name: str
    code: str  # division code, the USCC region
    order: int
    office_10k: int
    new_100m: int
    cumulative_100m: int
    new_featured: int
    renovated: int
    streets: list[str]


@dataclass
class BuildingSpec:
    idx: int
    code: str
    name: str
    district: DistrictInfo
    street: str
    road: str
    number: int
    towers: list[str]
    longitude: float
    latitude: float
    gross_area: float
    office_area: float
    floors: int
    completion_year: int | None
    status: str
    ownership_type: str
    owner: str
    operator: str
    holding: str
    is_key: bool
    tax_per_m2: float
    rent: float
    # Set by the calibration and the population steps.
    role: str = ""  # "A" ≥1亿 from 2022, "N" new in 2023, "R" new in a later year, "" below throughout
    levels: dict = field(default_factory=dict)  # year → target annual tax (元) for targets
    featured: str = ""  # FeaturedCategory code when the building is built up as a featured building
    cluster: bool = False  # a 集群登记 address (many registered-only enterprises)
    reports: bool = False  # files monthly operation reports
    aliases: list = field(default_factory=list)

    @property
    def address(self) -> str:
        return f"{self.road}{self.number}号"

    @property
    def counts_10k(self) -> bool:
        """附件1's column: ≥1万㎡ office space, completed by 2022, in use."""
        return (self.office_area >= AREA_10K and self.completion_year is not None and self.completion_year <= 2022
                and self.status in TENANTED)

    @property
    def open_from(self) -> dt.date | None:
        if self.completion_year is None or self.status not in TENANTED:
            return None
        return dt.date(self.completion_year, 7, 1) if self.completion_year >= 2010 else dt.date(2010, 1, 1)


@dataclass
class ProjectSpec:
    code: str
    name: str
    district: DistrictInfo
    street: str
    parcel: str
    address: str
    planned_area: float
    planned_office_area: float
    total_investment: float
    start_date: dt.date
    expected_completion: dt.date
    progress: str
    progress_percent: int
    building: BuildingSpec | None


@dataclass
class RenovationSpec:
    code: str
    building: BuildingSpec
    content: str
    investment: float
    start_date: dt.date
    completion_date: dt.date | None
    status: str
    is_demonstration: bool


RENOVATION_CONTENT = ["外立面及公共区域改造", "机电设备更新、智慧楼宇系统升级", "大堂、电梯及卫生间品质提升", "节能改造（空调、照明、光伏）",
                      "停车及配套设施完善，增设政务服务点", "消防设施更新与无障碍改造", "绿色建筑改造及能耗监测平台建设"]


class Planner:
    def __init__(self, rng: random.Random, names: NameBook, districts: list[DistrictInfo], last_year: int = 2024):
        self.rng, self.names, self.districts = rng, names, districts
        self.last_year = last_year  # the demo's last year: what is still to come starts after it
        self.buildings: list[BuildingSpec] = []
        self.projects: list[ProjectSpec] = []
        self.renovations: list[RenovationSpec] = []
        self.numbers: dict[str, set[int]] = {}  # road → house numbers taken
        self.seq: dict[str, int] = {}

    def run(self):
        for district in self.districts:
            self._district(district)
        return self.buildings, self.projects, self.renovations

    # -- buildings --------------------------------------------------------------------------------
    def house_number(self, road: str) -> int:
        taken = self.numbers.setdefault(road, set())
        while True:
            n = self.rng.randint(1, 600) * 2 - self.rng.randint(0, 1)
            if n not in taken:
                taken.add(n)
                return n

    def _building(self, d: DistrictInfo, *, office_area: float, year: int | None, status: str, small: bool, key_p: float):
        rng = self.rng
        road, street, lng, lat = rng.choice(ROADS[d.name])
        if d.streets and street not in d.streets:
            street = d.streets[sum(map(ord, road)) % len(d.streets)]
        name, towers = self.names.building_name(d.name, small, road)
        angle, dist = rng.uniform(0, 2 * math.pi), rng.uniform(0, 0.008)
        seq = self.seq[d.name] = self.seq.get(d.name, 0) + 1
        ownership = rng.choices(["state", "private", "foreign", "mixed", "collective"], weights=[35, 45, 8, 10, 2])[0]
        plate = rng.uniform(1100, 2400)
        gross = office_area * rng.uniform(1.12, 1.55)
        b = BuildingSpec(
            idx=len(self.buildings), code=f"SZ-{ABBREVIATIONS[d.name]}-{seq:04d}", name=name, district=d, street=street,
            road=road, number=self.house_number(road), towers=towers,
            longitude=round(lng + dist * math.cos(angle) + rng.gauss(0, 0.0008), 6),
            latitude=round(lat + dist * math.sin(angle) * 0.85 + rng.gauss(0, 0.0008), 6),
            gross_area=round(gross, 2), office_area=round(office_area, 2), floors=max(4, min(68, round(gross / plate))),
            completion_year=year, status=status, ownership_type=ownership,
            owner=f"{rng.choice(['苏州', '江苏'])}{self.names.brand()}置业有限公司" if ownership != "state"
            else f"苏州{self.names.brand()}城市发展集团有限公司",
            operator=f"苏州{self.names.brand()}{rng.choice(['商业管理', '物业管理', '资产运营'])}有限公司",
            holding="single_owner" if rng.random() < (0.75 if ownership in ("state", "foreign") else 0.45) else "strata",
            is_key=rng.random() < key_p, tax_per_m2=TAX_PER_M2[d.name] * rng.uniform(0.6, 1.5),
            rent=round(rng.uniform(*RENT[d.name]), 2),
        )
        if rng.random() < 0.2:  # the names people also use: a short form, or the road and number
            short = name.replace("国际", "").replace("商务", "")
            b.aliases = [short if short != name else f"{road}{b.number}号楼"]
        self.buildings.append(b)
        return b

    def _big_area(self, d: DistrictInfo) -> float:
        factor = 1.25 if d.name == "工业园区" else 1.0
        while True:
            area = self.rng.lognormvariate(math.log(24_000 * factor), 0.6)
            if 10_100 <= area <= 160_000:
                return area

    def _year(self, d: DistrictInfo) -> int:
        lo, hi = {"姑苏区": (1995, 2016), "相城区": (2008, 2022), "工业园区": (2000, 2022)}.get(d.name, (1998, 2022))
        return min(hi, max(lo, round(self.rng.triangular(lo, hi + 1, hi - 4))))

    def _district(self, d: DistrictInfo):
        rng = self.rng
        for _ in range(d.office_10k):
            self._building(d, office_area=self._big_area(d), year=self._year(d), status=OPERATING, small=False, key_p=0.85)
        for _ in range(round(d.office_10k * 0.45) + 3):
            self._building(d, office_area=rng.uniform(2_500, 9_800), year=self._year(d), status=OPERATING, small=True,
                           key_p=0.1)
        completed = []
        for _ in range(1 + round(d.office_10k * 0.06)):
            big = rng.random() < 0.7
            area = self._big_area(d) if big else rng.uniform(3_000, 9_800)
            completed.append(self._building(d, office_area=area, year=rng.choice([2023, 2024]), status=OPERATING,
                                            small=not big, key_p=0.5))
        pipeline = [
            self._building(d, office_area=self._big_area(d), year=None, status=rng.choice([PLANNED, UNDER_CONSTRUCTION]),
                           small=False, key_p=0.3)
            for _ in range(2 + (d.office_10k > 40))
        ]
        self._projects(d, completed, pipeline)
        self._renovations(d)

    # -- projects ---------------------------------------------------------------------------------
    def _projects(self, d: DistrictInfo, completed: list[BuildingSpec], pipeline: list[BuildingSpec]):
        rng = self.rng
        total = max(len(completed) + len(pipeline), rng.randint(3, 8))
        specs: list[tuple[BuildingSpec | None, str]] = [(b, "completed") for b in completed]
        specs += [(b, "under_construction" if b.status == UNDER_CONSTRUCTION else "preparation") for b in pipeline]
        specs += [(None, "preparation")] * (total - len(specs))
        for seq, (b, progress) in enumerate(specs, start=1):
            if b is not None and progress == "completed":
                expected = dt.date(b.completion_year, rng.randint(1, 12), rng.randint(1, 28))
                start = expected.replace(year=expected.year - rng.randint(2, 4))
                percent = 100
            elif progress == "under_construction":
                start = dt.date(rng.randint(2021, 2023), rng.randint(1, 12), rng.randint(1, 28))
                expected = dt.date(rng.randint(self.last_year + 1, self.last_year + 2), rng.randint(1, 12), 28)
                progress = rng.choice(["under_construction", "topped_out"])
                percent = rng.randint(30, 60) if progress == "under_construction" else rng.randint(65, 92)
            else:
                start = dt.date(rng.randint(self.last_year, self.last_year + 1), rng.randint(1, 12), rng.randint(1, 28))
                expected = dt.date(start.year + rng.randint(2, 4), rng.randint(1, 12), 28)
                percent = rng.randint(0, 10)
            office = b.office_area if b else rng.uniform(15_000, 90_000)
            area = b.gross_area if b else office * rng.uniform(1.2, 1.6)
            road = b.road if b else rng.choice(ROADS[d.name])[0]
            parcel = f"{PARCEL_PREFIX[d.name]}{start.year - rng.randint(0, 2)}-WG-{rng.randint(1, 40):02d}号地块"
            self.projects.append(ProjectSpec(
                code=f"NP-{ABBREVIATIONS[d.name]}-{seq:03d}", name=f"{b.name}项目" if b else f"{parcel.replace('地块', '')}商务办公项目",
                district=d, street=b.street if b else "", parcel=parcel, address=b.address if b else f"{road}与{rng.choice(ROADS[d.name])[0]}交叉口",
                planned_area=round(area, 2), planned_office_area=round(office, 2),
                total_investment=round(area * rng.uniform(8_000, 15_000), -4), start_date=start, expected_completion=expected,
                progress=progress, progress_percent=percent, building=b,
            ))

    def _renovations(self, d: DistrictInfo):
        """附件1's 改造存量楼宇 are the projects completed in 2023; others are planned, under way or done in a
        later complete year."""
        rng = self.rng
        old = sorted((b for b in self.buildings if b.district is d and b.counts_10k and b.completion_year <= 2010),
                     key=lambda b: (b.completion_year, b.idx))
        pool = old or [b for b in self.buildings if b.district is d and b.counts_10k]
        n = min(4, max(1, d.renovated + rng.randint(1, 2)))
        chosen = rng.sample(pool, min(n, len(pool)))
        kinds = ["done2023"] * d.renovated + [rng.choice(["in_progress", "planned", "done2024"]) for _ in range(n)]
        for seq, (b, kind) in enumerate(zip(chosen, kinds), start=1):
            start = dt.date(2023 if kind != "done2023" else 2022, rng.randint(1, 12), rng.randint(1, 28))
            if kind == "done2023":
                start, done, status = dt.date(2022, rng.randint(3, 12), rng.randint(1, 28)), dt.date(2023, rng.randint(3, 12), rng.randint(1, 28)), "completed"
            elif kind == "done2024":
                year = rng.randint(2024, max(2024, self.last_year - 1))
                done, status = dt.date(year, rng.randint(2, 12), rng.randint(1, 28)), "completed"
            elif kind == "in_progress":
                done, status = None, "in_progress"
                b.status = RENOVATING
            else:
                start, done, status = dt.date(self.last_year + 1, rng.randint(1, 6), 1), None, "planned"
            self.renovations.append(RenovationSpec(
                code=f"RP-{ABBREVIATIONS[d.name]}-{seq:03d}", building=b, content="；".join(rng.sample(RENOVATION_CONTENT, 2)),
                investment=round(b.office_area * rng.uniform(300, 1_200), -4), start_date=start, completion_date=done,
                status=status, is_demonstration=kind == "done2023" and rng.random() < 0.6,
            ))

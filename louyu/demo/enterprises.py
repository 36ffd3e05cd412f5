"""Enterprise attributes: an industry that fits the building, a name that fits the industry, a valid USCC,
a registered address pointing at the registered building, founding date, capital, staff and flags."""
from __future__ import annotations

import datetime as dt
import random

from louyu.enterprises.uscc import uscc_make

from .addresses import ROADS, Place, format_address
from .names import CITY_PREFIX, DISTRICT_EMPHASIS, GROUP_MIX, INDUSTRIES, INDUSTRY_BY_CODE, TAX_MULTIPLIER, Industry, NameBook
from .population import END, PO, RO, Ent, Occ

D1992 = dt.date(1992, 1, 1).toordinal()
FEATURED_SHARE = 0.75  # a featured building keeps at least this share of its tenants in its category
ANCHOR_LEAN = {
    "工业园区": {"6621": 3, "6712": 2, "6920": 2, "7211": 2, "6513": 2, "6811": 1, "6820": 1, "3973": 1},
    "张家港市": {"5164": 3, "5181": 2, "6621": 2, "7211": 2, "6920": 1},
    "相城区": {"6920": 3, "7212": 3, "5181": 2, "6621": 1},
}
# Registered outside Suzhou, working here (仅办公): address, division code, the city word in the name.
OUTSIDE = [("上海市浦东新区张江路{n}号", "310115", "上海"), ("南京市建邺区江东中路{n}号", "320105", "南京"),
           ("无锡市新吴区长江路{n}号", "320214", "无锡"), ("上海市闵行区虹梅路{n}号", "310112", "上海"),
           ("杭州市滨江区江南大道{n}号", "330108", "杭州")]
BRANCH_WORDS = ("分行", "支行", "分公司", "营业部", "分所", "营销服务部", "分理处")


class EnterpriseBuilder:
    def __init__(self, rng: random.Random, names: NameBook, occs: list[Occ], ents: list[Ent], *,
                 categories: dict[str, tuple[str, ...]], industry_codes: set[str], road_numbers: dict[str, set[int]],
                 mean_unit_area: float, last_year: int = 2024):
        missing = sorted({i.code for i in INDUSTRIES} - industry_codes)
        if missing:
            raise ValueError(f"行业代码表缺少演示数据所需的小类：{'、'.join(missing)}（请先运行 louyu init）")
        self.rng, self.names, self.occs, self.ents = rng, names, occs, ents
        self.categories, self.road_numbers, self.mean_unit_area = categories, road_numbers, mean_unit_area
        self.serials: set[int] = set()
        self.dec31 = [dt.date(y, 12, 31).toordinal() for y in range(2023, last_year + 1)]  # year-ends that matter
        self._mix_weights: dict[str, list[float]] = {}
        self.by_category = {
            cat: [i for i in INDUSTRIES if any(i.code.startswith(p) for p in prefixes)]
            for cat, prefixes in categories.items()
        }

    def category_of(self, code: str) -> str:
        for cat, prefixes in self.categories.items():
            if any(code.startswith(p) for p in prefixes):
                return cat
        return ""

    def run(self):
        for ent in self.ents:
            ent.home = self._home(ent)
            if ent.district is None:
                reg = self._registered_occ(ent)
                ent.district = (reg.building if reg else ent.home).district
            self._industry(ent)
        self._featured_fixup()
        for ent in self.ents:
            self._identity(ent)

    # -- where ------------------------------------------------------------------------------------
    def _home(self, ent: Ent):
        occs = [self.occs[j] for j in ent.occs]
        if not occs:
            return None
        for day in self.dec31:
            for kinds in (("registered_present", PO), (RO,)):
                for o in occs:
                    if o.kind in kinds and o.active_on(day):
                        return o.building
        return occs[-1].building

    def _registered_occ(self, ent: Ent) -> Occ | None:
        regs = [self.occs[j] for j in ent.occs if self.occs[j].kind != PO]
        return max(regs, key=lambda o: o.move_in) if regs else None

    # -- what -------------------------------------------------------------------------------------
    def _pick(self, industries: list[Industry], weights=None) -> Industry:
        return self.rng.choices(industries, weights=weights or [i.weight for i in industries])[0]

    def _mix(self, district: str) -> Industry:
        if district not in self._mix_weights:
            emphasis = DISTRICT_EMPHASIS.get(district, {})
            group_total = {g: sum(x.weight for x in INDUSTRIES if x.group == g) for g in GROUP_MIX}
            self._mix_weights[district] = [
                GROUP_MIX[i.group] * emphasis.get(i.group, 1.0) * i.weight / group_total[i.group] for i in INDUSTRIES
            ]
        return self._pick(list(INDUSTRIES), self._mix_weights[district])

    def _industry(self, ent: Ent):
        if ent.kind == "anchor":
            lean = ANCHOR_LEAN.get(ent.district.name, {"6621": 2, "7211": 2, "7010": 2, "5181": 1, "6513": 1, "6920": 1, "6811": 1})
            industry = INDUSTRY_BY_CODE[self.rng.choices(list(lean), weights=list(lean.values()))[0]]
        elif ent.home is not None and ent.home.featured and self.rng.random() < 0.85:
            industry = self._pick(self.by_category[ent.home.featured])
        else:
            industry = self._mix(ent.district.name)
        ent.industry, ent.group = industry.code, industry.group

    def _featured_fixup(self):
        """Keep each featured building's tenants ≥75 % in its category on every 31 December from 2023."""
        by_building: dict[int, list[Occ]] = {}
        for o in self.occs:
            if o.building.featured:
                by_building.setdefault(o.building.idx, []).append(o)
        for occs in by_building.values():
            cat = occs[0].building.featured
            for day in self.dec31:
                ents = list(dict.fromkeys(o.enterprise for o in occs if o.active_on(day)))
                inside = sum(1 for e in ents if self.category_of(self.ents[e].industry) == cat)
                for e in ents:
                    if inside >= FEATURED_SHARE * len(ents):
                        break
                    ent = self.ents[e]
                    if ent.kind != "anchor" and self.category_of(ent.industry) != cat:
                        industry = self._pick(self.by_category[cat])
                        ent.industry, ent.group = industry.code, industry.group
                        inside += 1

    # -- who --------------------------------------------------------------------------------------
    def _identity(self, ent: Ent):
        rng = self.rng
        industry = INDUSTRY_BY_CODE[ent.industry]
        district = ent.district.name
        reg = self._registered_occ(ent)
        road = (reg or (self.occs[ent.occs[0]] if ent.occs else None))
        road = road.building.road if road else rng.choice(ROADS[district])[0]
        ent.name = self.names.anchor_name(industry, district) if ent.kind == "anchor" else \
            self.names.enterprise_name(industry, district, road)
        region = (reg.building.district if reg else ent.district).code
        if reg is None and ent.kind == "chain" and rng.random() < 0.5 and not any(w in ent.name for w in BRANCH_WORDS):
            template, region, city = rng.choice(OUTSIDE)
            ent.name = self.names.rename(ent.name, CITY_PREFIX[district], city)
            ent.address = template.format(n=rng.randint(1, 1500))
        else:
            ent.address = self._address(ent, reg)
        while True:
            serial = rng.randrange(10**7, 10**8)
            if serial not in self.serials:
                self.serials.add(serial)
                break
        ent.uscc = uscc_make(serial, region=region, kind="31" if "律师事务所" in ent.name else "91")
        first = min((self.occs[j].move_in for j in ent.occs), default=END - rng.randint(200, 5000))
        if ent.kind == "anchor":
            ent.established = rng.randint(dt.date(1995, 1, 1).toordinal(), min(first, dt.date(2012, 12, 31).toordinal()))
        elif first >= dt.date(2021, 1, 1).toordinal() and rng.random() < 0.6:
            ent.established = first - rng.randint(0, 400)
        else:
            ent.established = max(D1992, first - rng.randint(0, 6000))
        ent.established = min(ent.established, first)
        self._size(ent, industry)

    def _address(self, ent: Ent, reg: Occ | None) -> str:
        rng = self.rng
        if reg is not None:
            b = reg.building
            room = reg.room[len(reg.tower):] if reg.tower and reg.room.startswith(reg.tower) else reg.room
            place = Place(b.district.name, b.street, b.road, b.number, b.name, reg.tower, reg.floor_no or None, room,
                          reg.cluster_seat)
            return format_address(place, rng)
        road, street, _, _ = rng.choice(ROADS[ent.district.name])
        taken = self.road_numbers.setdefault(road, set())
        number = rng.randint(1, 1800)
        while number in taken:
            number += 1
        return format_address(Place(ent.district.name, street, road, number), rng) + rng.choice(["", "", "1幢", "2号楼"])

    def _size(self, ent: Ent, industry: Industry):
        rng = self.rng
        areas = [self.occs[j].area for j in ent.occs if self.occs[j].area]
        area = max(areas) if areas else 0.0
        if ent.kind == "anchor":
            ent.employees = rng.randint(150, 3000)
        elif area:
            ent.employees = max(1, round(area / rng.uniform(8, 15) * rng.lognormvariate(0, 0.4)))
        else:
            ent.employees = rng.randint(1, 15)
        if any(w in ent.name for w in BRANCH_WORDS):
            ent.capital = None
        elif "律师事务所" in ent.name or "合伙" in ent.name:
            ent.capital = round(rng.uniform(10, 500), 0)
        else:
            factor = 5 if industry.group in ("finance", "realestate") or ent.kind == "anchor" else 1
            ent.capital = round(rng.lognormvariate(5.7, 1.3) * factor, rng.choice([0, 0, 2, 4]))
        ent.hq = ent.kind == "anchor" and rng.random() < 0.6 or "集团" in ent.name or "（中国）" in ent.name
        ent.listed = industry.code in ("6621", "6712") or (ent.kind == "anchor" and rng.random() < 0.3) or rng.random() < 0.02
        ent.high_tech = industry.group in ("it", "rnd", "techsvc") and rng.random() < 0.3
        ent.tax_level = self._tax_level(ent, industry, area)

    def _tax_level(self, ent: Ent, industry: Industry, area: float) -> float:
        """Expected annual 全口径税收 (元) of an ordinary enterprise: area × the building's tax per ㎡, heavy-tailed."""
        rng = self.rng
        if ent.kind == "anchor":
            return 0.0
        if not area:
            area = self.mean_unit_area * rng.lognormvariate(-1.2, 0.9)
        home = ent.home
        per_m2 = home.tax_per_m2 if home else 300.0
        level = area * per_m2 * TAX_MULTIPLIER[industry.group]
        if home is not None and home.featured and self.category_of(industry.code) != home.featured:
            level *= 0.15  # a featured building's tax is concentrated in its category too
        return level * rng.lognormvariate(-0.6, 1.1)  # mean ≈ 1, long right tail

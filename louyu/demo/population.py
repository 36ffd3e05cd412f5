"""Who is where, when: office space split into units ("slots"), each occupied by a chain of tenants over
time; tenants that leave one building move into another; registered-only and present-only tenancies.

Dates are proleptic ordinals internally (fast arithmetic); tenancies are half-open [move_in, move_out).
A slot holds one tenant at a time, so a building's present area never exceeds its units' total, which
is 70–95 % of its office area.
"""
from __future__ import annotations

import bisect
import datetime as dt
import math
import random
from dataclasses import dataclass, field

from .plan import BuildingSpec

D2010 = dt.date(2010, 1, 1).toordinal()
D2012 = dt.date(2012, 1, 1).toordinal()
D2021 = dt.date(2021, 1, 1).toordinal()
D2023 = dt.date(2023, 1, 1).toordinal()
END = dt.date(2025, 1, 1).toordinal()  # the first demo years' end: founding dates of enterprises without tenancies
YEAR = 365.25
SLOTS_PER_SCALE = 6900  # ordinary units at scale 1 → about 8,000 enterprises
LEAVE_RATE = 0.12  # per year, from 2021 (the register keeps no earlier move-outs)
MOVE_SHARE = 0.6  # of those who leave, the share that moves into another registered building
RP, RO, PO = "registered_present", "registered_only", "present_only"


@dataclass(slots=True)
class Occ:
    """One tenancy in memory."""

    building: BuildingSpec
    move_in: int
    move_out: int | None
    area: float | None
    floor: str
    room: str
    tower: str = ""
    floor_no: int = 0
    kind: str = RP
    enterprise: int = -1
    next: int = -1
    has_prev: bool = False
    slot_free_from: int = 0  # when the unit became free (earliest possible move-in of a mover)
    anchor: bool = False
    cluster_seat: int | None = None

    def active_on(self, day: int) -> bool:
        return self.move_in <= day and (self.move_out is None or self.move_out > day)


@dataclass(slots=True)
class Ent:
    """One enterprise in memory; attributes are filled in by louyu.demo.enterprises."""

    idx: int
    kind: str  # chain / ro / unlocated / anchor
    occs: list[int] = field(default_factory=list)
    district: object = None
    exited_on: int | None = None
    stays_unattributed: bool = False  # left the register but still pays tax in Suzhou
    anchor_of: BuildingSpec | None = None
    anchor_movein: bool = False
    industry: str = ""
    group: str = ""
    name: str = ""
    uscc: str = ""
    address: str = ""
    established: int = 0
    capital: float | None = None
    employees: int | None = None
    hq: bool = False
    listed: bool = False
    high_tech: bool = False
    home: BuildingSpec | None = None
    tax_level: float = 0.0
    window: tuple[int, int] = (0, 0)  # months [a, b) with a tax record (0 = 2021-01)


class Population:
    def __init__(self, rng: random.Random, buildings: list[BuildingSpec], scale: float, until: dt.date = dt.date(2024, 12, 31)):
        self.rng, self.buildings, self.scale = rng, buildings, scale
        # exclusive: nothing happens after the as-of month (a later move would leave an enterprise's district and
        # address pointing at a tenancy the cut removes)
        self.end = until.toordinal() + 1
        self.occs: list[Occ] = []
        self.ents: list[Ent] = []
        self._unit_area = [0.0, 0]  # total area and count of ordinary units

    @property
    def mean_slot_area(self) -> float:
        return self._unit_area[0] / max(1, self._unit_area[1])

    # -- helpers ----------------------------------------------------------------------------------
    def _exp_days(self, mean_days: float) -> int:
        return int(self.rng.expovariate(1.0 / mean_days))

    def _leave(self, move_in: int) -> int | None:
        t = max(move_in, D2021) + int(self.rng.expovariate(LEAVE_RATE) * YEAR)
        return t if t < self.end and t > move_in + 60 else None

    def run(self) -> tuple[list[Occ], list[Ent]]:
        occupiable = [b for b in self.buildings if b.open_from is not None]
        slots = self._allocate(occupiable)
        for b in occupiable:
            self._fill(b, slots[b.idx])
        self._link_movers()
        self._chain_enterprises()
        self._registered_only()
        self._unlocated()
        return self.occs, self.ents

    # -- space ------------------------------------------------------------------------------------
    def _allocate(self, occupiable: list[BuildingSpec]) -> dict[int, int]:
        """Ordinary units per building, in proportion to office area (largest remainder)."""
        total = round(SLOTS_PER_SCALE * self.scale)
        weights = [b.office_area ** 0.9 * (0.6 if b.completion_year >= 2023 else 1.0) for b in occupiable]
        minimum = [3 if b.featured else (2 if self.scale >= 0.5 else 0) for b in occupiable]
        free = max(0, total - sum(minimum))
        raw = [free * w / sum(weights) for w in weights]
        counts = [m + int(r) for m, r in zip(minimum, raw)]
        order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - int(raw[i])), i))
        for i in order[: max(0, total - sum(counts))]:
            counts[i] += 1
        return {b.idx: c for b, c in zip(occupiable, counts)}

    def _fill(self, b: BuildingSpec, n_slots: int):
        rng = self.rng
        anchors = self._anchor_plan(b)
        occupancy = rng.uniform(0.70, 0.95)
        anchor_area = sum(a for a in anchors if a)
        rest = max(0.0, occupancy * b.office_area - anchor_area)
        weights = [rng.lognormvariate(0, 0.8) for _ in range(n_slots)]
        areas = [round(a, 2) for a in anchors if a] + [round(rest * w / sum(weights), 2) for w in weights]
        plate = b.office_area / max(1, b.floors - 1)
        layout = self._layout(b, areas, plate)
        anchor_units = layout[: len([a for a in anchors if a])]
        for area, (floor, room, tower, floor_no) in zip([a for a in anchors if a], anchor_units):
            self._anchor_occ(b, area, floor, room, tower, floor_no)
        for a in anchors:
            if not a:
                self._anchor_occ(b, None, str(rng.randint(2, b.floors)), "", "", 0)
        for area, (floor, room, tower, floor_no) in zip(areas[len(anchor_units):], layout[len(anchor_units):]):
            self._chain(b, area, floor, room, tower, floor_no)
        if n_slots:
            self._unit_area[0] += rest
            self._unit_area[1] += n_slots

    def _layout(self, b: BuildingSpec, areas: list[float], plate: float):
        """Floors and room numbers for units laid out upward from the 2nd floor."""
        units, cum, per_floor = [], 0.0, {}
        for i, area in enumerate(areas):
            first = min(b.floors, 2 + int(cum / plate))
            cum += area
            last = min(b.floors, 2 + int(max(cum - 1, 0) / plate))
            tower = b.towers[i % len(b.towers)] if b.towers else ""
            k = per_floor[first] = per_floor.get(first, 0) + 1
            if last > first:
                units.append((f"{first}-{last}", "", tower, first))
            else:
                room = f"{first}{k:02d}" if area < plate * 0.6 else f"{first}01-{first}{max(2, k + 3):02d}"
                units.append((str(first), f"{tower}{room}", tower, first))
        return units

    # -- anchors (the few big taxpayers of a high-output building) -------------------------------
    def _anchor_plan(self, b: BuildingSpec) -> list[float | None]:
        """Anchor units of a target building: area for present anchors, None for registered-only ones."""
        if not b.role:
            return []
        rng = self.rng
        n = rng.choices([1, 2, 3], weights=[60, 30, 10])[0]
        return [b.office_area * rng.uniform(0.04, 0.10) if rng.random() < 0.85 else None for _ in range(n)]

    def _anchor_occ(self, b: BuildingSpec, area, floor, room, tower, floor_no):
        rng = self.rng
        movein = b.role == "N" and rng.random() < 0.5
        if movein:  # a headquarters moving in at the start of 2023
            start = D2023 + rng.randint(0, 19)
        else:
            lo = max(b.open_from.toordinal(), D2010)
            hi = min(dt.date(2020, 12, 31).toordinal(), self.end - 400) if b.completion_year <= 2020 else lo + 150
            start = rng.randint(lo, max(lo, hi))
        ent = Ent(idx=len(self.ents), kind="anchor", anchor_of=b, anchor_movein=movein)
        occ = Occ(building=b, move_in=start, move_out=None, area=area, floor=floor, room=room, tower=tower,
                  floor_no=floor_no, kind=RP if area else RO, enterprise=ent.idx, anchor=True)
        ent.occs.append(len(self.occs))
        self.occs.append(occ)
        self.ents.append(ent)

    # -- ordinary tenants ---------------------------------------------------------------------------
    def _chain(self, b: BuildingSpec, area, floor, room, tower, floor_no):
        rng = self.rng
        opened = b.open_from.toordinal()
        if b.completion_year <= 2020:
            start = D2021 - self._exp_days(7 * YEAR)
            if start < max(opened, D2010):
                start = max(opened, D2010) + rng.randint(0, 540)
        else:
            start = opened + rng.randint(0, 720)
        free_from = max(opened, D2010)
        while start < self.end:
            move_out = self._leave(start)
            self.occs.append(Occ(building=b, move_in=start, move_out=move_out, area=area, floor=floor, room=room,
                                 tower=tower, floor_no=floor_no, slot_free_from=free_from))
            if move_out is None:
                break
            free_from = move_out
            start = move_out + self._exp_days(120)

    def _link_movers(self):
        """Match departures (2021 onwards) to later arrivals in other buildings: the same enterprise moving."""
        rng = self.rng
        arrivals = sorted((o.move_in, i) for i, o in enumerate(self.occs) if not o.anchor and o.move_in >= D2021)
        by_district: dict[int, list[tuple[int, int]]] = {}
        for item in arrivals:
            by_district.setdefault(self.occs[item[1]].building.district.order, []).append(item)
        taken: set[int] = set()
        departures = sorted((o.move_out, i) for i, o in enumerate(self.occs) if o.move_out is not None)
        for day, i in departures:
            if rng.random() >= MOVE_SHARE:
                continue
            src = self.occs[i]
            pool = by_district[src.building.district.order] if rng.random() < 0.75 else arrivals
            j = self._find_arrival(pool, day, src.building, taken)
            if j is None:
                continue
            taken.add(j)
            dst = self.occs[j]
            if rng.random() < 0.2 and dst.slot_free_from <= day:
                dst.move_in = day  # the next tenancy may start on the move-out day
            src.next, dst.has_prev = j, True

    def _find_arrival(self, pool, day: int, building: BuildingSpec, taken: set[int]) -> int | None:
        """An untaken arrival elsewhere within ~4 months (not always the very next one: moves take time)."""
        found = self._scan(pool, day + self._exp_days(30), day + 150, building, taken)
        return found if found is not None else self._scan(pool, day, day + 150, building, taken)

    def _scan(self, pool, start: int, stop: int, building: BuildingSpec, taken: set[int]) -> int | None:
        k = bisect.bisect_left(pool, (start, -1))
        while k < len(pool) and pool[k][0] <= stop:
            j = pool[k][1]
            if j not in taken and self.occs[j].building is not building:
                return j
            k += 1
        return None

    def _chain_enterprises(self):
        rng = self.rng
        for i, occ in enumerate(self.occs):
            if occ.anchor or occ.has_prev:
                continue
            ent = Ent(idx=len(self.ents), kind="chain")
            j = i
            while j != -1:
                self.occs[j].enterprise = ent.idx
                ent.occs.append(j)
                last, j = self.occs[j], self.occs[j].next
            if last.move_out is not None:
                ent.exited_on = last.move_out
                ent.stays_unattributed = rng.random() < 0.10
            self.ents.append(ent)
        # ~6 % of tenancies are 仅办公: registered elsewhere (half of them at a 集群登记 address here).
        for ent in self.ents:
            if ent.kind == "chain" and rng.random() < 0.065:
                for j in ent.occs:
                    self.occs[j].kind = PO
                if rng.random() < 0.5:
                    first = self.occs[ent.occs[0]]
                    start = max(D2010, first.move_in - rng.randint(0, 365))
                    self._ro(ent, first.building.district, start, exclude=first.building)

    # -- registered-only and unlocated enterprises ---------------------------------------------------
    def _cluster_pool(self, district) -> list[BuildingSpec]:
        return [b for b in self.buildings if b.district is district and b.cluster] or \
            [b for b in self.buildings if b.district is district and b.open_from is not None]

    def _ro(self, ent: Ent, district, start: int, exclude: BuildingSpec | None = None, move_out: int | None = None):
        rng = self.rng
        pool = [b for b in self._cluster_pool(district) if b is not exclude and b.open_from is not None]
        if not pool:
            return
        b = rng.choice(pool) if rng.random() < 0.7 else rng.choice(
            [x for x in self.buildings if x.district is district and x.open_from is not None and x is not exclude])
        start = max(start, b.open_from.toordinal())
        if start >= self.end or (move_out is not None and move_out <= start):
            return
        floor = rng.randint(2, b.floors)
        seat = rng.randint(1, 400) if b.cluster else None
        occ = Occ(building=b, move_in=start, move_out=move_out, area=None, floor=str(floor),
                  room=f"{floor}{rng.randint(1, 20):02d}", floor_no=floor, kind=RO, enterprise=ent.idx, cluster_seat=seat)
        ent.occs.append(len(self.occs))
        self.occs.append(occ)

    def _registered_only(self):
        rng = self.rng
        chain = sum(1 for e in self.ents if e.kind == "chain")
        districts = [o.building.district for o in self.occs if not o.anchor]
        for _ in range(round(chain * 0.058)):
            ent = Ent(idx=len(self.ents), kind="ro")
            district = rng.choice(districts)
            start = max(D2012, self.end - 30 - self._exp_days(3.5 * YEAR))
            move_out = None
            if rng.random() < 0.12:
                move_out = rng.randint(max(start + 60, D2021), self.end - 1) if max(start + 60, D2021) < self.end - 1 else None
            self._ro(ent, district, start, move_out=move_out)
            if not ent.occs:
                continue
            self.ents.append(ent)
            if move_out is not None:
                if rng.random() < 0.5:
                    self._ro(ent, district, move_out + rng.randint(0, 60), exclude=self.occs[ent.occs[0]].building)
                if len(ent.occs) == 1:
                    ent.exited_on = move_out
                    ent.stays_unattributed = rng.random() < 0.2

    def _unlocated(self):
        """Enterprises paying tax in a district but in no registered building (未归属)."""
        rng = self.rng
        districts = [o.building.district for o in self.occs if not o.anchor]
        for _ in range(math.ceil(len(self.ents) * 0.02)):
            ent = Ent(idx=len(self.ents), kind="unlocated", district=rng.choice(districts))
            self.ents.append(ent)


def month_index(day: int) -> int:
    d = dt.date.fromordinal(day)
    return (d.year - 2021) * 12 + d.month - 1

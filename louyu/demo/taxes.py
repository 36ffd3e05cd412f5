"""Monthly 全口径税收 from 2021-01 to December of the demo's last year: a heavy-tailed annual level per enterprise, seasonality, growth,
the 2022 spring lockdown, noise, and some months with nothing due."""
from __future__ import annotations

import random
from array import array

from .population import Ent, Occ, month_index

FIRST_YEAR = 2021


def years_through(last_year: int) -> tuple[int, ...]:
    """The generated years: 2021 … `last_year` (the year of the demo's as-of month, at least 2024)."""
    return tuple(range(FIRST_YEAR, last_year + 1))

_RAW = (1.25, 0.80, 0.95, 1.10, 1.20, 0.90, 1.05, 0.85, 0.95, 1.05, 0.90, 1.00)  # Jan … Dec
SEASON = tuple(x * 12 / sum(_RAW) for x in _RAW)
LOCKDOWN = {15: 0.72, 16: 0.85}  # April and May 2022


def tax_window(ent: Ent, occs: list[Occ], rng: random.Random, months: int) -> tuple[int, int]:
    """The months [a, b) the enterprise files tax for: from its first move-in (or founding), until a few
    months after it leaves the register (unless it stays in Suzhou elsewhere)."""
    if ent.kind == "anchor":
        return (24 if ent.anchor_movein else 0), months
    if not ent.occs:
        return max(0, month_index(ent.established)), months
    start = max(0, month_index(min(occs[j].move_in for j in ent.occs)))
    end = months
    if ent.exited_on is not None and not ent.stays_unattributed:
        end = min(months, month_index(ent.exited_on) + rng.randint(0, 2) + 1)
    return start, max(start, end)


def make_series(ents: list[Ent], occs: list[Occ], rng: random.Random, months: int) -> list[array | None]:
    series: list[array | None] = []
    for ent in ents:
        ent.window = a, b = tax_window(ent, occs, rng, months)
        if b <= a:
            series.append(None)
            continue
        s = array("d", bytes(8 * months))
        if ent.kind != "anchor":  # anchors are funded by the calibration
            _fill(s, a, b, ent.tax_level, rng)
        series.append(s)
    return series


def _fill(s: array, a: int, b: int, level: float, rng: random.Random) -> None:
    monthly = level / 12
    growth = (1 + rng.gauss(0.05, 0.12)) ** (1 / 12)
    p_zero = rng.uniform(0.2, 0.6) if rng.random() < 0.12 else 0.01
    factor = growth ** a
    gauss, rand = rng.gauss, rng.random
    for m in range(a, b):
        if rand() >= p_zero:
            s[m] = monthly * SEASON[m % 12] * factor * LOCKDOWN.get(m, 1.0) * 2.718281828 ** gauss(-0.03, 0.25)
        factor *= growth

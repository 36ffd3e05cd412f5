"""Reads about enterprises and where they are, including the registered-tenancy overlap rule."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from .models import REGISTERED_KINDS, Tenancy


@dataclass(frozen=True)
class Stay:
    """A registered tenancy as the overlap rule sees it: [start, end) with end None = still there."""

    enterprise_id: int
    start: dt.date
    end: dt.date | None
    ref: Any  # what to name in a message: a Tenancy, or an import row number
    building_label: str = ""


def overlaps(a: Stay, b: Stay) -> bool:
    """Half-open intervals: out on the 30th and in elsewhere on the 30th do not overlap."""
    return (b.end is None or a.start < b.end) and (a.end is None or b.start < a.end)


def overlapping_pairs(stays: Iterable[Stay]) -> list[tuple[Stay, Stay]]:
    """Every overlapping pair among one or more enterprises' registered stays."""
    by_enterprise: dict[int, list[Stay]] = {}
    for stay in stays:
        by_enterprise.setdefault(stay.enterprise_id, []).append(stay)
    pairs = []
    for group in by_enterprise.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda s: s.start)
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.end is not None and b.start >= a.end:
                    break  # sorted by start: no later stay can overlap `a` either
                if overlaps(a, b):
                    pairs.append((a, b))
    return pairs


def registered_tenancies_of(enterprise_ids: Iterable[int]) -> list[Tenancy]:
    ids = list(set(enterprise_ids))
    found: list[Tenancy] = []
    for start in range(0, len(ids), 5000):
        found.extend(
            Tenancy.objects.filter(enterprise_id__in=ids[start : start + 5000], kind__in=REGISTERED_KINDS).select_related("building")
        )
    return found


def registered_overlaps_for(*, enterprise_id: int, move_in: dt.date, move_out: dt.date | None, exclude_pk=None) -> list[Tenancy]:
    """The enterprise's registered tenancies (in any building) that overlap [move_in, move_out)."""
    candidate = Stay(enterprise_id, move_in, move_out, None)
    qs = Tenancy.objects.filter(enterprise_id=enterprise_id, kind__in=REGISTERED_KINDS).select_related("building")
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return [t for t in qs if overlaps(candidate, Stay(enterprise_id, t.move_in, t.move_out, t))]


def stay_label(tenancy: Tenancy) -> str:
    end = tenancy.move_out.isoformat() if tenancy.move_out else "至今"
    return f"{tenancy.building.name}（{tenancy.building.code}）{tenancy.move_in.isoformat()} 至 {end}"


def current_registered_building_ids(enterprise_ids: Iterable[int], on: dt.date) -> dict[int, int]:
    """enterprise id → the building of its registered tenancy on `on` (the latest move-in if several)."""
    result: dict[int, tuple[dt.date, int]] = {}
    for t in registered_tenancies_of(enterprise_ids):
        if t.move_in <= on and (t.move_out is None or on < t.move_out):
            if t.enterprise_id not in result or t.move_in > result[t.enterprise_id][0]:
                result[t.enterprise_id] = (t.move_in, t.building_id)
    return {k: v[1] for k, v in result.items()}

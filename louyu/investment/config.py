"""招商 configuration of the city (cities/<city>/investment.json): staleness, consistency, deadlines, ranking
weights. Read once per process; tests override it with `override(...)`."""
from __future__ import annotations

import contextlib
import copy
import json
from functools import lru_cache

from louyu.geo.reference import load_city

_overrides: list[dict] = []


@lru_cache(maxsize=4)
def _load(slug: str) -> dict:
    return json.loads(load_city().path("investment.json").read_text(encoding="utf-8"))


def settings() -> dict:
    data = _load(load_city().slug)
    if not _overrides:
        return data
    merged = copy.deepcopy(data)
    for patch in _overrides:
        for section, values in patch.items():
            merged.setdefault(section, {}).update(values)
    return merged


@contextlib.contextmanager
def override(**sections):
    """Replace some keys for the duration of a block: override(listing={"stale_after_days": 30})."""
    _overrides.append(sections)
    try:
        yield
    finally:
        _overrides.pop()

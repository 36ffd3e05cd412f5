"""Reads for attribution: the register as the engine sees it, and the review queue."""
from __future__ import annotations

from django.db.models import Count, Max

from louyu.buildings.models import Building
from louyu.core import permissions

from .matcher import BuildingIndex
from .models import AddressMatch, MatchStatus
from .register import RegisterBuilding

_INDEX_CACHE: dict[tuple, BuildingIndex] = {}


def register_buildings() -> list[RegisterBuilding]:
    rows = Building.objects.values_list("code", "name", "aliases", "district__name", "address", "towers").order_by("code")
    return [
        RegisterBuilding(code=code, name=name, aliases=tuple(aliases or ()), district=district, address=address or "", towers=tuple(towers or ()))
        for code, name, aliases, district, address, towers in rows
    ]


def register_index() -> BuildingIndex:
    """The matcher over today's register; rebuilt only when the register changed (count or last update)."""
    state = Building.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    key = (state["n"], state["last"])
    index = _INDEX_CACHE.get(key)
    if index is None:
        _INDEX_CACHE.clear()
        index = _INDEX_CACHE[key] = BuildingIndex(register_buildings())
    return index


def review_queue_for(user):
    """Uncertain matches the user may decide: their district's, best candidates first."""
    qs = AddressMatch.objects.filter(status=MatchStatus.REVIEW).select_related("enterprise", "building", "district")
    return permissions.restrict(qs, user, permissions.CHANGE).order_by("-confidence", "enterprise__name")


def matches_for(user, status: str | None = None):
    qs = AddressMatch.objects.select_related("enterprise", "building", "district")
    if status:
        qs = qs.filter(status=status)
    return permissions.restrict(qs, user, permissions.VIEW)

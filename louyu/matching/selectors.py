"""Reads for attribution: the register as the engine sees it, and the review queue."""
from __future__ import annotations

from django.db.models import Count, Max

from louyu.buildings.models import Building
from louyu.core import permissions

from .matcher import BuildingIndex
from .models import DECIDED, AddressMatch, MatchStatus
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


def decidable_for(user):
    """Matches awaiting a person: 待复核 and 无匹配 ones the user may decide."""
    qs = AddressMatch.objects.filter(status__in=(MatchStatus.REVIEW, MatchStatus.NONE)).select_related("enterprise", "building", "district")
    return permissions.restrict(qs, user, permissions.CHANGE)


def unmatched_for(user, *, district=None, q: str = ""):
    """无匹配 enterprises the user may attribute, with their tax in the latest year of tax data, largest first
    (the tax that no building's figures count yet)."""
    from django.db.models import Q, Sum

    from louyu.enterprises.models import TaxRecord

    latest = TaxRecord.objects.aggregate(last=Max("period"))["last"]
    qs = decidable_for(user).filter(status=MatchStatus.NONE)
    if district is not None:
        qs = qs.filter(district=district)
    if q:
        qs = qs.filter(Q(enterprise__name__icontains=q) | Q(enterprise__uscc__iexact=q) | Q(address__icontains=q))
    # Only the tax records the user may read (a district: the months attributed to it; louyu.core.permissions).
    from django.db.models import OuterRef, Subquery

    visible = permissions.restrict(TaxRecord.objects.filter(enterprise=OuterRef("enterprise"), period__year=latest.year if latest else 0),
                                   user, permissions.VIEW)
    year_tax = visible.order_by().values("enterprise").annotate(total=Sum("total_tax")).values("total")[:1]
    qs = qs.annotate(year_tax=Subquery(year_tax))
    return qs.order_by("-year_tax", "enterprise__name"), (latest.year if latest else None)


def decisions_for(user):
    """Decided matches (确认、更正、驳回) the user may undo, latest first."""
    qs = AddressMatch.objects.filter(status__in=DECIDED).select_related("enterprise", "building", "district", "decided_by")
    return permissions.restrict(qs, user, permissions.CHANGE).order_by("-decided_at", "-pk")


def building_search(user, q: str, limit: int = 10):
    """Buildings the user may attribute an enterprise to, by name, alias, code or address."""
    from django.db.models import Q

    q = (q or "").strip()
    if len(q) < 2:
        return Building.objects.none()
    qs = Building.objects.filter(Q(name__icontains=q) | Q(code__iexact=q) | Q(address__icontains=q))
    return permissions.restrict(qs, user, permissions.CHANGE).select_related("district").order_by("name")[:limit]


def matches_for(user, status: str | None = None):
    qs = AddressMatch.objects.select_related("enterprise", "building", "district")
    if status:
        qs = qs.filter(status=status)
    return permissions.restrict(qs, user, permissions.VIEW)

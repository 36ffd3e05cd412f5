"""Reads of 政务服务进楼宇 and 楼宇党建: registers for a user, the self-service ratio and its trend, party-building
coverage per district."""
from __future__ import annotations

from django.db.models import Count, QuerySet, Sum

from louyu.buildings.models import Building
from louyu.core import permissions
from louyu.geo.models import District

from .models import PartyOrganisation, ServicePoint, ServiceVolume


def service_points_for(user) -> QuerySet:
    return permissions.restrict(ServicePoint.objects.select_related("building__district"), user, permissions.VIEW)


def party_organisations_for(user) -> QuerySet:
    return permissions.restrict(PartyOrganisation.objects.select_related("building__district"), user, permissions.VIEW)


def ratio(self_service, total):
    return None if not total else round(self_service / total, 4)


def self_service_by_district(year: int) -> list[dict]:
    """自助办理比例 per district and the city for `year` (transactions are counts, not secrets: every role sees them)."""
    rows = {r["point__building__district_id"]: r for r in ServiceVolume.objects.filter(period__year=year)
            .values("point__building__district_id").annotate(total=Sum("transactions"), own=Sum("self_service"))}
    points = dict(ServicePoint.objects.values("building__district_id").annotate(n=Count("id")).values_list("building__district_id", "n"))
    out = []
    for d in District.objects.order_by("order"):
        r = rows.get(d.pk, {})
        out.append({"district": d, "points": points.get(d.pk, 0), "transactions": r.get("total") or 0,
                    "self_service": r.get("own") or 0, "ratio": ratio(r.get("own") or 0, r.get("total"))})
    total, own = sum(r["transactions"] for r in out), sum(r["self_service"] for r in out)
    out.append({"district": None, "points": sum(points.values()), "transactions": total, "self_service": own, "ratio": ratio(own, total)})
    return out


def self_service_trend(year: int, *, district=None, building=None) -> list[dict]:
    """The monthly 自助办理比例 of `year` (city, one district or one building)."""
    qs = ServiceVolume.objects.filter(period__year=year)
    if district is not None:
        qs = qs.filter(point__building__district=district)
    if building is not None:
        qs = qs.filter(point__building=building)
    return [{"period": r["period"], "transactions": r["total"], "self_service": r["own"], "ratio": ratio(r["own"], r["total"])}
            for r in qs.values("period").annotate(total=Sum("transactions"), own=Sum("self_service")).order_by("period")]


def party_coverage() -> list[dict]:
    """楼宇党组织 per district: organisations by type, members, and coverage = key buildings with an organisation ÷ key buildings."""
    orgs = PartyOrganisation.objects.values("building__district_id", "kind").annotate(n=Count("id"), m=Sum("members"))
    covered = dict(Building.objects.filter(is_key=True, party_organisations__isnull=False).values("district_id")
                   .annotate(n=Count("id", distinct=True)).values_list("district_id", "n"))
    keys = dict(Building.objects.filter(is_key=True).values("district_id").annotate(n=Count("id")).values_list("district_id", "n"))
    out = []
    for d in District.objects.order_by("order"):
        mine = [o for o in orgs if o["building__district_id"] == d.pk]
        by_kind = {o["kind"]: o["n"] for o in mine}
        out.append({"district": d, "total": sum(o["n"] for o in mine), "members": sum(o["m"] or 0 for o in mine),
                    "by_kind": by_kind, "key_buildings": keys.get(d.pk, 0), "covered": covered.get(d.pk, 0),
                    "coverage": ratio(covered.get(d.pk, 0), keys.get(d.pk, 0))})
    return out

"""地图: buildings over district boundaries, coloured by tier or 入驻率, filterable."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from louyu.buildings.selectors import buildings_for

from . import figures
from .common import as_of, map_config, role_flags, selected_period, year_choices
from .filters import BuildingListFilterSet


def _buildings(request):
    qs = buildings_for(request.user)
    filterset = BuildingListFilterSet(request.GET or None, queryset=qs, request=request)
    if filterset.is_bound and filterset.is_valid():
        qs = filterset.qs
    return filterset, qs.filter(longitude__isnull=False, latitude__isnull=False)


@login_required
def map_page(request):
    latest = as_of()
    year, _ = selected_period(request, latest)
    filterset, _ = _buildings(request)
    context = {
        "as_of": latest, "facts_as_of": figures.facts_as_of(), "year": year, "years": year_choices(latest), "filterset": filterset,
        "map_config": map_config(), "colour_by": request.GET.get("colour", "tier"),
        **role_flags(request.user),
    }
    return render(request, "web/map.html", context)


@login_required
def map_data(request):
    """GeoJSON points of the visible, filtered buildings with their tier and 入驻率 for year Y."""
    latest = as_of()
    year, _ = selected_period(request, latest)
    _, qs = _buildings(request)
    rows = list(qs.values("pk", "code", "name", "longitude", "latitude", "district__name", "office_area"))
    facts = figures.map_facts([r["pk"] for r in rows], year, user=request.user)
    detail = reverse("web:building_detail", args=[0])[:-2]
    features = []
    for r in rows:
        fact = facts.get(r["pk"], {})
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(r["longitude"]), float(r["latitude"])]},
            "properties": {
                "id": r["pk"], "code": r["code"], "name": r["name"], "district": r["district__name"],
                "url": f"{detail}{r['pk']}/", "tax_tier": fact.get("tax_tier"), "occupancy": fact.get("occupancy"),
                "tax_yi": fact.get("tax_yi"),
            },
        })
    return JsonResponse({"type": "FeatureCollection", "features": features, "year": year,
                         "as_of": latest.isoformat() if latest else None})

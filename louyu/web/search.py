"""The header's search box: buildings (name, alias words, code, address), enterprises (name or 统一社会信用代码)
and streets, each list read through the permission module."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render

from louyu.buildings.models import Building
from louyu.core import permissions
from louyu.enterprises.models import Enterprise
from louyu.geo.models import Street

LIMIT = 20


def search_all(user, q: str) -> dict:
    q = (q or "").strip()
    if len(q) < 2:
        return {"buildings": [], "enterprises": [], "streets": []}
    buildings = permissions.restrict(
        Building.objects.filter(Q(name__icontains=q) | Q(code__iexact=q) | Q(address__icontains=q)), user, permissions.VIEW
    ).select_related("district").order_by("name")[:LIMIT]
    enterprises = permissions.restrict(
        Enterprise.objects.filter(Q(name__icontains=q) | Q(uscc__iexact=q.upper())), user, permissions.VIEW
    ).select_related("district").order_by("name")[:LIMIT]
    streets = permissions.restrict(Street.objects.filter(name__icontains=q), user, permissions.VIEW).select_related("district")[:LIMIT]
    return {"buildings": list(buildings), "enterprises": list(enterprises), "streets": list(streets)}


@login_required
def search(request):
    q = request.GET.get("q", "").strip()
    return render(request, "web/search.html", {"q": q, **search_all(request.user, q)})

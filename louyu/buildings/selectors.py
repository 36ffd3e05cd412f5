"""Reads of the building registers, always through the permission module (pages, forms, API share them)."""
from __future__ import annotations

from django.db.models import QuerySet

from louyu.core import permissions

from .models import Building, NewBuildingProject, OperationReport, RenovationProject


def buildings_for(user, action: str = permissions.VIEW) -> QuerySet[Building]:
    """The buildings `user` may see (or, with CHANGE, edit), with their district."""
    return permissions.restrict(Building.objects.select_related("district"), user, action)


def building_choices(user, action: str = permissions.CHANGE) -> QuerySet[Building]:
    """A form's building choices: the buildings `user` may attach a row to (their scope), light rows only."""
    return permissions.restrict(Building.objects.all(), user, action).only("pk", "name", "code")


def operation_reports_of(building: Building, user, *, last: int = 12) -> QuerySet[OperationReport]:
    """A building's latest monthly operation reports, newest first."""
    return permissions.restrict(OperationReport.objects.filter(building=building), user, permissions.VIEW).order_by("-period")[:last]


def registers_of_district(district, user) -> dict[str, QuerySet]:
    """A district's three building registers as `user` may see them (the district page's counts and links)."""
    return {
        "buildings": permissions.restrict(Building.objects.filter(district=district), user, permissions.VIEW),
        "new_projects": permissions.restrict(NewBuildingProject.objects.filter(district=district), user, permissions.VIEW),
        "renovations": permissions.restrict(RenovationProject.objects.filter(building__district=district), user, permissions.VIEW),
    }

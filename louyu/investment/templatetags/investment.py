"""Template pieces other pages embed: a building's vacant units (read through permissions)."""
from django import template

from louyu.investment import selectors

register = template.Library()


@register.inclusion_tag("investment/_building_units.html")
def building_vacant_units(building, user):
    units = selectors.vacant_units_for(user).filter(building=building, status__in=selectors.OPEN_LISTING).order_by("floor", "unit")
    return {"units": list(units), "building": building, "can_list": _can_list(user, building)}


def _can_list(user, building) -> bool:
    from louyu.core import permissions
    from louyu.investment.models import VacantUnit

    return permissions.can_create_in(user, VacantUnit, building.district) or permissions.can_create_at(user, VacantUnit, building)

"""地区页: one district's figures, registers, alerts, review queue, tasks and targets."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from louyu.buildings.models import Building
from louyu.buildings.selectors import registers_of_district
from louyu.core import permissions
from louyu.geo.models import District

from .programme_panels import panels as programme_panels
from louyu.reports.services import can_report_on

from . import figures, page_exports
from .cockpit import cockpit_context


def review_queue_url(district: District) -> str:
    """The address-matching review queue filtered to the district."""
    return f"{reverse('matching:review_queue')}?district={district.pk}"


@login_required
def district_detail(request, pk: int):
    # District aggregates are readable by every role (sensitivity class aggregate); the registers and the
    # per-building tax below are restricted, so another district shows its aggregates, not its buildings.
    district = get_object_or_404(permissions.restrict(District.objects.all(), request.user, permissions.VIEW), pk=pk)
    context = cockpit_context(request, district=district)
    if request.GET.get("export") == "xlsx":
        return page_exports.workbook_response(title="附件1目标完成情况", scope=district.name, as_of=context["as_of"],
                                              sheets=[page_exports.progress_sheet(context["year"], district)])
    user = request.user
    registers = registers_of_district(district, user)
    context.update(
        register_counts={k: qs.count() for k, qs in registers.items()},
        key_buildings=figures.top_buildings(registers["buildings"], context["year"], limit=15, district=district, user=user),
        key_buildings_columns=figures.TOP_BUILDING_COLUMNS,
        review_url=review_queue_url(district),
        can_edit_district=permissions.can_create_in(user, Building, district),
        can_report=can_report_on(user, district),
        districts=District.objects.all(),
    )
    context.update(programme_panels(user, year=context["year"], month=context["month"], district=district))
    return render(request, "web/district.html", context)

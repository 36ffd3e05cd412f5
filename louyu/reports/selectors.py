"""What reports read: the indicator engine's stored facts through louyu.indicators.selectors, and the registers
the policy work keeps. Nothing here recomputes an indicator; sums of the engine's monthly figures (year to date)
are the only arithmetic, and thresholds come from louyu.indicators.definitions.

Every read of building- or enterprise-level tax goes through `building_tax_facts` (one door), so the
sensitivity classes of louyu.core.permissions apply to reports exactly as to pages.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from louyu.buildings.models import RenovationProject
from louyu.core import permissions
from louyu.geo.models import District
from louyu.indicators import definitions
from louyu.indicators import selectors as facts
from louyu.indicators.models import BuildingMonth, IndustryDimension
from louyu.programme.models import KeyTask


def visible_tax(queryset: QuerySet, user) -> QuerySet:
    """The one door through which reports read building- or enterprise-level tax: the rows `user` may see
    (None = the system making a city-wide publication). Sensitivity classes of tax are decided here by
    louyu.core.permissions, the same module every page and export asks."""
    if user is None:
        return queryset
    return permissions.restrict(queryset, user, permissions.VIEW)


def building_tax_facts(year: int, *, user=None, district=None) -> QuerySet:
    """BuildingYear facts (tax, tier, growth …) of `year` the user may see."""
    return visible_tax(facts.building_year_facts(year=year, district=district), user)


def building_month_tax(year: int, *, upto: dt.date, user=None, district=None) -> QuerySet:
    """BuildingMonth facts (a building's tax of one month) of `year` up to the month `upto`, that the user may see."""
    qs = visible_tax(BuildingMonth.objects.filter(year=year, period__lte=upto).select_related("building", "district"), user)
    if district is not None:
        qs = qs.filter(district=district)
    return qs.order_by("building_id", "period")


def city_year(year: int):
    return facts.city_summary(year)["city"]


def city_month(year: int, month: int) -> dict | None:
    return facts.city_summary(year, month)["month"]


def district_years(year: int) -> list:
    return list(facts.district_year_facts(year))


def district_year(year: int, district):
    return facts.district_year_facts(year).filter(district=district).first()


def progress(year: int, *, district=None) -> list[dict]:
    return facts.district_progress(year, district=district)


def trend(year: int, *, district=None) -> list[dict]:
    return facts.tax_trend(year, district=district)


def year_to_date(trend_rows: list[dict], month: int, key: str = "tax") -> Decimal | None:
    """Sum of the engine's monthly tax for months 1..month (None if a month is not computed)."""
    values = [r[key] for r in trend_rows if r["month"] <= month]
    return None if any(v is None for v in values) else sum(values, Decimal(0))


def industry(year: int, *, scope=None, featured: bool = False) -> list[dict]:
    dimension = IndustryDimension.FEATURED if featured else IndustryDimension.SECTION
    return facts.industry_structure(scope, year, dimension=dimension)


def featured_candidates(year: int, *, district=None) -> list:
    return list(facts.featured_candidates(year, district=district))


def recognitions(year: int, *, user=None) -> list:
    from louyu.indicators.models import FeaturedRecognition

    qs = facts.recognitions_for(user, year=year) if user is not None else \
        FeaturedRecognition.objects.filter(recognised_on__year=year).select_related("building", "building__district", "category")
    return list(qs.filter(status="recognised").order_by("building__district__order", "building__code"))


def alerts(year: int, *, user=None, district=None, period: dt.date | None = None) -> list:
    """Active alerts of the year (or of one month) the user may see; their evidence holds tax, so they pass
    the same door as tax facts."""
    from louyu.indicators.models import Alert

    qs = visible_tax(Alert.objects.filter(year=year, active=True), user).select_related("building", "district", "enterprise")
    if district is not None:
        qs = qs.filter(district=district)
    if period is not None:
        qs = qs.filter(period=period)
    return list(qs.order_by("district__order", "kind", "building__code"))


def renovations(year: int, *, district=None) -> list:
    """Renovation projects completed in `year` (the 附件1 column counts these) and those still running."""
    qs = RenovationProject.objects.select_related("building", "building__district")
    if district is not None:
        qs = qs.filter(building__district=district)
    done = qs.filter(status="completed", completion_date__year=year)
    running = qs.filter(status="in_progress")
    return list(done.order_by("building__district__order", "code")) + list(running.order_by("building__district__order", "code"))


def key_tasks() -> list:
    return list(KeyTask.objects.order_by("order"))


def overdue_tasks(on: dt.date) -> list:
    return list(KeyTask.objects.filter(deadline__lt=on).order_by("deadline", "order"))


def districts(district=None) -> list:
    qs = District.objects.order_by("order", "code")
    return list(qs.filter(pk=district.pk) if district is not None else qs)


def threshold() -> Decimal:
    return definitions.config()["HUNDRED_MILLION"]


def task_standing(year: int, *, user=None, district=None) -> dict:
    """附件2 key-task assignments and their standing at the end of `year` (today for the year in progress), by
    五方面工作 and in total, through louyu.programme's selectors; no user = the city-wide publication."""
    from louyu.programme import selectors as programme
    from louyu.programme.models import ProgressReport, TaskAssignment

    as_of = min(dt.date(year, 12, 31), dt.date.today())
    if user is None:
        qs = TaskAssignment.objects.select_related("task", "plan_item", "district").prefetch_related(
            Prefetch("reports", queryset=ProgressReport.objects.order_by("reported_on", "id")))
    else:
        qs = programme.assignments_for(user)
    if district is not None:
        qs = qs.filter(district=district)
    glance = programme.overview(user, as_of, assignments=qs)
    total = glance["total"]
    glance["completion"] = total["done"] / total["total"] if total["total"] else None
    return glance


def as_of_month():
    """The latest month the facts cover."""
    return facts.as_of()

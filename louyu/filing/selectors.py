"""Reads of 楼宇填报: the prefill (last month + what the platform knows), each building's state for a month,
the late list and the reports awaiting a district's verification — all through louyu.core.permissions."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from louyu.buildings.models import Building, OperationReport
from louyu.core import permissions
from louyu.core.models import Role, Verification
from louyu.accounts.models import UserProfile
from louyu.enterprises.models import PRESENT_KINDS, Tenancy

from . import rules

FORM_FIELDS = ("leasable_area", "leased_area", "average_rent", "present_count", "moves_in", "moves_out", "vacant_units")


def reporting_buildings(user):
    """Buildings expected to report: those with an operator account (an operator: their own)."""
    qs = Building.objects.select_related("district")
    if permissions.role_of(user) == Role.OPERATOR:
        qs = qs.filter(pk__in=user.profile.buildings.values("pk"))
    else:
        qs = qs.filter(pk__in=UserProfile.buildings.through.objects.values("building_id"))
    return permissions.restrict(qs, user, permissions.VIEW)


@dataclass
class Prefill:
    values: dict
    known: list[tuple[str, str]]  # (what, the platform's figure and where it comes from)
    last: OperationReport | None
    current: OperationReport | None


def prefill(building: Building, period: dt.date) -> Prefill:
    """The form as the operator finds it: this month's report if already filed, else last month's figures
    carried forward and adjusted by what the platform recorded this month (tenancies, listings)."""
    from louyu.investment.models import VacantUnit
    from louyu.investment.selectors import OPEN_LISTING

    end = rules.next_month(period)
    current = OperationReport.objects.filter(building=building, period=period).first()
    last = OperationReport.objects.filter(building=building, period__lt=period).order_by("-period").first()
    moved_in = Tenancy.objects.filter(building=building, kind__in=PRESENT_KINDS, move_in__gte=period, move_in__lt=end)
    moved_out = Tenancy.objects.filter(building=building, kind__in=PRESENT_KINDS, move_out__gte=period, move_out__lt=end)
    in_area = moved_in.aggregate(a=Sum("area"))["a"] or Decimal(0)
    out_area = moved_out.aggregate(a=Sum("area"))["a"] or Decimal(0)
    month_end = end - dt.timedelta(days=1)
    present = Tenancy.objects.filter(building=building, kind__in=PRESENT_KINDS, move_in__lte=month_end).filter(
        Q(move_out__isnull=True) | Q(move_out__gt=month_end)).values("enterprise_id").distinct().count()
    listings = VacantUnit.objects.filter(building=building, status__in=OPEN_LISTING)
    listed = listings.aggregate(a=Sum("area"))["a"] or Decimal(0)
    known = [
        ("本月迁入", f"{moved_in.count()} 家，{in_area:,.0f}㎡（入驻登记）"),
        ("本月迁出", f"{moved_out.count()} 家，{out_area:,.0f}㎡（入驻登记）"),
        ("月末在驻企业", f"{present} 家（入驻登记）"),
        ("可招商空间", f"{listings.count()} 处，{listed:,.0f}㎡（空间登记）"),
    ]
    if current is not None:
        values = {f: getattr(current, f) for f in FORM_FIELDS}
        return Prefill(values, known, last, current)
    leasable = last.leasable_area if last and last.leasable_area is not None else building.office_area
    leased = None
    if last is not None and last.leased_area is not None:
        leased = max(Decimal(0), last.leased_area + in_area - out_area)
        if leasable is not None:
            leased = min(leased, leasable)
    values = {
        "leasable_area": leasable, "leased_area": leased,
        "average_rent": last.average_rent if last else None,
        "present_count": present or (last.present_count if last else None),
        "moves_in": moved_in.count(), "moves_out": moved_out.count(), "vacant_units": listings.count(),
    }
    return Prefill(values, known, last, None)


@dataclass
class MonthState:
    building: Building
    period: dt.date
    report: OperationReport | None
    deadline: dt.date
    late: bool

    @property
    def label(self) -> str:
        if self.report is None:
            return "未填报"
        if self.report.verification == Verification.VERIFIED:
            return "已核实"
        if self.report.verification == Verification.DOUBTFUL:
            return "已退回"
        return "待核实"


def _submitted_on(report: OperationReport | None) -> dt.date | None:
    if report is None:
        return None
    return report.submitted_on or report.created_at.date()


def month_states(buildings, period: dt.date, today: dt.date) -> list[MonthState]:
    reports = {r.building_id: r for r in OperationReport.objects.filter(building__in=buildings, period=period)}
    deadline = rules.filing_deadline(period)
    states = []
    for building in buildings:
        report = reports.get(building.pk)
        late = rules.filing_is_late(period=period, submitted_on=_submitted_on(report), today=today)
        states.append(MonthState(building, period, report, deadline, late))
    return states


def late_list(user, period: dt.date, today: dt.date) -> list[MonthState]:
    """Buildings whose report for `period` is late (missing past the deadline, or filed after it)."""
    return [s for s in month_states(list(reporting_buildings(user)), period, today) if s.late]


def owed_filings(user, today: dt.date) -> dict[str, list[MonthState]]:
    """What an operator owes for the month just ended: reports still to file before the deadline (`due`),
    missing past it (`late`), and returned for correction (`returned`). Others owe no 填报."""
    if permissions.role_of(user) != Role.OPERATOR:
        return {"due": [], "late": [], "returned": []}
    states = month_states(list(reporting_buildings(user)), rules.reporting_period(today), today)
    missing = [s for s in states if s.report is None]
    return {"due": [s for s in missing if not s.late], "late": [s for s in missing if s.late],
            "returned": [s for s in states if s.report is not None and s.label == "已退回"]}


def awaiting_review(user):
    """Filed reports the user may verify or return (operators verify nothing)."""
    if permissions.role_of(user) not in (Role.CITY_ADMIN, Role.DISTRICT_EDITOR):
        return OperationReport.objects.none()
    qs = OperationReport.objects.select_related("building__district").filter(
        submitted_on__isnull=False, verification=Verification.UNVERIFIED)
    return permissions.restrict(qs, user, permissions.CHANGE).order_by("submitted_on", "pk")


def history(building: Building, user):
    return permissions.restrict(OperationReport.objects.filter(building=building), user, permissions.VIEW).order_by("-period")

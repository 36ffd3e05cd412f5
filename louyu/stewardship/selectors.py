"""Reads of 楼长制: a 楼长's buildings and everything about them on one screen, district coverage, request
counts, and the one place that reads tax here (`top_taxpayer_ids`), through the permission module."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Max, Q, Sum

from louyu.buildings.models import Building
from louyu.core import permissions
from louyu.enterprises.models import Tenancy, TaxRecord
from louyu.investment import config

from .models import CLOSED_STATUSES, BuildingSteward, EnterpriseRequest


def stewards_for(user, action: str = permissions.VIEW):
    return permissions.restrict(BuildingSteward.objects.select_related("building__district", "steward"), user, action)


def requests_for(user, action: str = permissions.VIEW):
    return permissions.restrict(EnterpriseRequest.objects.select_related("building__district", "assignee"), user, action)


def stewarded_buildings(steward_user, viewer):
    """The buildings `steward_user` is 楼长 of, as far as `viewer` may see them."""
    ids = BuildingSteward.objects.filter(steward=steward_user).values("building_id")
    return permissions.restrict(Building.objects.filter(pk__in=ids).select_related("district"), viewer, permissions.VIEW)


def is_overdue(request: EnterpriseRequest, today: dt.date) -> bool:
    return request.status not in CLOSED_STATUSES and request.due_on < today


def top_taxpayer_window(today: dt.date) -> dt.date:
    """The first month of the 12 that decide a top taxpayer: those up to the latest month with tax data (tax
    arrives a month or more late, and a demo's data end earlier than today), never after today."""
    latest = TaxRecord.objects.filter(period__lte=today).aggregate(p=Max("period"))["p"] or today.replace(day=1)
    return _months_before(latest, 11)


def _months_before(period: dt.date, months: int) -> dt.date:
    index = period.year * 12 + period.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def top_taxpayers_among(records, enterprise_ids, today: dt.date) -> set[int]:
    """Which of these enterprises paid at least the configured threshold over the window, read from `records`
    (a TaxRecord queryset: already restricted for a page, all of them for the alert rule)."""
    ids = [i for i in set(enterprise_ids) if i]
    if not ids:
        return set()
    threshold = Decimal(str(config.settings()["steward"]["top_taxpayer_min_tax"]))
    window = records.filter(enterprise_id__in=ids, period__gte=top_taxpayer_window(today), period__lte=today)
    totals = window.values("enterprise_id").annotate(total=Sum("total_tax"))
    return {r["enterprise_id"] for r in totals if r["total"] is not None and r["total"] >= threshold}


def top_taxpayer_ids(user, enterprise_ids, today: dt.date) -> set[int]:
    """Which of these enterprises are top taxpayers (12 months' total tax ≥ the configured threshold).

    The only tax read of 楼长制 pages. It goes through `restrict`, so a role that may not see an enterprise's tax
    learns nothing from it (the set is empty for them); callers show a flag, never a figure."""
    return top_taxpayers_among(permissions.restrict(TaxRecord.objects.all(), user, permissions.VIEW), enterprise_ids, today)


def lingering_top_requests(building_ids, today: dt.date) -> list[EnterpriseRequest]:
    """The alert rule's read (no user: the register of alerts is itself restricted per district): requests from
    top taxpayers still open `request_alert_after_days` or more after they were received."""
    days = config.settings()["steward"]["request_alert_after_days"]
    qs = EnterpriseRequest.objects.exclude(status__in=CLOSED_STATUSES).filter(
        enterprise__isnull=False, received_on__lte=today - dt.timedelta(days=days)).select_related("building")
    if building_ids is not None:
        qs = qs.filter(building_id__in=list(building_ids))
    open_requests = list(qs.order_by("received_on", "id"))
    top = top_taxpayers_among(TaxRecord.objects.all(), [r.enterprise_id for r in open_requests], today)
    return [r for r in open_requests if r.enterprise_id in top]


def leases_ending(buildings, user, today: dt.date):
    horizon = today + dt.timedelta(days=config.settings()["steward"]["lease_horizon_days"])
    qs = Tenancy.objects.filter(building__in=buildings, move_out__gte=today, move_out__lte=horizon).select_related("enterprise", "building")
    return permissions.restrict(qs, user, permissions.VIEW).order_by("move_out")


def recent_changes(buildings, today: dt.date, limit: int = 15):
    """The latest audited changes to these buildings and to what hangs off them (tenancies, reports,
    listings, requests changed in the last 90 days)."""
    from django.contrib.contenttypes.models import ContentType

    from louyu.buildings.models import OperationReport
    from louyu.core.models import AuditEntry
    from louyu.investment.models import VacantUnit

    since = today - dt.timedelta(days=90)
    ids = [b.pk for b in buildings]
    condition = Q(content_type=ContentType.objects.get_for_model(Building), object_id__in=[str(i) for i in ids])
    for model in (Tenancy, OperationReport, VacantUnit, EnterpriseRequest):
        pks = model.objects.filter(building_id__in=ids, updated_at__date__gte=since).values_list("pk", flat=True)
        condition |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in pks])
    return list(AuditEntry.objects.filter(condition).select_related("content_type").order_by("-timestamp", "-id")[:limit])


def request_counts(requests, today: dt.date, key) -> list[dict]:
    """Collected / solved / overdue grouped by `key(request)` (a building or a district name)."""
    rows: dict = defaultdict(lambda: {"collected": 0, "solved": 0, "overdue": 0})
    for r in requests:
        row = rows[key(r)]
        row["collected"] += 1
        row["solved"] += r.status in CLOSED_STATUSES
        row["overdue"] += is_overdue(r, today)
    return [{"key": k, **v} for k, v in sorted(rows.items(), key=lambda kv: -kv[1]["collected"])]


def coverage(user) -> list[dict]:
    """Per district: key buildings, those with a 楼长, and the ones without (the gap to close)."""
    key = permissions.restrict(Building.objects.filter(is_key=True).select_related("district"), user, permissions.VIEW)
    covered = set(BuildingSteward.objects.values_list("building_id", flat=True))
    rows: dict = {}
    for b in key.order_by("district__order", "code"):
        row = rows.setdefault(b.district_id, {"district": b.district.name, "key": 0, "covered": 0, "missing": []})
        row["key"] += 1
        if b.pk in covered:
            row["covered"] += 1
        else:
            row["missing"].append(b)
    return list(rows.values())

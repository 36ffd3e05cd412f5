"""The 楼长制 alert rule (registered into louyu.indicators' rule list from StewardshipConfig.ready()):
重点纳税企业诉求未办结 — a request from a top taxpayer (selectors.top_taxpayers_among) still open
`request_alert_after_days` after it was received. The evidence names the request, never a tax figure.

A live rule: detected for the current alert year by the engine's alert step (a tax import may make an
enterprise a top taxpayer), and again right after a request changes; once the request is resolved the alert no
longer holds and closes itself. One alert per enterprise, building and month received."""
from __future__ import annotations

from django.utils import timezone

from louyu.indicators.alert_rules import AlertScope, Found, rule
from louyu.indicators.alerts import evidence_labels, redetect
from louyu.indicators.models import AlertKind

from . import selectors

evidence_labels(request="诉求编号", summary="诉求内容", received_on="受理日期", due_on="办理期限",
                days_open="已受理天数", request_status="诉求状态")


@rule(AlertKind.TOP_REQUEST_OPEN, live=True)
def top_request_open(scope: AlertScope):
    today = timezone.localdate()
    for r in selectors.lingering_top_requests(scope.buildings, today):
        yield Found(AlertKind.TOP_REQUEST_OPEN, r.building_id, r.building.district_id, r.received_on.replace(day=1),
                    {**scope.base, "request": r.pk, "summary": r.summary, "received_on": r.received_on, "due_on": r.due_on,
                     "days_open": (today - r.received_on).days, "request_status": r.get_status_display()}, r.enterprise_id)


def refresh_after_change(batch, affected: dict) -> None:
    """core.changes / intake.hooks callback: re-detect for the buildings touched, and for the buildings of the
    requests of the enterprises touched (a tax import changes who is a top taxpayer)."""
    from .models import EnterpriseRequest

    buildings = set(affected.get("buildings") or ())
    enterprises = set(affected.get("enterprises") or ())
    if enterprises:  # requests are few, a tax import's enterprises many: intersect here, not in SQL
        pairs = EnterpriseRequest.objects.filter(enterprise__isnull=False).values_list("enterprise_id", "building_id")
        buildings |= {b for e, b in pairs if e in enterprises}
    if buildings:
        redetect([AlertKind.TOP_REQUEST_OPEN], buildings)

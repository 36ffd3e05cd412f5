"""重点纳税企业诉求未办结 as a stored alert: a top taxpayer's request (12 months' tax ≥ 5,000,000 元) still open
7 days after it was received; not at 6 days, not for a smaller taxpayer, closed once the request is resolved.
The evidence names the request, never a tax figure."""
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from louyu import factories as f
from louyu.indicators import alerts, selectors as indicator_selectors
from louyu.indicators.models import Alert, AlertKind
from louyu.stewardship import services

pytestmark = pytest.mark.django_db


def _request_from(tax: str, days_ago: int, building=None):
    today = timezone.localdate()
    enterprise = f.EnterpriseFactory()
    f.TaxRecordFactory(enterprise=enterprise, period=today.replace(day=1), total_tax=Decimal(tax))
    received = today - dt.timedelta(days=days_ago)
    return f.EnterpriseRequestFactory(building=building or f.BuildingFactory(), enterprise=enterprise, enterprise_name=enterprise.name,
                                      received_on=received, due_on=received + dt.timedelta(days=15))


def _open_alerts():
    return Alert.objects.filter(kind=AlertKind.TOP_REQUEST_OPEN, active=True)


def test_a_top_taxpayers_request_open_for_7_days_is_an_alert_and_at_6_days_or_from_a_smaller_taxpayer_is_not():
    lingering = _request_from("5000000", 7)
    _request_from("5000000", 6)
    _request_from("4999999.99", 30)
    alerts.redetect([AlertKind.TOP_REQUEST_OPEN])
    [alert] = _open_alerts()
    assert (alert.building_id, alert.enterprise_id, alert.period) == (lingering.building_id, lingering.enterprise_id,
                                                                    lingering.received_on.replace(day=1))
    assert alert.evidence["request"] == lingering.pk and alert.evidence["days_open"] == 7
    assert not any("5000000" in str(v) for v in alert.evidence.values())


def test_resolving_the_request_closes_the_alert(committed):
    request = _request_from("8000000", 20)
    alerts.redetect([AlertKind.TOP_REQUEST_OPEN])
    assert _open_alerts().count() == 1
    editor = f.district_editor(request.building.district.name)
    with committed():
        services.enterprise_request_resolve(request=request, resolution="已协调市场监管局办结登记", actor=editor)
    assert not _open_alerts().exists() and Alert.objects.filter(kind=AlertKind.TOP_REQUEST_OPEN, active=False).count() == 1


def test_the_alert_is_seen_by_the_district_in_alert_handling_and_not_by_another_district():
    request = _request_from("6000000", 10)
    alerts.redetect([AlertKind.TOP_REQUEST_OPEN])
    own = f.district_editor(request.building.district.name)
    other = f.district_editor("吴中区" if request.building.district.name != "吴中区" else "姑苏区")
    assert [a.kind for a in indicator_selectors.alerts_for(own)] == [AlertKind.TOP_REQUEST_OPEN]
    assert not indicator_selectors.alerts_for(other).exists()

"""空置面积与运营报告不符 as a stored alert (预警处理): flagged at the configured difference (500 ㎡ and 20 %),
not one square metre below it, re-detected after a listing changes and closed when the figures agree again."""
import datetime as dt
from decimal import Decimal

import pytest

from louyu import factories as f
from louyu.indicators import alerts
from louyu.indicators.models import Alert, AlertKind
from louyu.investment import services

from .factories import VacantUnitFactory

pytestmark = pytest.mark.django_db


def _building_reporting_vacancy(vacant: int):
    """A building whose latest operation report says `vacant` ㎡ are empty (an older one says otherwise)."""
    building = f.BuildingFactory()
    f.OperationReportFactory(building=building, period=dt.date(2024, 2, 1), leasable_area=Decimal(10000), leased_area=Decimal(5000))
    f.OperationReportFactory(building=building, period=dt.date(2024, 3, 1), leasable_area=Decimal(10000),
                             leased_area=Decimal(10000 - vacant))
    return building


def _gap_alerts(**kw):
    return Alert.objects.filter(kind=AlertKind.VACANCY_GAP, **kw)


def test_a_listed_vacancy_500_square_metres_and_a_fifth_above_the_report_is_flagged_to_the_district_and_499_is_not():
    flagged, close = _building_reporting_vacancy(2000), _building_reporting_vacancy(2000)
    VacantUnitFactory(building=flagged, area=Decimal(2500))  # 500 ㎡, 20 % of 2,500: both thresholds met
    VacantUnitFactory(building=close, area=Decimal(2499))
    alerts.redetect([AlertKind.VACANCY_GAP])
    [alert] = _gap_alerts(active=True)
    assert (alert.building, alert.district_id, alert.year) == (flagged, flagged.district_id, 2024)
    assert alert.evidence == {"year": 2024, "listed_area": "2500.00", "reported_vacant": "2000.00", "difference": "500.00",
                              "report_period": "2024-03"}


def test_a_difference_of_500_square_metres_under_a_fifth_of_the_larger_figure_is_not_flagged():
    building = _building_reporting_vacancy(3000)
    VacantUnitFactory(building=building, area=Decimal(3500))  # 500 ㎡ but only 14 %
    alerts.redetect([AlertKind.VACANCY_GAP])
    assert not _gap_alerts().exists()


def test_the_alert_follows_the_listing_and_closes_itself_keeping_its_assignment(committed):
    building = _building_reporting_vacancy(2000)
    editor = f.district_editor(building.district.name)
    with committed():
        unit = services.vacant_unit_create(data={"building": building, "floor": "8", "unit": "801", "area": Decimal(3000),
                                                     "available_from": dt.date(2024, 5, 1)}, actor=editor)
    alert = _gap_alerts().get()
    assert alert.active
    Alert.objects.filter(pk=alert.pk).update(assigned_to=editor)
    with committed():
        services.vacant_unit_update(vacant_unit=unit, data={"area": Decimal(2100)}, actor=editor)
    alert.refresh_from_db()
    assert not alert.active and alert.assigned_to == editor  # 不再成立, kept with who handled it
    with committed():
        services.vacant_unit_update(vacant_unit=unit, data={"area": Decimal(900)}, actor=editor)  # now far below
    alert.refresh_from_db()
    assert alert.active and alert.evidence["difference"] == "-1100.00"


def test_the_engine_detects_it_for_the_current_year_only():
    building = _building_reporting_vacancy(2000)
    VacantUnitFactory(building=building, area=Decimal(4000))
    horizon = dt.date(2024, 3, 1)
    alerts.detect(2023, horizon)
    assert not _gap_alerts().exists()
    alerts.detect(2024, horizon)
    assert _gap_alerts(year=2024, active=True).count() == 1

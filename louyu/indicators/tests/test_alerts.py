"""预警 (三(二) 跟踪监测): the seven kinds at their edges, the status workflow and who may change it."""
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from louyu.core.models import AuditEntry, Role
from louyu.factories import city_admin, district, district_editor, user_with_role
from louyu.indicators import alert_rules
from louyu.indicators import alerts as alert_engine
from louyu.indicators import selectors, services
from louyu.indicators.alert_rules import AlertScope
from louyu.indicators.models import Alert, AlertKind, ComputeState

from .scenario import PO, RO, RP, D, building, compute, enterprise, report, split_year, tax, tenancy

pytestmark = pytest.mark.django_db


def found(rule, year: int = 2023) -> list:
    """What one alert rule finds on the computed facts, on its own (the registry runs them all)."""
    return list(rule(AlertScope(year=year, horizon=ComputeState.objects.get().horizon)))


def test_every_alert_kind_has_exactly_one_rule():
    assert sorted(r.kind for r in alert_rules.RULES) == sorted(AlertKind.values)
    assert {r.kind for r in alert_rules.RULES if not r.reads_tax} == {
        AlertKind.OCCUPANCY_FALL, AlertKind.REGISTERED_ONLY, AlertKind.PRESENT_ONLY, AlertKind.VACANCY_GAP}
    # The present-state rules, registered by the page-level apps above indicators.
    assert {r.kind for r in alert_rules.RULES if r.live} == {AlertKind.VACANCY_GAP, AlertKind.TOP_REQUEST_OPEN}


def kinds(building=None):
    qs = Alert.objects.filter(active=True)
    if building is not None:
        qs = qs.filter(building=building)
    return sorted(qs.values_list("kind", flat=True))


@pytest.mark.parametrize("current,alerted", [("700.00", True), ("700.01", False)])
def test_tax_fall_of_30_percent_year_on_year_alerts(current, alerted):
    b, e = building(), enterprise()
    tenancy(e, b)
    tax(e, 2022, "1000.00")
    tax(e, 2023, current)
    compute()
    assert [f.building_id for f in found(alert_rules.tax_fall)] == ([b.pk] if alerted else [])
    assert (AlertKind.TAX_FALL in kinds(b)) is alerted
    if alerted:
        alert = Alert.objects.get(kind=AlertKind.TAX_FALL)
        assert alert.evidence["growth"] == "-0.300000" and alert.evidence["prior_tax"] == "12000.00"
        assert alert.district == b.district


def test_top_taxpayer_ending_its_tenancy_alerts_with_where_it_went():
    b, elsewhere = building(), building()
    big, small = enterprise(), [enterprise() for _ in range(10)]
    tenancy(big, b, D(2020, 1, 1), D(2023, 9, 15))
    tenancy(big, elsewhere, D(2023, 9, 15))
    tax(big, 2022, 1000)
    tax(big, 2023, 1000)
    for i, e in enumerate(small):
        tenancy(e, b, D(2020, 1, 1), D(2023, 10, 1) if i == 0 else None)  # the 11th taxpayer leaves too
        tax(e, 2023, 10 + i)
    compute()
    assert [(f.enterprise_id, f.evidence["rank"]) for f in found(alert_rules.top_taxpayer_exit)] == [(big.pk, 1)]
    exits = Alert.objects.filter(kind=AlertKind.TOP_TAXPAYER_EXIT)
    assert [(a.enterprise, a.period) for a in exits] == [(big, D(2023, 9, 1))]
    assert exits[0].evidence["rank"] == 1 and exits[0].evidence["moved_to"] == elsewhere.code


def test_occupancy_falling_10_points_in_a_quarter_alerts():
    b, e = building(office_area=Decimal("10000")), enterprise()
    tenancy(e, b, area="10.00")
    tax(e, 2023, 1)
    report(b, 2023, 3, leased="8000.00")
    report(b, 2023, 6, leased="7000.00")  # −10 points: alert
    report(b, 2023, 9, leased="6001.00")  # −9.99 points: none
    report(b, 2023, 12, leased="6001.00")
    compute()
    assert [f.period for f in found(alert_rules.occupancy_fall)] == [D(2023, 6, 1)]
    falls = Alert.objects.filter(kind=AlertKind.OCCUPANCY_FALL)
    assert [a.period for a in falls] == [D(2023, 6, 1)]
    assert falls[0].evidence["prior_rate"] == "0.800000" and falls[0].evidence["rate"] == "0.700000"


def test_100m_building_whose_year_to_date_pace_is_below_1亿_is_at_risk():
    steady, slipping = building(), building()
    e1, e2 = enterprise(), enterprise()
    tenancy(e1, steady)
    tenancy(e2, slipping)
    tax(e1, 2022, split_year("120000000.00"))
    tax(e2, 2022, split_year("120000000.00"))
    tax(e1, 2023, "8400000.00", months=range(1, 7))  # pace 100,800,000
    tax(e2, 2023, "8300000.00", months=range(1, 7))  # pace 99,600,000
    compute()
    assert [f.building_id for f in found(alert_rules.at_risk_100m)] == [slipping.pk]
    risky = Alert.objects.get(kind=AlertKind.AT_RISK_100M)
    assert risky.building == slipping and risky.evidence["pace"] == "99600000.00" and risky.evidence["months"] == 6


def test_registered_only_and_present_only_tenancies_are_listed_as_alerts():
    b, home = building(), building()
    shell, guest = enterprise(), enterprise()
    tenancy(shell, b, kind=RO, area=None)
    tenancy(guest, b, kind=PO)
    tenancy(guest, home, kind=RO, area=None)
    tax(shell, 2023, 1)
    tax(guest, 2023, 1)
    compute()
    assert [f.enterprise_id for f in found(alert_rules.registered_only)] == [shell.pk, guest.pk]  # guest: at home
    assert [(f.enterprise_id, f.building_id) for f in found(alert_rules.present_only)] == [(guest.pk, b.pk)]
    assert kinds(b) == [AlertKind.PRESENT_ONLY, AlertKind.REGISTERED_ONLY]
    assert Alert.objects.get(kind=AlertKind.PRESENT_ONLY).evidence["registered_in"] == home.code


def test_zombie_tenant_occupies_area_without_tax_for_twelve_months():
    b = building()
    idle, paying, newcomer = enterprise(), enterprise(), enterprise()
    tenancy(idle, b, D(2021, 1, 1), area="800.00")
    tenancy(paying, b, D(2021, 1, 1))
    tenancy(newcomer, b, D(2023, 6, 1))  # not there for the whole window yet
    tax(paying, 2022, 5)
    tax(paying, 2023, 5)
    tax(idle, 2022, 7, months=[12])  # its last tax: December 2022
    compute()
    assert [f.enterprise_id for f in found(alert_rules.zombie)] == [idle.pk]
    zombies = Alert.objects.filter(kind=AlertKind.ZOMBIE, year=2023)
    assert [a.enterprise for a in zombies] == [idle]
    assert zombies[0].evidence["last_tax_period"] == "2022-12" and zombies[0].evidence["area"] == "800.00"


def test_zombie_window_spans_two_years_and_counts_tax_paid_anywhere():
    """Data up to June 2024: the window is July 2023 – June 2024. Tax counts wherever it is attributed — in
    another building, or 未归属 — and only inside the window."""
    b, elsewhere = building(), building()
    stale, recent, remote, unregistered = enterprise(), enterprise(), enterprise(), enterprise()
    for e in (stale, recent, remote, unregistered):
        tenancy(e, b, D(2021, 1, 1), kind=PO if e in (remote, unregistered) else RP, area="300.00")
    tenancy(remote, elsewhere, D(2021, 1, 1), kind=RO)  # registered (and taxed) in another building
    tax(stale, 2023, 9, months=[6])  # just before the window
    tax(recent, 2023, 9, months=[7])  # the window's first month
    tax(remote, 2024, 9, months=[2])
    tax(unregistered, 2024, 9, months=[6])  # 未归属: no registered tenancy anywhere
    tax(enterprise(), 2024, 1, months=range(1, 7))  # the data horizon: June 2024
    compute()
    zombies = Alert.objects.filter(kind=AlertKind.ZOMBIE, year=2024, active=True)
    assert [a.enterprise for a in zombies] == [stale]
    assert zombies[0].evidence["last_tax_period"] == "2023-06"


@override_settings(LOUYU_INDICATORS={"ALERT_TAX_FALL": "0.50"})
def test_alert_thresholds_are_configuration():
    b, e = building(), enterprise()
    tenancy(e, b)
    tax(e, 2022, 1000)
    tax(e, 2023, 600)
    compute()
    assert AlertKind.TAX_FALL not in kinds(b)


def _tax_fall_alert(district_name: str = "姑苏区") -> Alert:
    b, e = building(district=district(district_name)), enterprise()
    tenancy(e, b)
    tax(e, 2022, 1000)
    tax(e, 2023, 100)
    compute()
    return Alert.objects.get(kind=AlertKind.TAX_FALL, building=b)


def test_district_editor_handles_only_own_district_alerts():
    alert = _tax_fall_alert("工业园区")
    with pytest.raises(PermissionDenied):
        services.alert_mark_seen(alert=alert, actor=district_editor("姑苏区"))
    with pytest.raises(PermissionDenied):
        services.alert_handle(alert=alert, note="已走访", actor=user_with_role(Role.CITY_VIEWER))
    editor = district_editor("工业园区")
    services.alert_mark_seen(alert=alert, actor=editor)
    with pytest.raises(ValidationError):
        services.alert_handle(alert=alert, note=" ", actor=editor)
    services.alert_handle(alert=alert, note="已走访企业，系年度汇算退税所致", actor=editor)
    alert.refresh_from_db()
    assert alert.status == "handled" and alert.status_changed_by == editor
    assert AuditEntry.objects.filter(object_id=str(alert.pk), actor=editor).count() == 2


def test_alerts_are_listed_per_district_for_district_users():
    mine, theirs = _tax_fall_alert("姑苏区"), _tax_fall_alert("工业园区")
    assert list(selectors.alerts_for(district_editor("姑苏区"))) == [mine]
    assert set(selectors.alerts_for(city_admin())) == {mine, theirs}


def test_status_and_note_survive_a_recompute_and_a_vanished_condition_deactivates():
    alert = _tax_fall_alert()
    services.alert_handle(alert=alert, note="已核实", actor=city_admin())
    compute()
    alert.refresh_from_db()
    assert alert.status == "handled" and alert.note == "已核实" and alert.active
    tax(enterprise(), 2023, 1)  # unrelated data, then the building's tax is corrected upwards
    alert.building.tenancies.first().enterprise.tax_records.filter(period__year=2023).update(total_tax=Decimal("1000"))
    compute()
    alert.refresh_from_db()
    assert not alert.active and alert.status == "handled"
    assert alert_engine.evidence_lines(alert, user=city_admin())[0][0] == "年度"

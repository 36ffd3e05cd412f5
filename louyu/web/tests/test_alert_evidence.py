"""An alert's evidence as each role may read it: a building operator sees the alerts on their buildings, but a
重点纳税企业迁出 alert's evidence (the taxpayer's rank and tax) only reaches roles that see enterprise tax on
that row, and a tax-fall alert's figures only roles that see the building's tax — on the alert page, the
building page's alert history and the cockpit. Expectations come from the rules (louyu.core.testing)."""
import datetime as dt

import pytest
from django.urls import reverse

from louyu import factories as f
from louyu.core.testing import HOME, MATRIX_ROLES, READ_RULES, matrix_user
from louyu.indicators.models import AlertKind
from louyu.web import figures

pytestmark = pytest.mark.django_db

TAXPAYER_TAX, BUILDING_TAX = "98765432.10", "7654321.00"


@pytest.fixture
def alerts():
    building = f.BuildingFactory(district=f.district(HOME))
    tenant = f.TenancyFactory(building=building, enterprise=f.EnterpriseFactory(district=building.district)).enterprise
    exit_alert = f.AlertFactory(building=building, kind=AlertKind.TOP_TAXPAYER_EXIT, enterprise=tenant, subject=tenant.pk,
                                period=dt.date(2023, 5, 1), evidence={"year": 2023, "rank": 1, "window_tax": TAXPAYER_TAX,
                                                                      "move_out": "2023-05-31", "moved_to": "B0999"})
    fall_alert = f.AlertFactory(building=building, kind=AlertKind.TAX_FALL, period=dt.date(2023, 6, 1),
                                evidence={"year": 2023, "tax": BUILDING_TAX, "prior_tax": "9876543.00", "growth": "-0.225000"})
    return building, exit_alert, fall_alert


def _reads(role: str, klass: str) -> bool:
    return READ_RULES[role][klass] in ("all", "own")  # the alerts are in the user's own district and building


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_each_role_reads_an_alerts_evidence_without_the_tax_it_may_not_see(client, role, alerts):
    building, exit_alert, fall_alert = alerts
    user = matrix_user(role, building)
    client.force_login(user)
    sees_alert, sees_taxpayer, sees_building = (_reads(role, k) for k in ("monitoring", "enterprise_tax", "building_tax"))

    exit_page = client.get(reverse("web:alert_detail", args=[exit_alert.pk]))
    fall_page = client.get(reverse("web:alert_detail", args=[fall_alert.pk]))
    assert (exit_page.status_code, fall_page.status_code) == ((200, 200) if sees_alert else (404, 404))
    if sees_alert:
        exit_body, fall_body = exit_page.content.decode(), fall_page.content.decode()
        assert exit_alert.enterprise.name in exit_body and "迁出日期" in exit_body  # the alert itself, always
        assert ("98,765,432.10 元" in exit_body, "纳税排名" in exit_body) == (sees_taxpayer, sees_taxpayer)
        assert ('id="evidence-withheld"' in exit_body) == (not sees_taxpayer)
        assert ("7,654,321.00 元" in fall_body) == sees_building

    cockpit = {a["url"]: a["evidence"] for a in figures.open_alerts(user) or []}
    exit_url, fall_url = (reverse("web:alert_detail", args=[a.pk]) for a in (exit_alert, fall_alert))
    assert (exit_url in cockpit) == sees_alert
    if sees_alert:
        assert ("window_tax" in cockpit[exit_url], "rank" in cockpit[exit_url]) == (sees_taxpayer, sees_taxpayer)
        assert "move_out" in cockpit[exit_url]
        assert ("tax" in cockpit[fall_url]) == sees_building
    body = client.get(reverse("web:cockpit")).content.decode()
    assert (TAXPAYER_TAX in body or "98,765,432" in body) is False  # the cockpit lists alerts, never a taxpayer's tax

    page = client.get(reverse("web:building_detail", args=[building.pk]))
    if page.status_code == 200:
        history = page.content.decode()
        assert (exit_url in history) == sees_alert
        assert "98,765,432" not in history and TAXPAYER_TAX not in history

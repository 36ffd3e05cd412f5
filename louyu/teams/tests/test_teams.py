"""优秀楼宇招商运营团队: combined indicators of a team's buildings, yearly recognition, scope."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from louyu import factories as f
from louyu.core.models import AuditEntry
from louyu.core.testing import ROLES, ScopedCase, walk
from louyu.indicators.tests.scenario import building, compute, enterprise, report, tax, tenancy
from louyu.teams import selectors, services
from louyu.teams.forms import OperationTeamForm

pytestmark = pytest.mark.django_db


def test_a_team_s_buildings_are_combined_from_the_engine_s_facts():
    a, b = building(office_area=Decimal("10000")), building(office_area=Decimal("30000"))
    report(a, 2023, 12, leased="10000.00")
    report(b, 2023, 12, leasable="30000.00", leased="15000.00")
    for bld, monthly in ((a, Decimal("10000000")), (b, 100)):
        firm = enterprise()
        tenancy(firm, bld)
        tax(firm, 2023, monthly)
    compute()
    team = f.OperationTeamFactory()
    team.buildings.set([a, b])
    got = selectors.combined(team, 2023)
    assert got["buildings"] == 2 and got["hundred_million"] == 1
    assert got["total_tax"] == Decimal("120001200.00")
    assert got["occupancy_rate"] == Decimal("0.625")  # (10000 + 15000) / 40000
    assert got["tax_per_m2"] == Decimal("3000.03")


def test_the_city_recognises_a_team_once_a_year():
    team = f.OperationTeamFactory()
    with pytest.raises(PermissionDenied):
        services.team_recognise(team=team, year=2023, recognised_on=dt.date(2024, 1, 20), actor=f.district_editor("姑苏区"))
    services.team_recognise(team=team, year=2023, recognised_on=dt.date(2024, 1, 20), note="招商成效突出", actor=f.city_admin())
    with pytest.raises(ValidationError):
        services.team_recognise(team=team, year=2023, recognised_on=dt.date(2024, 2, 1), actor=f.city_admin())
    assert [r["recognised"] for r in selectors.ranking(2023, f.city_admin())] == [True]


def test_the_team_edit_form_saves_unchanged(client):
    admin = f.city_admin()
    team = f.OperationTeamFactory()
    team.buildings.set([f.BuildingFactory(), f.BuildingFactory()])
    client.force_login(admin)
    form = OperationTeamForm(instance=team, user=admin)
    data = {n: ([str(v) for v in form[n].value()] if isinstance(form[n].value(), list) else ("" if form[n].value() is None else form[n].value()))
            for n in form.fields}
    before = AuditEntry.objects.count()
    assert client.post(reverse("teams:team_edit", args=[team.pk]), data).status_code == 302
    assert AuditEntry.objects.count() == before
    data["buildings"] = data["buildings"][:1]
    client.post(reverse("teams:team_edit", args=[team.pk]), data)
    assert team.buildings.count() == 1 and AuditEntry.objects.count() == before + 1


CASES = [
    ScopedCase("招商运营团队", make=lambda d: f.OperationTeamFactory(district=d), marker=lambda r: r.name, list_url="teams:team_list",
               detail_url="teams:team_detail", edit_url="teams:team_edit", add_url="teams:team_add", api_basename="operationteam"),
    ScopedCase("优秀招商运营团队认定", make=lambda d: f.TeamRecognitionFactory(team=f.OperationTeamFactory(district=d)),
               marker=lambda r: str(r.pk)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_each_role_sees_and_changes_only_teams_in_its_scope(client, case, role):
    assert walk(client, case, role) == []


def test_every_scoped_model_of_the_app_has_a_case():
    from django.apps import apps

    scoped = {m._meta.verbose_name for m in apps.get_app_config("teams").get_models() if getattr(m, "scope_path", None)}
    assert scoped == {c.label for c in CASES}

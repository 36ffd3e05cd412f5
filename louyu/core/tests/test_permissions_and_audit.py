"""Scoping rules in louyu.core.permissions and the audit trail written by louyu.core.services."""
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from louyu import factories as f
from louyu.buildings.models import Building
from louyu.core import permissions
from louyu.core.audit import history_of
from louyu.core.models import AuditEntry, Role
from louyu.core.services import object_create, object_delete, object_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_buildings():
    return f.BuildingFactory(district=f.district("姑苏区")), f.BuildingFactory(district=f.district("工业园区"))


def test_district_editor_sees_and_changes_only_their_district(two_buildings):
    gusu, park = two_buildings
    editor = f.district_editor("姑苏区")
    assert list(permissions.restrict(Building.objects.all(), editor, "view")) == [gusu]
    assert list(permissions.restrict(Building.objects.all(), editor, "change")) == [gusu]
    assert not permissions.can(editor, "change", park)


def test_district_editor_reads_every_districts_targets_but_changes_none():
    from louyu.programme.models import AnnualTarget

    editor = f.district_editor("姑苏区")
    assert permissions.restrict(AnnualTarget.objects.all(), editor, "view").count() == 10
    assert not permissions.restrict(AnnualTarget.objects.all(), editor, "change").exists()


def test_leader_reads_everything_and_changes_nothing(two_buildings):
    leader = f.user_with_role(Role.CITY_VIEWER)
    assert permissions.restrict(Building.objects.all(), leader, "view").count() == 2
    assert not permissions.restrict(Building.objects.all(), leader, "change").exists()


def test_anonymous_sees_nothing(two_buildings):
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.restrict(Building.objects.all(), AnonymousUser(), "view").exists()


def test_operator_changes_only_their_buildings_reports(two_buildings):
    gusu, park = two_buildings
    mine = f.OperationReportFactory(building=gusu)
    f.OperationReportFactory(building=park)
    operator = f.user_with_role(Role.OPERATOR, buildings=[gusu])
    from louyu.buildings.models import OperationReport

    assert list(permissions.restrict(OperationReport.objects.all(), operator, "change")) == [mine]
    assert not permissions.restrict(Building.objects.all(), operator, "change").exists()


def test_update_is_audited_with_old_and_new_values(two_buildings):
    gusu, _ = two_buildings
    editor = f.district_editor("姑苏区")
    changes = object_update(obj=gusu, data={"office_area": Decimal("25000.50"), "name": "新名称大厦"}, actor=editor)
    assert changes["office_area"] == ["20000.00", "25000.50"]
    entry = history_of(gusu).get()
    assert entry.actor == editor and entry.action == "update" and entry.district_id == gusu.district_id
    assert entry.changes["name"][1] == "新名称大厦"


def test_update_without_change_writes_no_audit(two_buildings):
    gusu, _ = two_buildings
    assert object_update(obj=gusu, data={"name": gusu.name}, actor=None) == {}
    assert not AuditEntry.objects.exists()


def test_district_editor_cannot_change_another_district(two_buildings):
    _, park = two_buildings
    with pytest.raises(PermissionDenied):
        object_update(obj=park, data={"name": "越权修改"}, actor=f.district_editor("姑苏区"))
    park.refresh_from_db()
    assert park.name != "越权修改"
    assert not AuditEntry.objects.exists()


def test_district_editor_cannot_move_a_building_into_another_district(two_buildings):
    gusu, _ = two_buildings
    with pytest.raises(PermissionDenied):
        object_update(obj=gusu, data={"district": f.district("工业园区")}, actor=f.district_editor("姑苏区"))


def test_district_editor_creates_only_in_their_district():
    editor = f.district_editor("姑苏区")
    data = dict(code="SZ-NEW-1", name="新楼", address="干将路1号", district=f.district("工业园区"))
    with pytest.raises(PermissionDenied):
        object_create(model=Building, data=data, actor=editor)
    data["district"] = f.district("姑苏区")
    building = object_create(model=Building, data=data, actor=editor)
    assert history_of(building).get().action == "create"


def test_delete_is_audited_with_the_old_values(two_buildings):
    gusu, _ = two_buildings
    admin = f.city_admin()
    code = gusu.code
    object_delete(obj=gusu, actor=admin)
    entry = AuditEntry.objects.get(action="delete")
    assert entry.changes["code"] == [code, None] and entry.actor == admin


def test_a_many_to_many_field_is_set_and_audited_as_primary_keys_in_one_entry():
    from louyu.teams.models import OperationTeam

    admin, one, two = f.city_admin(), f.BuildingFactory(), f.BuildingFactory()
    data = {"name": "某运营团队", "company": "某物业公司", "district": one.district}
    team = object_create(model=OperationTeam, data={**data, "buildings": Building.objects.filter(pk=one.pk)}, actor=admin)
    assert list(team.buildings.all()) == [one]
    assert AuditEntry.objects.filter(object_id=str(team.pk)).get().changes["buildings"] == [None, [one.pk]]
    assert object_update(obj=team, data={"buildings": [one]}, actor=admin) == {}  # unchanged: nothing written
    changes = object_update(obj=team, data={"name": "新名称", "buildings": [one, two]}, actor=admin)
    assert changes["buildings"] == [[one.pk], sorted([one.pk, two.pk])] and changes["name"] == ["某运营团队", "新名称"]
    assert set(team.buildings.all()) == {one, two} and AuditEntry.objects.filter(object_id=str(team.pk)).count() == 2

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from louyu import factories
from louyu.buildings.services import building_create, building_update, operation_report_upsert
from louyu.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_building_form_uses_the_same_rules_as_the_import():
    data = {"code": "GS1", "name": "甲", "district": factories.district("姑苏区"), "address": "人民路1号", "gross_area": Decimal("-1")}
    with pytest.raises(ValidationError) as info:
        building_create(data=data, actor=factories.city_admin())
    assert info.value.message_dict == {"gross_area": ["建筑面积不能为负数"]}


def test_a_district_editor_creates_and_edits_only_in_their_district_with_audit():
    editor = factories.district_editor("姑苏区")
    building = building_create(data={"code": "GS1", "name": "甲", "district": factories.district("姑苏区"), "address": "路1号"}, actor=editor)
    building_update(building=building, data={"name": "甲大厦"}, actor=editor)
    assert AuditEntry.objects.filter(object_id=str(building.pk), action="update").get().changes == {"name": ["甲", "甲大厦"]}
    with pytest.raises(PermissionDenied):
        building_create(data={"code": "YQ1", "name": "乙", "district": factories.district("工业园区"), "address": "路2号"}, actor=editor)


def test_operation_report_upsert_refuses_more_leased_than_leasable():
    building = factories.BuildingFactory()
    report, action = operation_report_upsert(building=building, period=dt.date(2023, 1, 1),
                                              data={"leasable_area": Decimal("100"), "leased_area": Decimal("80")}, actor=None)
    assert action == "create"
    with pytest.raises(ValidationError, match="不能大于可租面积"):
        operation_report_upsert(building=building, period=dt.date(2023, 1, 1), data={"leased_area": Decimal("120")}, actor=None)

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from louyu import factories
from louyu.core.models import AuditEntry
from louyu.enterprises.models import TenancyKind
from louyu.enterprises.selectors import Stay, overlapping_pairs
from louyu.enterprises.services import enterprise_create, tax_record_upsert, tenancy_create, tenancy_update

pytestmark = pytest.mark.django_db


def test_half_open_stays_touching_on_the_same_day_do_not_overlap():
    a = Stay(1, dt.date(2020, 1, 1), dt.date(2023, 6, 30), "a")
    b = Stay(1, dt.date(2023, 6, 30), None, "b")
    c = Stay(1, dt.date(2023, 6, 29), dt.date(2023, 7, 1), "c")
    assert overlapping_pairs([a, b]) == []
    assert {(x.ref, y.ref) for x, y in overlapping_pairs([a, b, c])} == {("a", "c"), ("c", "b")}


def test_a_second_registered_tenancy_in_another_building_may_not_overlap_the_first():
    firm = factories.EnterpriseFactory()
    first = factories.TenancyFactory(enterprise=firm, move_in=dt.date(2020, 1, 1))
    other = factories.BuildingFactory()
    admin = factories.city_admin()
    with pytest.raises(ValidationError, match="重叠"):
        tenancy_create(data={"enterprise": firm, "building": other, "move_in": dt.date(2022, 1, 1),
                             "kind": TenancyKind.REGISTERED_ONLY}, actor=admin)
    tenancy_update(tenancy=first, data={"move_out": dt.date(2022, 1, 1)}, actor=admin)
    created = tenancy_create(data={"enterprise": firm, "building": other, "move_in": dt.date(2022, 1, 1),
                                   "kind": TenancyKind.REGISTERED_ONLY}, actor=admin)
    assert AuditEntry.objects.filter(object_id=str(created.pk), action="create").exists()


def test_an_enterprise_with_a_negative_capital_is_refused_in_chinese():
    with pytest.raises(ValidationError) as info:
        enterprise_create(data={"uscc": factories.next_uscc(), "name": "甲", "registered_capital": Decimal("-1")}, actor=None)
    assert info.value.message_dict == {"registered_capital": ["注册资本不能为负数"]}


def test_tax_record_upsert_creates_updates_and_leaves_unchanged_with_audit():
    firm = factories.EnterpriseFactory()
    record, action = tax_record_upsert(enterprise=firm, period=dt.date(2023, 1, 1), total_tax=Decimal("10"), actor=None)
    assert action == "create"
    _, action = tax_record_upsert(enterprise=firm, period=dt.date(2023, 1, 1), total_tax=Decimal("10.00"), actor=None)
    assert action == "unchanged"
    _, action = tax_record_upsert(enterprise=firm, period=dt.date(2023, 1, 1), total_tax=Decimal("12.5"), actor=None)
    assert action == "update"
    assert AuditEntry.objects.filter(object_id=str(record.pk)).latest("id").changes == {"total_tax": ["10.00", "12.50"]}

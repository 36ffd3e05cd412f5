"""The 修改记录 reads as officials speak (成立日期, 核实状态 未核实 → 已核实), and no role can rewrite history."""
import datetime as dt

import pytest
from django.urls import reverse

from louyu import factories as f
from louyu.core import permissions
from louyu.core.audit import readable_changes
from louyu.core.models import AuditEntry
from louyu.core.testing import MATRIX_ROLES, matrix_user
from louyu.enterprises.services import enterprise_update

pytestmark = pytest.mark.django_db


def test_the_change_history_shows_field_and_choice_labels_in_chinese(client):
    firm = f.EnterpriseFactory(established_on=dt.date(2015, 6, 1))
    admin = f.city_admin()
    enterprise_update(enterprise=firm, data={"established_on": dt.date(2016, 1, 1), "verification": "verified",
                                             "district": f.district("吴中区")}, actor=admin)
    entry = AuditEntry.objects.get(object_id=str(firm.pk), action="update")
    assert sorted(readable_changes(entry)) == sorted([
        ("成立日期", "2015-06-01", "2016-01-01"), ("核实状态", "未核实", "已核实"), ("归属地区", "姑苏区", "吴中区")])
    client.force_login(admin)
    html = client.get(reverse("web:enterprise_detail", args=[firm.pk])).content.decode()
    assert "成立日期" in html and "未核实 → 已核实" in html
    assert "established_on" not in html and "unverified" not in html


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_the_audit_trail_is_append_only_for_every_role(client, role):
    entry = f.AuditEntryFactory(district_id=f.district("姑苏区").pk)
    user = matrix_user(role, f.BuildingFactory())
    user.is_staff = True  # even with the admin site open to them
    user.save()
    for action in ("add", "change", "delete"):
        assert not permissions.restrict(AuditEntry.objects.all(), user, action).exists()
    client.force_login(user)
    before = AuditEntry.objects.values().get(pk=entry.pk)
    client.post(reverse("admin:core_auditentry_change", args=[entry.pk]), {"note": "改写"})
    client.post(reverse("admin:core_auditentry_delete", args=[entry.pk]), {"post": "yes"})
    assert AuditEntry.objects.values().get(pk=entry.pk) == before

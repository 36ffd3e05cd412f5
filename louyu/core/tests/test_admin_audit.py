"""Django admin edits official data like the platform's forms do: audited (who, when, old → new) in the same
transaction, and followed by the indicator refresh."""
import datetime as dt
from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from louyu import factories as f
from louyu.core import changes
from louyu.core.admin import AuditedAdmin, ReadOnlyAdmin
from louyu.core.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = f.city_admin(username="city-staff")
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client, user


def test_every_admin_of_data_is_audited_or_read_only():
    plain = [m._meta.label for m, a in admin.site._registry.items()
             if m._meta.app_label not in ("auth", "contenttypes", "sessions", "admin")
             and not isinstance(a, (AuditedAdmin, ReadOnlyAdmin))]
    assert plain == []


def test_an_admin_change_is_audited_and_refreshes_the_facts(staff_client, django_capture_on_commit_callbacks):
    client, user = staff_client
    tenancy = f.TenancyFactory(area=Decimal("300.00"))
    heard = []
    changes.after_change(record := lambda batch, affected: heard.append(affected))
    try:
        url = reverse("admin:enterprises_tenancy_change", args=[tenancy.pk])
        form = client.get(url).context["adminform"].form
        data = {k: v for k, v in form.initial.items() if v is not None}
        data.update({"area": "450.00", "enterprise": tenancy.enterprise_id, "building": tenancy.building_id,
                     "move_in": tenancy.move_in.isoformat(), "move_out": ""})
        data = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
    finally:
        changes.remove(record)
    tenancy.refresh_from_db()
    assert tenancy.area == Decimal("450.00")
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(tenancy.pk))
    assert entry.actor == user and entry.note == "管理后台" and entry.changes["area"] == ["300.00", "450.00"]
    assert heard == [{"buildings": {tenancy.building_id}, "enterprises": {tenancy.enterprise_id}, "months": set()}]


def test_an_admin_delete_is_audited(staff_client):
    client, user = staff_client
    target = f.AnnualTargetFactory()
    response = client.post(reverse("admin:programme_annualtarget_delete", args=[target.pk]), {"post": "yes"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.DELETE, object_id=str(target.pk))
    assert entry.actor == user and entry.note == "管理后台" and entry.changes["year"][1] is None

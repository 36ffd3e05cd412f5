"""The writable API: create, update, delete where the role allows, through the same services as the forms
(same rules, permission checks and audit); a rule violation is a 400 in Chinese, a write outside one's
role or district a 403 (or 404 for a row one cannot see); lists are paginated and orderable."""
import pytest

from louyu import factories as f
from louyu.buildings.models import Building
from louyu.core.models import AuditAction, AuditEntry
from louyu.core.tokens import token_create

pytestmark = pytest.mark.django_db


def _building(district, code="API-001", **extra):
    return {"code": code, "name": "接口大厦", "district": district.pk, "address": "人民路1号", **extra}


def _audits(obj, action):
    return AuditEntry.objects.filter(object_id=str(obj.pk), action=action, content_type__model=obj._meta.model_name)


def test_a_district_editor_creates_and_updates_a_building_of_their_district_audited(client):
    editor = f.district_editor("姑苏区")
    client.force_login(editor)
    response = client.post("/api/buildings/", _building(editor.profile.district), content_type="application/json")
    assert response.status_code == 201, response.json()
    building = Building.objects.get(code="API-001")
    assert _audits(building, AuditAction.CREATE).get().actor == editor
    response = client.patch(f"/api/buildings/{building.pk}/", {"name": "改名大厦"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["name"] == "改名大厦"
    assert _audits(building, AuditAction.UPDATE).count() == 1
    client.patch(f"/api/buildings/{building.pk}/", {"name": "改名大厦"}, content_type="application/json")
    assert _audits(building, AuditAction.UPDATE).count() == 1  # saving unchanged changes nothing


def test_writes_outside_the_role_or_district_are_refused(client):
    editor = f.district_editor("姑苏区")
    other = f.BuildingFactory(district=f.district("吴中区"))
    client.force_login(editor)
    assert client.post("/api/buildings/", _building(other.district), content_type="application/json").status_code == 403
    assert client.patch(f"/api/buildings/{other.pk}/", {"name": "x"}, content_type="application/json").status_code == 404
    assert client.delete(f"/api/buildings/{other.pk}/").status_code == 404
    client.force_login(f.user_with_role("city_viewer"))  # leaders read, never write
    own = f.BuildingFactory(district=editor.profile.district)
    assert client.patch(f"/api/buildings/{own.pk}/", {"name": "x"}, content_type="application/json").status_code == 403
    assert client.post("/api/buildings/", _building(own.district, code="API-9"), content_type="application/json").status_code == 403
    assert Building.objects.filter(name="x").count() == 0


def test_the_forms_rules_apply_and_errors_come_back_in_chinese(client):
    admin = f.city_admin()
    client.force_login(admin)
    response = client.post("/api/buildings/", _building(f.district("姑苏区"), gross_area="-5", latitude="95"),
                           content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["gross_area"] == ["建筑面积不能为负数"] and body["latitude"] == ["纬度应在 -90 到 90 之间"]
    existing = f.BuildingFactory()
    response = client.post("/api/buildings/", _building(existing.district, code=existing.code), content_type="application/json")
    assert response.status_code == 400 and "已存在" in str(response.json()["code"])


def test_a_city_admin_deletes_through_the_audited_delete(client):
    client.force_login(f.city_admin())
    building = f.BuildingFactory()
    assert client.delete(f"/api/buildings/{building.pk}/").status_code == 204
    assert not Building.objects.filter(pk=building.pk).exists()
    assert _audits(building, AuditAction.DELETE).count() == 1


def test_a_token_holder_writes_with_the_tokens_users_rights(client):
    editor = f.district_editor("姑苏区")
    _, token = token_create(user=editor)
    response = client.post("/api/enterprises/", {"uscc": f.EnterpriseFactory.build().uscc, "name": "令牌写入有限公司",
                                                 "district": editor.profile.district.pk, "registered_address": "人民路2号"},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 201, response.json()


def test_lists_are_paginated_and_orderable(client):
    client.force_login(f.city_admin())
    for code in ("ORD-2", "ORD-1", "ORD-3"):
        f.BuildingFactory(code=code)
    codes = [b["code"] for b in client.get("/api/buildings/?ordering=-code").json()["results"]]
    assert codes == sorted(codes, reverse=True)
    assert client.get("/api/buildings/").json()["count"] == 3

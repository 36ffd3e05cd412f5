"""预警处理: a district sees its own alerts, filters them, and moves one from 新预警 to 已处理 with the reason
— assigned, commented and closed through the page, each step audited; the building keeps the history."""
import pytest
from django.urls import reverse

from louyu import factories as f
from louyu.core.models import AuditEntry
from louyu.core.testing import ROLES, ScopedCase, walk
from louyu.indicators import services
from louyu.indicators.models import AlertComment, AlertKind, AlertStatus

pytestmark = pytest.mark.django_db

ALERTS = ScopedCase("预警", make=lambda d: f.AlertFactory(building=f.BuildingFactory(district=d)), marker=lambda r: r.building.name,
                    building_of=lambda r: r.building, list_url="web:alert_list", detail_url="web:alert_detail")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_only_the_alerts_in_its_scope(client, role):
    # The list has no export; the walk checks list and detail (the export check reads the list's csv).
    case = ScopedCase(**{**ALERTS.__dict__, "list_url": None})
    assert walk(client, case, role) == []
    rows = {a.building.name: a for a in f.AlertFactory._meta.model.objects.select_related("building")}
    body = client.get(reverse("web:alert_list"), {"status": "all"}).content.decode()
    for name, alert in rows.items():
        assert (name in body) == bool(client.get(reverse("web:alert_detail", args=[alert.pk])).status_code == 200)


def test_filters_by_kind_status_and_district(client):
    gusu, wuzhong = f.district("姑苏区"), f.district("吴中区")
    fall = f.AlertFactory(building=f.BuildingFactory(district=gusu, name="跌幅大厦"))
    zombie = f.AlertFactory(kind=AlertKind.ZOMBIE, building=f.BuildingFactory(district=wuzhong, name="僵尸大厦"))
    closed = f.AlertFactory(building=f.BuildingFactory(district=gusu, name="已处理大厦"), status=AlertStatus.HANDLED, note="已核实")
    client.force_login(f.city_admin())
    url = reverse("web:alert_list")

    def names(**query):
        body = client.get(url, query).content.decode()
        return {b for b in ("跌幅大厦", "僵尸大厦", "已处理大厦") if b in body}

    assert names() == {"跌幅大厦", "僵尸大厦"}  # open ones by default
    assert names(kind=AlertKind.ZOMBIE) == {"僵尸大厦"}
    assert names(status="handled") == {"已处理大厦"}
    assert names(status="all", district=gusu.pk) == {"跌幅大厦", "已处理大厦"}
    assert names(q="僵尸") == {"僵尸大厦"}
    assert fall.pk and zombie.pk and closed.pk


def test_a_district_editor_assigns_comments_and_closes_an_alert_with_the_reason(client):
    alert = f.AlertFactory(building=f.BuildingFactory(district=f.district("姑苏区")))
    editor, colleague = f.district_editor("姑苏区"), f.district_editor("姑苏区")
    client.force_login(editor)
    act = reverse("web:alert_act", args=[alert.pk])

    client.post(act, {"action": "seen"})
    client.post(act, {"action": "assign", "assignee": colleague.pk})
    client.post(act, {"action": "comment", "note": "已电话联系楼宇运营方"})
    response = client.post(act, {"action": "handle", "note": ""}, follow=True)
    assert "请填写处理说明" in response.content.decode()  # closing needs the reason
    client.post(act, {"action": "handle", "note": "企业季节性波动，已核实"})

    alert.refresh_from_db()
    assert (alert.status, alert.assigned_to, alert.note) == (AlertStatus.HANDLED, colleague, "企业季节性波动，已核实")
    assert list(alert.comments.values_list("text", flat=True)) == ["已电话联系楼宇运营方"]
    assert AuditEntry.objects.filter(object_id=str(alert.pk), content_type__model="alert").count() == 3  # seen, assign, handle
    assert AuditEntry.objects.filter(content_type__model="alertcomment").count() == 1
    page = client.get(reverse("web:alert_detail", args=[alert.pk])).content.decode()
    assert "企业季节性波动，已核实" in page and "已电话联系楼宇运营方" in page
    building_page = client.get(reverse("web:building_detail", args=[alert.building_id])).content.decode()
    assert reverse("web:alert_detail", args=[alert.pk]) in building_page and "已处理" in building_page


def test_an_alert_cannot_be_assigned_to_someone_outside_its_district():
    alert = f.AlertFactory(building=f.BuildingFactory(district=f.district("姑苏区")))
    with pytest.raises(Exception, match="无权处理该预警"):
        services.alert_assign(alert=alert, assignee=f.district_editor("吴中区"), actor=f.city_admin())


def test_readers_and_other_districts_cannot_act_on_an_alert(client):
    alert = f.AlertFactory(building=f.BuildingFactory(district=f.district("姑苏区")))
    act = reverse("web:alert_act", args=[alert.pk])
    client.force_login(f.user_with_role("city_viewer"))
    assert client.post(act, {"action": "comment", "note": "x"}).status_code == 403
    client.force_login(f.district_editor("吴中区"))
    assert client.post(act, {"action": "comment", "note": "x"}).status_code == 404
    assert not AlertComment.objects.exists()
    assert f.AlertFactory._meta.model.objects.get(pk=alert.pk).status == AlertStatus.NEW

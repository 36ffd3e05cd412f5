"""Officials delete what they registered by mistake: one confirmation page, the register's delete service, an audit
entry, the user's scope — and a refusal in Chinese while rows depend on the record."""
import datetime as dt

import pytest
from django.urls import reverse

from louyu import factories as f
from louyu.core.models import AuditAction, AuditEntry, Role
from louyu.events.models import Event, EventAttachment

pytestmark = pytest.mark.django_db


def gusu_building():
    return f.BuildingFactory(district=f.district("姑苏区"))


# register → (make a row in 姑苏区, its delete URL name, a dependent row that refuses the delete, the reason's words)
CASES = {
    "event": (lambda: f.EventFactory(kind="joint_meeting"), "events:event_delete",
              lambda e: f.ResolutionFactory(event=e), "议定事项"),
    "service_point": (lambda: f.ServicePointFactory(building=gusu_building()), "servicepoints:point_delete",
                      lambda p: f.ServiceVolumeFactory(point=p), "月度办件量"),
    "party": (lambda: f.PartyOrganisationFactory(building=gusu_building()), "servicepoints:party_delete", None, ""),
    "team": (lambda: f.OperationTeamFactory(), "teams:team_delete", lambda t: f.TeamRecognitionFactory(team=t), "优秀团队认定"),
    "inspection": (lambda: f.InspectionFactory(), "evaluation:inspection_delete",
                   lambda i: f.InspectionFollowUpFactory(inspection=i), "整改跟进报告"),
    "resolution": (lambda: f.ResolutionFactory(event=f.EventFactory(kind="joint_meeting")), "events:resolution_delete", None, ""),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_district_editor_confirms_and_deletes_its_own_row_with_an_audit_entry(client, case):
    make, url_name, _, _ = CASES[case]
    row = make()
    model = type(row)
    client.force_login(f.district_editor("姑苏区"))
    url = reverse(url_name, args=[row.pk])
    page = client.get(url)
    assert page.status_code == 200 and "确认删除" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302 and not model.objects.filter(pk=row.pk).exists()
    entry = AuditEntry.objects.get(action=AuditAction.DELETE, object_id=str(row.pk), content_type__model=model._meta.model_name)
    assert entry.note == "网页删除" and entry.changes


@pytest.mark.parametrize("case", [c for c, v in CASES.items() if v[2]])
def test_a_row_others_depend_on_is_refused_with_the_reason_in_chinese(client, case):
    make, url_name, dependent, words = CASES[case]
    row = make()
    dependent(row)
    client.force_login(f.city_admin())
    url = reverse(url_name, args=[row.pk])
    page = client.get(url).content.decode()
    assert "不能删除" in page and words in page and "确认删除" not in page
    response = client.post(url)
    assert response.status_code == 400 and words in response.content.decode()
    assert type(row).objects.filter(pk=row.pk).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.DELETE).exists()


def test_another_district_s_row_is_not_there_and_a_viewer_may_not_delete(client):
    wuzhong = f.EventFactory(district=f.district("吴中区"))
    client.force_login(f.district_editor("姑苏区"))
    assert client.post(reverse("events:event_delete", args=[wuzhong.pk])).status_code in (403, 404)
    assert Event.objects.filter(pk=wuzhong.pk).exists()
    mine = f.EventFactory()
    client.force_login(f.user_with_role(Role.CITY_VIEWER))
    assert client.post(reverse("events:event_delete", args=[mine.pk])).status_code in (403, 404)
    assert Event.objects.filter(pk=mine.pk).exists()


def test_an_event_goes_with_its_materials_each_audited(client, django_capture_on_commit_callbacks):
    event = f.EventFactory()
    material = f.EventAttachmentFactory(event=event)
    path = material.file.path
    client.force_login(f.city_admin())
    detail = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    assert reverse("events:event_delete", args=[event.pk]) in detail
    assert "1 条活动材料" in client.get(reverse("events:event_delete", args=[event.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:event_delete", args=[event.pk]))
    assert not EventAttachment.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, content_type__model="eventattachment").count() == 1
    import os

    assert not os.path.exists(path)


def test_the_detail_pages_offer_delete_only_to_who_may(client):
    team = f.OperationTeamFactory()
    url = reverse("teams:team_detail", args=[team.pk])
    client.force_login(f.city_admin())
    assert 'id="delete-button"' in client.get(url).content.decode()
    client.force_login(f.district_editor("吴中区"))
    assert 'id="delete-button"' not in client.get(url).content.decode()

"""Workflow steps through the API are the services' steps as POST actions: a district submits its 附件1 row and
only the city returns (with a reason) or approves it; a lead moves on and signing creates the tenancy; a
request is resolved; a service point reports its month. Each is audited like the page's step."""
import datetime as dt

import pytest

from louyu import factories as f
from louyu.core.models import AuditEntry
from louyu.enterprises.models import Tenancy

pytestmark = pytest.mark.django_db
TARGETS = {"office_buildings_10k": 21, "new_100m": 1, "cumulative_100m": 4, "new_featured": 1, "renovated": 1,
           "promotion_events": 6}


def test_a_district_submits_its_targets_and_only_the_city_returns_or_approves_them(client):
    editor = f.district_editor("姑苏区")
    client.force_login(editor)
    response = client.post("/api/target-versions/", {"year": 2030, "district": editor.profile.district.pk, **TARGETS},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "submitted", response.json()
    version = response.json()["id"]
    other = f.district("吴中区").pk
    refused = client.post("/api/target-versions/", {"year": 2030, "district": other, **TARGETS}, content_type="application/json")
    assert refused.status_code == 403
    assert client.post(f"/api/target-versions/{version}/approve/").status_code == 403  # the city approves
    client.force_login(f.city_admin())
    no_reason = client.post(f"/api/target-versions/{version}/return/", {"return_reason": ""}, content_type="application/json")
    assert no_reason.status_code == 400 and "return_reason" in no_reason.json()
    returned = client.post(f"/api/target-versions/{version}/return/", {"return_reason": "累计数与台账不符"},
                           content_type="application/json")
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    again = client.post(f"/api/target-versions/{version}/approve/")
    assert again.status_code == 400 and "不是待审核" in str(again.json())
    adjusted = client.post("/api/target-versions/adjust/", {"year": 2030, "district": other, **TARGETS, "reason": "市级调整"},
                           content_type="application/json")
    assert adjusted.status_code == 201 and adjusted.json()["status"] == "approved" and adjusted.json()["number"] == 1


def test_a_lead_moves_on_and_signing_creates_the_tenancy(client):
    unit = f.VacantUnitFactory(building=f.BuildingFactory(district=f.district("姑苏区")))
    lead = f.LeadFactory(demand=f.DemandFactory(district=unit.building.district, uscc=f.next_uscc()), unit=unit)
    client.force_login(f.district_editor("姑苏区"))
    backwards = client.post(f"/api/leads/{lead.pk}/advance/", {"stage": "clue"}, content_type="application/json")
    assert backwards.status_code == 400 and "stage" in backwards.json()
    lost = client.post(f"/api/leads/{lead.pk}/advance/", {"stage": "lost"}, content_type="application/json")
    assert lost.status_code == 400 and lost.json()["lost_reason"] == ["流失须填写原因"]
    signed = client.post(f"/api/leads/{lead.pk}/advance/", {"stage": "signed", "on": dt.date.today().isoformat()},
                         content_type="application/json")
    assert signed.status_code == 200 and signed.json()["stage"] == "signed", signed.json()
    tenancy = Tenancy.objects.get(pk=signed.json()["tenancy"])
    assert tenancy.building == unit.building and AuditEntry.objects.filter(object_id=str(tenancy.pk), action="create").exists()
    client.force_login(f.district_editor("吴中区"))
    assert client.post(f"/api/leads/{lead.pk}/advance/", {"stage": "lost", "reason": "x"},
                       content_type="application/json").status_code == 404


def test_a_request_is_resolved_and_a_service_point_reports_its_month(client):
    request = f.EnterpriseRequestFactory(building=f.BuildingFactory(district=f.district("姑苏区")))
    operator = f.user_with_role("operator", buildings=[request.building])
    client.force_login(operator)
    empty = client.post(f"/api/enterprise-requests/{request.pk}/resolve/", {"resolution": " "}, content_type="application/json")
    assert empty.status_code == 400 and empty.json()["resolution"]
    resolved = client.post(f"/api/enterprise-requests/{request.pk}/resolve/", {"resolution": "已协调登记"},
                           content_type="application/json")
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    point = f.ServicePointFactory(building=request.building)
    client.force_login(f.district_editor("姑苏区"))
    volume = client.post(f"/api/service-points/{point.pk}/volumes/", {"period": "2024-03-01", "transactions": 120,
                                                                      "self_service": 30}, content_type="application/json")
    assert volume.status_code == 200 and volume.json()["transactions"] == 120
    client.force_login(f.user_with_role("city_viewer"))
    assert client.post(f"/api/service-points/{point.pk}/volumes/", {"period": "2024-03-01", "transactions": 1, "self_service": 0},
                       content_type="application/json").status_code == 403

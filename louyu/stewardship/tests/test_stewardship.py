"""楼长制 and 企业诉求: who may be 楼长, the one-screen 楼长 page, coverage, request tracking, and the top
taxpayer alert that never shows tax to roles that may not see it."""
import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from louyu import factories as f
from louyu.core.models import AuditEntry
from louyu.core.testing import ROLES, ScopedCase, walk
from louyu.indicators import alerts
from louyu.indicators.models import AlertKind
from louyu.stewardship import selectors, services
from louyu.stewardship.models import RequestStatus

pytestmark = pytest.mark.django_db


CASES = [
    ScopedCase("楼长", make=lambda d: f.BuildingStewardFactory(building=f.BuildingFactory(district=d)), marker=lambda r: r.building.code,
               building_of=lambda r: r.building, list_url="stewardship:steward_list", detail_url="stewardship:steward_detail",
               edit_url="stewardship:steward_edit", add_url="stewardship:steward_add", api_basename="buildingsteward"),
    # Operators record requests in their buildings, so the add page is checked below rather than by the walk.
    ScopedCase("企业诉求", make=lambda d: f.EnterpriseRequestFactory(building=f.BuildingFactory(district=d)),
               marker=lambda r: r.enterprise_name, building_of=lambda r: r.building, list_url="stewardship:request_list",
               detail_url="stewardship:request_detail", edit_url="stewardship:request_edit", api_basename="enterpriserequest",
               operator_writable=True),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_each_role_sees_and_changes_only_stewardship_rows_in_its_scope(client, case, role):
    assert walk(client, case, role) == []


def test_every_stewardship_model_has_a_case():
    from django.apps import apps

    assert {m._meta.verbose_name for m in apps.get_app_config("stewardship").get_models()} == {c.label for c in CASES}


def test_a_steward_must_be_an_official_of_the_buildings_district():
    building = f.BuildingFactory(district=f.district("姑苏区"))
    actor = f.district_editor("姑苏区")
    with pytest.raises(ValidationError) as exc:
        services.steward_create(data={"building": building, "steward": f.district_editor("吴中区"), "since": dt.date(2024, 1, 1)}, actor=actor)
    assert "姑苏区的工作人员" in str(exc.value)
    with pytest.raises(ValidationError):
        services.steward_create(data={"building": building, "steward": f.user_with_role("operator"), "since": dt.date(2024, 1, 1)}, actor=actor)
    steward = services.steward_create(data={"building": building, "steward": f.district_editor("姑苏区"), "since": dt.date(2024, 1, 1)},
                                      actor=actor)
    assert AuditEntry.objects.filter(object_id=str(steward.pk), action="create").exists()


def test_an_operator_records_a_request_in_their_building_and_it_is_tracked_to_confirmation():
    building = f.BuildingFactory()
    operator = f.user_with_role("operator", buildings=[building])
    request = services.enterprise_request_create(data={
        "building": building, "enterprise_name": "苏州某设计有限公司", "category": "space", "summary": "需要扩租 300㎡",
        "received_on": dt.date(2024, 3, 1), "due_on": dt.date(2024, 3, 20)}, actor=operator)
    with pytest.raises(PermissionDenied):
        services.enterprise_request_create(data={"building": f.BuildingFactory(), "enterprise_name": "x", "category": "other",
                                                 "summary": "x", "received_on": dt.date(2024, 3, 1), "due_on": dt.date(2024, 3, 2)},
                                           actor=operator)
    with pytest.raises(ValidationError):
        services.enterprise_request_confirm(request=request, actor=operator)
    with pytest.raises(ValidationError):
        services.enterprise_request_resolve(request=request, resolution=" ", actor=operator)
    services.enterprise_request_resolve(request=request, resolution="已协调同楼层 320㎡", actor=operator, on=dt.date(2024, 3, 18))
    services.enterprise_request_confirm(request=request, actor=operator, on=dt.date(2024, 3, 19))
    request.refresh_from_db()
    assert (request.status, request.resolved_on, request.confirmed_on) == (RequestStatus.CONFIRMED, dt.date(2024, 3, 18), dt.date(2024, 3, 19))


def test_requests_are_counted_collected_solved_and_overdue_per_district():
    gusu, wuzhong = f.BuildingFactory(district=f.district("姑苏区")), f.BuildingFactory(district=f.district("吴中区"))
    f.EnterpriseRequestFactory(building=gusu, due_on=dt.date(2024, 3, 10))  # overdue on 2024-04-01
    f.EnterpriseRequestFactory(building=gusu, status=RequestStatus.RESOLVED, resolved_on=dt.date(2024, 3, 5))
    f.EnterpriseRequestFactory(building=wuzhong, due_on=dt.date(2024, 5, 1))
    from louyu.stewardship.models import EnterpriseRequest

    counts = selectors.request_counts(EnterpriseRequest.objects.select_related("building__district"), dt.date(2024, 4, 1),
                                      key=lambda r: r.building.district.name)
    assert {r["key"]: (r["collected"], r["solved"], r["overdue"]) for r in counts} == {"姑苏区": (2, 1, 1), "吴中区": (1, 0, 0)}


def test_coverage_lists_key_buildings_without_a_steward():
    gusu = f.district("姑苏区")
    covered = f.BuildingFactory(district=gusu, is_key=True, name="有楼长大厦")
    f.BuildingFactory(district=gusu, is_key=True, name="无楼长大厦")
    f.BuildingFactory(district=gusu, is_key=False, name="非重点大厦")
    f.BuildingStewardFactory(building=covered)
    [row] = selectors.coverage(f.district_editor("姑苏区"))
    assert (row["key"], row["covered"], [b.name for b in row["missing"]]) == (2, 1, ["无楼长大厦"])


def _top_taxpayer_request():
    today = dt.date.today()
    building = f.BuildingFactory()
    big = f.EnterpriseFactory(name="纳税大户有限公司")
    f.TaxRecordFactory(enterprise=big, period=today.replace(day=1), total_tax=Decimal("6000000"))
    small = f.EnterpriseFactory(name="小微有限公司")
    f.TaxRecordFactory(enterprise=small, period=today.replace(day=1), total_tax=Decimal("1000"))
    received = today - dt.timedelta(days=10)  # open for longer than the 7 days the alert waits
    for enterprise in (big, small):
        f.EnterpriseRequestFactory(building=building, enterprise=enterprise, enterprise_name=enterprise.name,
                                   received_on=received, due_on=received + dt.timedelta(days=15))
    steward = f.BuildingStewardFactory(building=building)
    alerts.redetect([AlertKind.TOP_REQUEST_OPEN], [building.pk])
    return building, steward


def test_an_open_request_from_a_top_taxpayer_is_an_alert_on_the_steward_page_without_any_tax_figure(client):
    building, steward = _top_taxpayer_request()
    client.force_login(steward.steward)
    body = client.get(reverse("stewardship:steward_page")).content.decode()
    alerts_card = body[body.index('id="steward-alerts"'):body.index('id="steward-late"')]
    assert "纳税大户有限公司" in alerts_card and "小微有限公司" not in alerts_card
    assert "6,000,000" not in body and "600" not in re.sub(r"\d{4}-\d{2}-\d{2}", "", alerts_card)


def test_a_role_that_may_not_see_tax_gets_no_top_taxpayer_flag():
    building, steward = _top_taxpayer_request()
    from louyu.stewardship.models import EnterpriseRequest

    requests = [r.enterprise_id for r in EnterpriseRequest.objects.all()]
    operator = f.user_with_role("operator", buildings=[building])
    assert selectors.top_taxpayer_ids(operator, requests, dt.date.today()) == set()
    assert selectors.top_taxpayer_ids(f.district_editor("吴中区"), requests, dt.date.today()) == set()
    assert selectors.top_taxpayer_ids(steward.steward, requests, dt.date.today()) == {
        EnterpriseRequest.objects.get(enterprise_name="纳税大户有限公司").enterprise_id}


def test_the_steward_page_shows_leases_ending_within_90_days_and_open_requests(client):
    today = dt.date.today()
    steward = f.BuildingStewardFactory()
    f.TenancyFactory(building=steward.building, enterprise=f.EnterpriseFactory(name="即将到期有限公司"),
                     move_out=today + dt.timedelta(days=30))
    f.TenancyFactory(building=steward.building, enterprise=f.EnterpriseFactory(name="远期到期有限公司"),
                     move_out=today + dt.timedelta(days=200))
    client.force_login(steward.steward)
    body = client.get(reverse("stewardship:steward_page")).content.decode()
    leases = body[body.index('id="leases"'):]
    assert "即将到期有限公司" in leases and "远期到期有限公司" not in leases


@pytest.mark.parametrize("which", ["steward", "request"])
def test_each_edit_form_saved_unchanged_changes_nothing(client, which):
    from louyu.investment.tests.test_pages import _form_data

    client.force_login(f.city_admin())
    obj = f.BuildingStewardFactory() if which == "steward" else f.EnterpriseRequestFactory(resolution="")
    url = reverse(f"stewardship:{which}_edit", args=[obj.pk])
    before = AuditEntry.objects.count()
    response = client.post(url, _form_data(client.get(url).content.decode()))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AuditEntry.objects.count() == before


def test_coverage_page_and_request_add_page_by_role(client):
    client.force_login(f.district_editor("姑苏区"))
    assert client.get(reverse("stewardship:coverage")).status_code == 200
    for user, status in ((f.user_with_role("operator", buildings=[f.BuildingFactory()]), 200), (f.user_with_role("operator"), 403),
                         (f.user_with_role("city_viewer"), 403), (f.district_editor(), 200)):
        client.force_login(user)
        assert client.get(reverse("stewardship:request_add")).status_code == status

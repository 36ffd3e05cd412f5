"""政务服务进楼宇 (self-service ratio per building, district, city and its trend) and 楼宇党建 (counts, coverage)."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from louyu import factories as f
from louyu.core.models import AuditEntry
from louyu.core.testing import ROLES, ScopedCase, walk
from louyu.servicepoints import selectors, services
from louyu.servicepoints.forms import PartyOrganisationForm, ServicePointForm
from louyu.servicepoints.models import GovernmentService

pytestmark = pytest.mark.django_db


def test_the_service_catalogue_is_reference_data():
    assert GovernmentService.objects.filter(code="license-print", self_service=True).exists()
    assert GovernmentService.objects.filter(code="talent", self_service=False).exists()


def test_self_service_ratio_per_district_and_city_and_its_monthly_trend():
    gusu = f.ServicePointFactory(building=f.BuildingFactory(district=f.district("姑苏区")))
    park = f.ServicePointFactory(building=f.BuildingFactory(district=f.district("工业园区")))
    admin = f.city_admin()
    services.service_volume_record(point=gusu, period=dt.date(2023, 1, 1), transactions=100, self_service=40, actor=admin)
    services.service_volume_record(point=gusu, period=dt.date(2023, 2, 1), transactions=100, self_service=60, actor=admin)
    services.service_volume_record(point=park, period=dt.date(2023, 2, 1), transactions=300, self_service=240, actor=admin)
    rows = {(r["district"].name if r["district"] else "全市"): r for r in selectors.self_service_by_district(2023)}
    assert rows["姑苏区"]["ratio"] == 0.5 and rows["工业园区"]["ratio"] == 0.8
    assert rows["全市"]["ratio"] == round(340 / 500, 4)
    assert rows["吴中区"]["ratio"] is None
    assert [t["ratio"] for t in selectors.self_service_trend(2023)] == [0.4, 0.75]
    assert [t["ratio"] for t in selectors.self_service_trend(2023, building=gusu.building)] == [0.4, 0.6]
    # a month reported again replaces the earlier report
    services.service_volume_record(point=gusu, period=dt.date(2023, 1, 1), transactions=100, self_service=50, actor=admin)
    assert selectors.self_service_trend(2023, building=gusu.building)[0]["ratio"] == 0.5


def test_self_service_cannot_exceed_transactions_and_districts_report_only_their_own_points():
    point = f.ServicePointFactory(building=f.BuildingFactory(district=f.district("吴中区")))
    with pytest.raises(ValidationError):
        services.service_volume_record(point=point, period=dt.date(2023, 1, 1), transactions=10, self_service=11, actor=f.city_admin())
    with pytest.raises(PermissionDenied):
        services.service_volume_record(point=point, period=dt.date(2023, 1, 1), transactions=10, self_service=1,
                                       actor=f.district_editor("姑苏区"))


def test_party_organisations_counted_by_type_and_key_building_coverage():
    gusu = f.district("姑苏区")
    key_a, key_b = f.BuildingFactory(district=gusu, is_key=True), f.BuildingFactory(district=gusu, is_key=True)
    f.PartyOrganisationFactory(building=key_a, kind="independent", members=20)
    f.PartyOrganisationFactory(building=key_a, kind="functional", members=5)
    f.PartyOrganisationFactory(building=f.BuildingFactory(district=gusu), kind="joint", members=8)
    row = next(r for r in selectors.party_coverage() if r["district"].name == "姑苏区")
    assert row["total"] == 3 and row["members"] == 33 and row["by_kind"] == {"independent": 1, "functional": 1, "joint": 1}
    assert (row["covered"], row["key_buildings"], row["coverage"]) == (1, 2, 0.5)
    assert key_b.pk  # the uncovered key building


def test_a_party_organisation_needs_at_least_three_members():
    with pytest.raises(ValidationError):
        services.party_organisation_create(data={"name": "某党支部", "kind": "independent", "building": f.BuildingFactory(),
                                                 "lead_unit": "某公司", "members": 2}, actor=f.city_admin())


@pytest.mark.parametrize("form_class,url,make", [
    (ServicePointForm, "servicepoints:point_edit", lambda: f.ServicePointFactory()),
    (PartyOrganisationForm, "servicepoints:party_edit", lambda: f.PartyOrganisationFactory(founded_on=dt.date(2020, 7, 1))),
])
def test_each_edit_form_saves_unchanged(client, form_class, url, make):
    admin = f.city_admin()
    obj = make()
    if hasattr(obj, "services"):
        obj.services.set(GovernmentService.objects.filter(self_service=True)[:2])
    client.force_login(admin)
    form = form_class(instance=obj, user=admin)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value
    before = AuditEntry.objects.count()
    assert client.post(reverse(url, args=[obj.pk]), data).status_code == 302
    assert AuditEntry.objects.count() == before


def test_the_overview_page_shows_ratio_and_coverage(client):
    f.ServiceVolumeFactory()
    client.force_login(f.user_with_role("city_viewer"))
    page = client.get(reverse("servicepoints:overview"), {"year": 2023}).content.decode()
    assert 'id="self-service"' in page and 'id="party-coverage"' in page and "60.0%" in page


CASES = [
    ScopedCase("政务服务点", make=lambda d: f.ServicePointFactory(building=f.BuildingFactory(district=d)), marker=lambda r: r.name,
               building_of=lambda r: r.building, list_url="servicepoints:point_list", detail_url="servicepoints:point_detail",
               edit_url="servicepoints:point_edit", add_url="servicepoints:point_add", api_basename="servicepoint"),
    ScopedCase("楼宇党组织", make=lambda d: f.PartyOrganisationFactory(building=f.BuildingFactory(district=d)), marker=lambda r: r.name,
               building_of=lambda r: r.building, list_url="servicepoints:party_list", detail_url="servicepoints:party_detail",
               edit_url="servicepoints:party_edit", add_url="servicepoints:party_add", api_basename="partyorganisation"),
    ScopedCase("服务点月度办件量", make=lambda d: f.ServiceVolumeFactory(point=f.ServicePointFactory(building=f.BuildingFactory(district=d))),
               marker=lambda r: str(r.pk), building_of=lambda r: r.point.building),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_each_role_sees_and_changes_only_rows_in_its_scope(client, case, role):
    assert walk(client, case, role) == []


def test_every_scoped_model_of_the_app_has_a_case():
    from django.apps import apps

    scoped = {m._meta.verbose_name for m in apps.get_app_config("servicepoints").get_models() if getattr(m, "scope_path", None)}
    assert scoped == {c.label for c in CASES}

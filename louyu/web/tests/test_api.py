"""The REST API: schema and docs, FilterSets, a bounded number of queries per list."""
import pytest
from django.urls import reverse

from louyu import factories as f


@pytest.mark.django_db
def test_schema_and_docs_are_served_without_a_cdn(admin_client):
    schema = admin_client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/buildings/" in schema.content
    docs = admin_client.get("/api/docs/").content.decode()
    assert "vendor/swagger-ui" in docs and "cdn" not in docs


@pytest.mark.django_db
def test_building_api_filters_by_district_and_search(admin_client):
    gusu = f.BuildingFactory(district=f.district("姑苏区"), name="平江大厦")
    wuzhong = f.BuildingFactory(district=f.district("吴中区"), name="太湖大厦")
    ids = {b["id"] for b in admin_client.get(reverse("api:building-list"), {"district": gusu.district_id}).json()["results"]}
    assert ids == {gusu.pk}
    ids = {b["id"] for b in admin_client.get(reverse("api:building-list"), {"q": "太湖"}).json()["results"]}
    assert ids == {wuzhong.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("basename", ["building", "enterprise", "tenancy", "taxrecord", "operationreport", "renovationproject"])
def test_api_lists_do_not_query_per_row(admin_client, django_assert_max_num_queries, basename):
    for _ in range(12):
        building = f.BuildingFactory()
        tenancy = f.TenancyFactory(building=building)
        f.TaxRecordFactory(enterprise=tenancy.enterprise)
        f.OperationReportFactory(building=building)
        f.RenovationProjectFactory(building=building)
    with django_assert_max_num_queries(6):
        response = admin_client.get(reverse(f"api:{basename}-list"))
    assert response.status_code == 200 and response.json()["count"] >= 12


@pytest.mark.django_db
def test_a_district_users_api_hides_other_districts_rows_as_404(client):
    client.force_login(f.district_editor("姑苏区"))
    other = f.EnterpriseFactory(district=f.district("吴中区"))
    assert client.get(reverse("api:enterprise-detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("api:district-list")).json()["count"] == 10  # summaries: all districts

"""Every page renders for a city administrator with a bounded number of queries (an N+1 fails here)."""
import pytest
from django.urls import reverse

from louyu import factories as f
from louyu.buildings.models import Building, NewBuildingProject, RenovationProject
from louyu.enterprises.models import Enterprise

# Fixed per-page budgets: rows on a page are fetched in bulk, so the count must not grow with the rows
# (the fixture puts 7 buildings, 14 enterprises and 7 projects of each kind on the lists, with facts).
# cockpit and district page: +11 constant queries for the programme panels (late assignments, targets in force,
# the year-end forecast's monthly facts of two years, visibility, names)
BUDGETS = {
    # the cockpit: 待办 (3 queries) and the ranking's reconciliation with the city total (1)
    # cockpit_screen +1: the 亿元楼宇 leaderboard reads building facts through the need-to-know rules; +1: the
    # mechanism rules' verdicts of the current year (one query for the year's events); +1: the newest audit
    # entry, the stamp the late assignments are cached against (a cached visit skips their two queries)
    "cockpit": 43, "cockpit_screen": 29, "district_detail": 37, "building_list": 13, "building_detail": 29,
    "new_project_list": 11, "renovation_list": 11, "enterprise_list": 12, "enterprise_detail": 16, "map": 8,
    "map_data": 8, "import_history": 8, "import_upload": 5, "new_project_detail": 11, "renovation_detail": 11,
    "building_edit": 8, "building_why": 14, "building_tax_rows": 12,
}


def _url(name, populated):
    building = populated[0]
    args = {
        "district_detail": [building.district_id], "building_detail": [building.pk], "building_edit": [building.pk],
        "building_why": [building.pk], "building_tax_rows": [building.pk],
        "enterprise_detail": [Enterprise.objects.filter(tenancies__building=building).first().pk],
        "new_project_detail": [NewBuildingProject.objects.first().pk],
        "renovation_detail": [RenovationProject.objects.first().pk],
    }.get(name, [])
    return reverse(f"web:{name}", args=args)


@pytest.mark.parametrize("name", sorted(BUDGETS))
def test_page_renders_within_its_query_budget(admin_client, populated, django_assert_max_num_queries, name):
    url = _url(name, populated)
    with django_assert_max_num_queries(BUDGETS[name]):
        response = admin_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["building_list", "enterprise_list", "new_project_list", "renovation_list", "cockpit", "building_detail"])
def test_every_list_and_chart_page_shows_the_latest_tax_month_as_its_as_of_date(admin_client, populated, name):
    html = admin_client.get(_url(name, populated)).content.decode()
    assert "数据截至" in html and "2024年3月" in html


def test_building_list_filters_by_district_and_search(admin_client, populated):
    wuzhong = [b for b in populated if b.district.name == "吴中区"]
    html = admin_client.get(reverse("web:building_list"), {"district": wuzhong[0].district_id}).content.decode()
    assert all(b.code in html for b in wuzhong)
    assert not any(b.code in html for b in populated if b.district.name == "姑苏区")
    html = admin_client.get(reverse("web:building_list"), {"q": populated[3].name}).content.decode()
    assert populated[3].code in html and populated[4].code not in html


def test_building_list_sorts_by_a_column_both_ways(admin_client, populated):
    codes = sorted(b.code for b in populated)
    html = admin_client.get(reverse("web:building_list"), {"sort": "code"}).content.decode()
    assert html.index(codes[0]) < html.index(codes[-1])
    html = admin_client.get(reverse("web:building_list"), {"sort": "-code"}).content.decode()
    assert html.index(codes[-1]) < html.index(codes[0])


def test_register_export_is_an_xlsx_of_the_filtered_rows(admin_client, populated):
    import io

    from openpyxl import load_workbook

    district = populated[0].district
    response = admin_client.get(reverse("web:building_list"), {"district": district.pk, "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    expected = set(Building.objects.filter(district=district).values_list("code", flat=True))
    assert expected <= set(values)
    assert not any(b.code in values for b in populated if b.district_id != district.pk)


def test_map_data_is_geojson_of_visible_buildings_only(gusu_client, populated):
    data = gusu_client.get(reverse("web:map_data")).json()
    codes = {feature["properties"]["code"] for feature in data["features"]}
    assert codes == {b.code for b in populated if b.district.name == "姑苏区"}


def test_leaders_see_read_only_pages_without_edit_or_add_buttons(client, populated):
    client.force_login(f.user_with_role("city_viewer"))
    html = client.get(reverse("web:building_list")).content.decode()
    assert "编辑" not in html and "＋ 新增" not in html
    html = client.get(reverse("web:building_detail", args=[populated[0].pk])).content.decode()
    assert 'id="edit-button"' not in html
    assert client.get(reverse("web:building_add")).status_code == 403


def test_pages_use_no_cdn(admin_client, populated):
    for name in ("cockpit", "map", "building_detail"):
        html = admin_client.get(_url(name, populated)).content.decode()
        assert "//cdn" not in html and "unpkg" not in html and "jsdelivr" not in html
    docs = admin_client.get(reverse("api-docs")).content.decode()
    assert "jsdelivr" not in docs and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs


def test_anonymous_users_are_sent_to_login(client, db):
    for url in ("/cockpit/", "/buildings/", "/map/buildings.json"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/api/buildings/").status_code in (401, 403)


def test_a_department_user_sees_the_key_tasks_of_their_unit(client, db):
    client.force_login(f.user_with_role("department", department="市住建局"))
    html = client.get(reverse("web:cockpit")).content.decode()
    section = html[html.index('id="my-tasks"'):]
    assert "市住建局" in section and "市行政审批局重点围绕政务服务进楼宇" not in section

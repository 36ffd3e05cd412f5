"""招商 pages: who may list space, forms that save unchanged, ranking and pipeline through the web."""
import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from louyu import factories as f
from louyu.indicators import alerts
from louyu.indicators.models import Alert, AlertKind
from louyu.core.models import AuditEntry
from louyu.enterprises.models import Tenancy
from louyu.investment.models import Lead, LeadStage, VacantUnit

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _form_data(html: str) -> dict:
    """What a browser would post back from the edit form, untouched (inputs, selected options, textareas)."""
    data = {}
    form = html[html.index('id="edit-form"'):]
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="file"' in tag or name.group(1) == "csrfmiddlewaretoken":
            continue
        if 'type="checkbox"' in tag:
            if "checked" in tag:
                data[name.group(1)] = "on"
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = selected.group(1) if selected else ""
    for name, body in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[name] = body.strip("\n")
    return data


@pytest.mark.parametrize("which", ["unit", "demand", "lead"])
def test_each_edit_form_saved_unchanged_changes_nothing(client, which):
    admin = f.city_admin()
    client.force_login(admin)
    obj = {"unit": lambda: f.VacantUnitFactory(divisible=True, note="南向"),
           "demand": lambda: f.DemandFactory(uscc=f.next_uscc(), note="需要会议室"),
           "lead": lambda: f.LeadFactory(notes="首次接触")}[which]()
    url = reverse(f"investment:{which}_edit", args=[obj.pk])
    before = AuditEntry.objects.count()
    response = client.post(url, _form_data(client.get(url).content.decode()))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AuditEntry.objects.count() == before


def test_an_operator_may_list_space_in_their_building_with_a_photo_and_it_is_served_only_to_those_who_see_it(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    building = f.BuildingFactory()
    operator = f.user_with_role("operator", buildings=[building])
    client.force_login(operator)
    assert client.get(reverse("investment:unit_add")).status_code == 200
    response = client.post(reverse("investment:unit_add"), {
        "building": building.pk, "floor": "8", "unit": "801", "area": "260", "asking_rent": "3.2", "fit_out": "full",
        "available_from": "2024-05-01", "photo": SimpleUploadedFile("照片.png", PNG), "note": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    unit = VacantUnit.objects.get(building=building, unit="801")
    assert unit.photo.name.endswith(".png") and "照片" not in unit.photo.name
    served = client.get(reverse("investment:unit_attachment", args=[unit.pk, "photo"]))
    assert served.status_code == 200 and served["X-Content-Type-Options"] == "nosniff"
    client.force_login(f.district_editor("吴中区"))
    assert client.get(reverse("investment:unit_attachment", args=[unit.pk, "photo"])).status_code == 404


def test_roles_that_do_not_list_space_are_refused_the_add_page(client):
    for user, status in ((f.user_with_role("operator"), 403), (f.user_with_role("city_viewer"), 403),
                         (f.user_with_role("department", department="市税务局"), 403), (f.district_editor(), 200)):
        client.force_login(user)
        assert client.get(reverse("investment:unit_add")).status_code == status


def test_the_building_page_shows_its_open_vacant_units(client):
    building = f.BuildingFactory()
    f.VacantUnitFactory(building=building, floor="21", unit="2101")
    f.VacantUnitFactory(building=building, floor="22", unit="2201", status="withdrawn")
    client.force_login(f.city_admin())
    body = client.get(reverse("web:building_detail", args=[building.pk])).content.decode()
    assert "21层 2101" in body and "2201" not in body


def test_the_map_data_carries_names_as_data_and_the_script_never_builds_html_from_them(client):
    building = f.BuildingFactory(name="<img src=x onerror=alert(1)>大厦", longitude=120.6, latitude=31.3)
    f.VacantUnitFactory(building=building)
    client.force_login(f.city_admin())
    data = client.get(reverse("investment:unit_map_data")).json()
    assert data["features"][0]["properties"]["name"] == building.name
    from pathlib import Path

    script = (Path(__file__).resolve().parents[2] / "web/static/louyu/vacancy-map.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "textContent = p.name" in script


def test_the_vacant_list_filters_by_area_rent_and_fit_out_and_sorts_by_rent(client):
    b = f.BuildingFactory()
    f.VacantUnitFactory(building=b, unit="A1", area=Decimal(200), asking_rent=Decimal("2.5"), fit_out="full")
    f.VacantUnitFactory(building=b, unit="A2", area=Decimal(800), asking_rent=Decimal("4.5"), fit_out="shell")
    f.VacantUnitFactory(building=b, unit="A3", area=Decimal(600), asking_rent=Decimal("3.0"), fit_out="full")
    client.force_login(f.city_admin())
    url = reverse("investment:unit_list")
    def rows(params) -> str:  # the table's rows only: the page's random CSRF token may contain "A2"
        body = client.get(url, params).content.decode()
        return body[body.index("<tbody"):]

    body = rows({"area_min": 500, "fit_out": "full"})
    assert "A3" in body and "A1" not in body and "A2" not in body
    body = rows({"rent_max": "3.0", "sort": "-asking_rent"})
    assert body.index("A3") < body.index("A1") and "A2" not in body


def test_a_district_user_ranks_units_for_a_demand_starts_a_lead_and_signs_it(client):
    gusu = f.district("姑苏区")
    user = f.district_editor("姑苏区")
    building = f.BuildingFactory(district=gusu, name="法务大厦")
    unit = f.VacantUnitFactory(building=building, area=Decimal(400))
    demand = f.DemandFactory(district=gusu, enterprise_name="苏州示例律师事务所")
    client.force_login(user)
    page = client.get(reverse("investment:demand_detail", args=[demand.pk])).content.decode()
    assert "法务大厦" in page and "面积匹配" in page and "产业契合" in page
    response = client.post(reverse("investment:lead_start", args=[demand.pk]), {"unit": unit.pk})
    lead = Lead.objects.get(demand=demand)
    assert response.url == reverse("investment:lead_detail", args=[lead.pk])
    today = dt.date.today().isoformat()
    uscc = f.next_uscc()
    client.post(reverse("investment:lead_advance", args=[lead.pk]), {"stage": "signed", "on": today, "uscc": uscc, "note": "签约"})
    lead.refresh_from_db()
    assert lead.stage == LeadStage.SIGNED
    assert Tenancy.objects.get(enterprise__uscc=uscc).building == building
    overview = client.get(reverse("investment:overview")).content.decode()
    assert "姑苏区" in overview and "100%" in overview


def test_the_overview_flags_a_building_whose_listed_vacancy_disagrees_with_its_report(client):
    building = f.BuildingFactory(name="核对大厦")
    f.OperationReportFactory(building=building, period=dt.date(2024, 3, 1), leasable_area=Decimal(18000), leased_area=Decimal(17500))
    f.VacantUnitFactory(building=building, area=Decimal(4000))
    alerts.redetect([AlertKind.VACANCY_GAP])
    client.force_login(f.district_editor("姑苏区"))
    body = client.get(reverse("investment:overview")).content.decode()
    gaps = body[body.index('id="gaps"'):]
    alert = Alert.objects.get(kind=AlertKind.VACANCY_GAP)
    assert "核对大厦" in gaps and reverse("web:alert_detail", args=[alert.pk]) in gaps and ">4000<" in gaps
    client.force_login(f.district_editor("吴中区"))
    assert "核对大厦" not in client.get(reverse("investment:overview")).content.decode()


@pytest.mark.parametrize("url_name", ["investment:unit_list", "investment:demand_list", "investment:lead_list", "investment:overview"])
def test_list_pages_cost_the_same_queries_for_3_rows_as_for_12(client, url_name, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from louyu.web import figures

    # A worker re-reads the facts' stamp every STAMP_SECONDS; on a loaded machine making nine rows takes longer.
    monkeypatch.setattr(figures, "STAMP_SECONDS", 3600)

    client.force_login(f.district_editor("姑苏区"))
    gusu = f.district("姑苏区")

    def grow(n):
        for _ in range(n):
            unit = f.VacantUnitFactory(building=f.BuildingFactory(district=gusu))
            f.LeadFactory(unit=unit, demand=f.DemandFactory(district=gusu), district=gusu)

    client.get(reverse(url_name))  # warm the page's caches (the as-of date): both counts below are steady state
    counts = []
    for n in (3, 9):
        grow(n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url_name)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
@pytest.mark.parametrize("building", ["99999999999999999999", "0", "1.5"])
def test_a_building_id_out_of_range_in_the_vacant_unit_api_is_a_400_not_a_500(admin_client, building):
    # Found by the API fuzz's boundary sweep: /api/vacant-units/?building=99999999999999999999 raised OverflowError.
    response = admin_client.get(reverse("api:vacantunit-list"), {"building": building})
    assert response.status_code == 400, response.content

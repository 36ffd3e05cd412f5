"""A real browser (Debian's Chromium via Playwright) against the live server: every role signs in through
the login page, opens the main pages without console errors, filters, exports and edits."""
import datetime as dt
import os
from pathlib import Path

import pytest

from louyu import factories as f
from louyu.web.common import in_yi_yuan

from .conftest import compute_facts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop in this thread
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PASSWORD = "Louyu-test-pass-2024"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def world(reference_data):
    """Two districts' worth of registers, tax for three months of 2024."""
    gusu, wuzhong = f.district("姑苏区"), f.district("吴中区")
    own = f.BuildingFactory(district=gusu, name="观前国际大厦", longitude=120.62, latitude=31.31, is_key=True)
    other = f.BuildingFactory(district=wuzhong, name="太湖金融港", longitude=120.63, latitude=31.26)
    for building in (own, other):
        tenancy = f.TenancyFactory(building=building, enterprise=f.EnterpriseFactory(district=building.district))
        for month in (1, 2, 3):
            f.TaxRecordFactory(enterprise=tenancy.enterprise, period=dt.date(2024, month, 1))
        f.OperationReportFactory(building=building, period=dt.date(2024, 3, 1))
    f.NewBuildingProjectFactory(district=gusu)
    f.RenovationProjectFactory(building=own)
    compute_facts()
    return {"own": own, "other": other, "gusu": gusu, "wuzhong": wuzhong}


class Session:
    """One signed-in browser context that records console errors and failed requests."""

    def __init__(self, browser, base_url):
        self.context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN", accept_downloads=True)
        self.page = self.context.new_page()
        self.base = base_url
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"{m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))

    def login(self, username):
        self.page.goto(self.base + "/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        with self.page.expect_navigation(wait_until="load"):
            self.page.click("button[type=submit]")
        assert "/accounts/login/" not in self.page.url, self.page.content()[:500]

    def open(self, path):
        response = self.page.goto(self.base + path, wait_until="load")
        return response.status


def _users(world):
    return {
        "city_admin": f.city_admin(username="b-admin"),
        "city_viewer": f.user_with_role("city_viewer", username="b-leader"),
        "district_editor": f.district_editor("姑苏区", username="b-gusu"),
        "department": f.user_with_role("department", department="市税务局", username="b-tax"),
        "operator": f.user_with_role("operator", username="b-operator", buildings=[world["own"]]),
    }


def test_each_role_signs_in_and_opens_the_main_pages_without_console_errors(browser, live_server, world):
    own = world["own"]
    pages = ["/cockpit/", f"/districts/{world['gusu'].pk}/", "/buildings/", f"/buildings/{own.pk}/", "/enterprises/",
             "/projects/new/", "/projects/renovation/", "/map/", "/imports/", "/cockpit/screen/"]
    for role, user in _users(world).items():
        session = Session(browser, live_server.url)
        session.login(user.username)
        # Every page for the administrator; the pages each other role works with most for the rest.
        for path in pages if role == "city_admin" else pages[:4] + ["/map/"]:
            status = session.open(path)
            assert status in (200, 404) if role == "operator" else status == 200, (role, path, status)
        assert session.errors == [], (role, session.errors)
        session.context.close()


def test_a_district_user_filters_exports_and_edits_own_building_but_is_refused_another_district(browser, live_server, world):
    own, other = world["own"], world["other"]
    user = f.district_editor("姑苏区", username="b-gusu2")
    session = Session(browser, live_server.url)
    session.login(user.username)
    page = session.page

    # The list shows only the own district, with an edit button on each row.
    session.open("/buildings/")
    assert page.locator("#total-count").inner_text() == "1"
    assert page.locator("#object-list").inner_text().count("观前国际大厦") == 1
    assert "太湖金融港" not in page.content()
    assert page.locator(f'a.edit-link[href="/buildings/{own.pk}/edit/"]').count() == 1

    # Filter: a search that matches nothing empties the table.
    page.fill("#filters input[name=q]", "不存在的楼宇")
    with page.expect_navigation(wait_until="load"):
        page.click("#filters button[type=submit]")
    assert "没有符合条件的数据" in page.locator("#object-list").inner_text()

    # Export: the download is an .xlsx.
    session.open("/buildings/")
    with page.expect_download() as download:
        page.click("#export-xlsx")
    assert download.value.suggested_filename.endswith(".xlsx")

    # Edit the own building through the form.
    session.open(f"/buildings/{own.pk}/")
    with page.expect_navigation(wait_until="load"):
        page.click("#edit-button")
    page.fill("#id_operator", "苏州观前物业有限公司")
    with page.expect_navigation(wait_until="load"):
        page.click("#edit-form button[type=submit]")
    assert page.url.endswith(f"/buildings/{own.pk}/")
    assert "苏州观前物业有限公司" in page.content()
    own.refresh_from_db()
    assert own.operator == "苏州观前物业有限公司"

    # Another district: its edit page is refused (403) and its district page offers no add buttons.
    assert session.open(f"/buildings/{other.pk}/edit/") == 403
    assert session.open(f"/districts/{world['wuzhong'].pk}/") == 200
    assert page.locator("text=＋ 新增楼宇").count() == 0
    assert session.errors == [] or all("403" in e for e in session.errors), session.errors
    session.context.close()


def test_the_cockpit_shows_the_engines_figures_and_the_map_draws_the_visible_buildings(browser, live_server, world):
    session = Session(browser, live_server.url)
    session.login(f.city_admin(username="b-admin2").username)
    session.open("/cockpit/")
    assert "2024年3月" in session.page.locator(".asof").first.inner_text()
    selectors = pytest.importorskip("louyu.indicators.selectors")
    city = selectors.city_summary(2024, 3)["city"]
    tax_card = session.page.locator(".kpi", has_text="全口径税收（2024 年").locator(".value")
    assert tax_card.inner_text().startswith(in_yi_yuan(city.total_tax))
    assert session.page.locator("#ranking tbody tr").count() == selectors.district_year_facts(2024).count()
    assert session.page.locator("canvas").count() >= 2  # ECharts drew the trend and the structure
    from playwright.sync_api import expect

    session.open("/map/")
    # a locator assertion, not wait_for_function: the page's CSP forbids the eval that one polls with
    expect(session.page.locator("#map-count")).not_to_have_text("…")
    assert session.page.locator("#map-count").inner_text() == "2"
    assert session.errors == [], session.errors
    session.context.close()

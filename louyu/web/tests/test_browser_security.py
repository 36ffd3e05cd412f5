"""Finding 6 (stored XSS): a building's name comes from any import, so the map and the building page's pin
must show it as text. A real browser opens both with a name that would run script if treated as HTML."""
import datetime as dt

import pytest

from louyu import factories as f

from .conftest import compute_facts
from .test_browser_pages import Session, browser  # noqa: F401  (the module-scoped Chromium fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = '<img src=x onerror="window.__xss=(window.__xss||0)+1">'


@pytest.fixture
def hostile_building(reference_data):
    building = f.BuildingFactory(district=f.district("姑苏区"), name=HOSTILE, longitude=120.62, latitude=31.31)
    tenancy = f.TenancyFactory(building=building, enterprise=f.EnterpriseFactory(district=building.district))
    f.TaxRecordFactory(enterprise=tenancy.enterprise, period=dt.date(2024, 3, 1))
    compute_facts()
    return building


def test_a_building_named_like_html_shows_as_text_on_the_map_and_the_pin_and_runs_no_script(
    browser, live_server, hostile_building  # noqa: F811
):
    session = Session(browser, live_server.url)
    session.login(f.city_admin(username="xss-admin").username)
    page = session.page

    session.open("/map/")
    from playwright.sync_api import expect

    expect(page.locator("#map-count")).to_have_text("1")  # (wait_for_function would eval: the CSP forbids it)
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # the only marker is centred
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert HOSTILE in popup.inner_text()
    assert popup.locator("img").count() == 0
    assert popup.locator("a").get_attribute("href") == f"/buildings/{hostile_building.pk}/"

    session.open(f"/buildings/{hostile_building.pk}/")
    tooltip = page.locator("#pin .leaflet-tooltip")
    tooltip.wait_for()
    assert tooltip.inner_text() == HOSTILE
    assert tooltip.locator("img").count() == 0
    page.wait_for_load_state("networkidle")  # a (wrongly) inserted <img> would have failed to load by now
    assert page.evaluate("window.__xss") is None
    session.context.close()

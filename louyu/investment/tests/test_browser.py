"""Real Chromium on a phone-sized viewport (390×844): a lead walked from demand to signed tenancy (the
building's occupancy changes at the next refresh), and an operator's monthly report from prefill to the
district's verification. With LOUYU_SCREENSHOTS=<dir> the walk also saves its pages there."""
import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest

from louyu import factories as f
from louyu.buildings.models import OperationReport
from louyu.core.models import Verification
from louyu.enterprises.models import Tenancy
from louyu.filing.rules import previous_month, reporting_period
from louyu.web.tests.conftest import compute_facts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run"]
PASSWORD = "Louyu-test-pass-2024"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


class Phone:
    def __init__(self, browser, base, username):
        self.context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
        self.page = self.context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(base + "/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        with self.page.expect_navigation(wait_until="load"):
            self.page.click("button[type=submit]")

    def open(self, path):
        return self.page.goto(self.base + path, wait_until="load").status

    def submit(self, selector):
        with self.page.expect_navigation(wait_until="load"):
            self.page.click(selector)

    def shot(self, name):
        folder = os.environ.get("LOUYU_SCREENSHOTS")
        if folder:
            self.page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _occupied_area(building, period):
    from louyu.indicators.models import BuildingMonth

    return BuildingMonth.objects.get(building=building, period=period).occupied_area


def test_a_lead_goes_from_demand_to_signed_tenancy_and_the_buildings_occupancy_follows(browser, live_server, reference_data):
    gusu = f.district("姑苏区")
    this_month = dt.date.today().replace(day=1)
    law = f.BuildingFactory(district=gusu, name="观前法务大厦", office_area=Decimal(20000), longitude=120.62, latitude=31.31)
    other = f.BuildingFactory(district=gusu, name="平江商务中心", office_area=Decimal(20000))
    for building, code in ((law, "7231"), (other, "6512")):
        tenant = f.TenancyFactory(building=building, enterprise=f.EnterpriseFactory(industry=f.industry(code)), area=Decimal(5000))
        f.TaxRecordFactory(enterprise=tenant.enterprise, period=this_month)
    f.VacantUnitFactory(building=other, floor="6", unit="601", area=Decimal(450), asking_rent=Decimal("3.0"))
    f.VacantUnitFactory(building=law, floor="9", unit="901", area=Decimal(450), asking_rent=Decimal("3.0"))
    demand = f.DemandFactory(district=gusu, enterprise_name="苏州明理律师事务所", move_in_by=dt.date.today() + dt.timedelta(days=30))
    compute_facts()
    before = _occupied_area(law, this_month)
    f.district_editor("姑苏区", username="p-gusu")

    phone = Phone(browser, live_server.url, "p-gusu")
    phone.open("/investment/")
    phone.shot("investment-overview-phone")
    phone.open(f"/investment/demands/{demand.pk}/")
    first = phone.page.locator(".match").first
    assert "观前法务大厦" in first.locator(".match-unit").inner_text()  # the law firm is steered to the legal building
    assert "产业契合" in first.inner_text()
    phone.shot("investment-matching-phone")
    with phone.page.expect_navigation(wait_until="load"):
        first.locator("button", has_text="建立线索").click()
    for stage in ("contact", "visit", "intent"):
        phone.page.select_option("#id_stage", stage)
        phone.page.fill("#id_note", f"跟进：{stage}")
        phone.submit("#advance-form button[type=submit]")
    uscc = f.next_uscc()
    phone.page.select_option("#id_stage", "signed")
    phone.page.fill("#id_uscc", uscc)
    phone.submit("#advance-form button[type=submit]")
    assert phone.page.locator("#lead-stage").inner_text() == "签约"
    tenancy = Tenancy.objects.get(enterprise__uscc=uscc)
    assert (tenancy.building_id, tenancy.area) == (law.pk, Decimal("450.00"))

    compute_facts()  # the next refresh
    assert _occupied_area(law, this_month) == before + Decimal(450)
    phone.open(f"/buildings/{law.pk}/")
    assert "9层 901" not in phone.page.locator("#vacant-units").inner_text()  # leased: no longer offered
    assert phone.errors == [], phone.errors
    phone.context.close()


def test_an_operator_files_the_month_on_a_phone_from_the_prefill_and_the_district_verifies_it(browser, live_server, reference_data):
    period = reporting_period(dt.date.today())
    building = f.BuildingFactory(district=f.district("姑苏区"), name="石路国际商城")
    f.OperationReportFactory(building=building, period=previous_month(period), leasable_area=Decimal(18000),
                             leased_area=Decimal(15000), average_rent=Decimal("3.20"), present_count=40)
    f.user_with_role("operator", username="p-operator", buildings=[building])
    f.district_editor("姑苏区", username="p-gusu-2")

    phone = Phone(browser, live_server.url, "p-operator")
    phone.open("/filing/")
    assert "尚未填报" in phone.page.locator("#reminders").inner_text()
    phone.submit(f"#file-{building.pk}")
    assert phone.page.input_value("#id_leasable_area") == "18000.00"  # carried forward from last month
    assert phone.page.input_value("#id_average_rent") == "3.20"
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width  # nothing sideways on a phone
    phone.shot("filing-phone-form")
    phone.page.fill("#id_average_rent", "3.35")  # the only change this month
    phone.submit("#filing-form button[type=submit]")
    assert phone.page.locator(f"#state-{building.pk}").inner_text() == "待核实"
    report = OperationReport.objects.get(building=building, period=period)
    assert (report.average_rent, report.leased_area, report.verification) == (Decimal("3.35"), Decimal("15000.00"), Verification.UNVERIFIED)
    assert phone.errors == [], phone.errors
    phone.context.close()

    district = Phone(browser, live_server.url, "p-gusu-2")
    district.open("/filing/")
    with district.page.expect_navigation(wait_until="load"):
        district.page.locator("#awaiting a", has_text="核实").first.click()
    district.page.check("input[name=decision][value=verify]")
    district.submit("#review-form button[type=submit]")
    report.refresh_from_db()
    assert report.verification == Verification.VERIFIED
    assert district.errors == [], district.errors
    district.context.close()

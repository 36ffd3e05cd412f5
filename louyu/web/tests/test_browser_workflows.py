"""The daily workflows that used to end in a dead end, walked in a real browser (Debian's Chromium)."""
import pytest

from louyu import factories as f
from louyu.indicators.models import AlertKind, AlertStatus

from .test_browser_pages import Session, browser  # noqa: F401  (the module-scoped Chromium fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_district_user_takes_an_alert_from_new_to_closed_with_the_reason(browser, live_server, reference_data):
    gusu = f.district("姑苏区")
    building = f.BuildingFactory(district=gusu, name="观前国际大厦")
    alert = f.AlertFactory(building=building, kind=AlertKind.TAX_FALL)
    f.AlertFactory(building=f.BuildingFactory(district=gusu, name="石路大厦"), kind=AlertKind.ZOMBIE)
    colleague = f.district_editor("姑苏区", username="b-colleague")
    session = Session(browser, live_server.url)
    session.login(f.district_editor("姑苏区", username="b-alerts").username)
    page = session.page

    session.open("/alerts/")
    assert page.locator("#total-count").inner_text() == "2"
    page.select_option("#id_kind", AlertKind.TAX_FALL)
    with page.expect_navigation(wait_until="load"):
        page.click("#filters button[type=submit]")
    assert page.locator("#total-count").inner_text() == "1"
    with page.expect_navigation(wait_until="load"):
        page.click("#alert-list a:has-text('税收同比下降')")

    with page.expect_navigation(wait_until="load"):
        page.click("#mark-seen")
    assert "已查看" in page.locator("#alert-status").inner_text()
    page.select_option("#assignee", str(colleague.pk))
    with page.expect_navigation(wait_until="load"):
        page.click("#assign")
    assert page.locator("#alert-assignee").inner_text() == "b-colleague"
    page.fill("#note", "已约谈企业财务负责人")
    with page.expect_navigation(wait_until="load"):
        page.click("#add-comment")
    assert "已约谈企业财务负责人" in page.locator("#comments").inner_text()
    page.fill("#note", "企业一季度集中缴税，全年持平，已核实")
    with page.expect_navigation(wait_until="load"):
        page.click("#close-alert")
    assert "已处理" in page.locator("#alert-status").inner_text()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.HANDLED and alert.note == "企业一季度集中缴税，全年持平，已核实"

    session.open("/alerts/")  # closed alerts leave the open list, and stay in the building's history
    assert page.locator("#total-count").inner_text() == "1"
    session.open(f"/buildings/{building.pk}/")
    assert "已处理" in page.locator("#building-alerts").inner_text()
    assert session.errors == [], session.errors
    session.context.close()


def test_a_district_user_attributes_an_unmatched_enterprise_by_searching_and_can_undo_it(browser, live_server, reference_data):
    import datetime as dt

    from louyu.matching import services as matching
    from louyu.matching.models import AddressMatch, MatchStatus

    park = f.district("工业园区")
    company = f.EnterpriseFactory(name="苏州创意设计有限公司", district=park, registered_address="苏州工业园区旺墩路88号金鸡湖创意大楼5层")
    f.TaxRecordFactory(enterprise=company, period=dt.date(2024, 3, 1))
    matching.enterprises_match(enterprises=[company])
    match = AddressMatch.objects.get(enterprise=company)
    assert match.status == MatchStatus.NONE
    building = f.BuildingFactory(code="P200", name="金鸡湖创意产业园", district=park, address="旺墩路88号")  # registered later
    session = Session(browser, live_server.url)
    session.login(f.district_editor("工业园区", username="b-park").username)
    page = session.page

    session.open("/matching/unmatched/")
    assert "苏州创意设计有限公司" in page.locator(f"#match-{match.pk}").inner_text()
    page.fill(f"#search-{match.pk}", "创意产业")
    page.wait_for_selector(f"#choices-{match.pk} button")
    with page.expect_navigation(wait_until="load"):
        page.click(f"#choices-{match.pk} button:has-text('归属到此楼宇')")
    assert "已处理" in page.locator(".messages").inner_text()
    assert page.locator(f"#match-{match.pk}").count() == 0
    building.refresh_from_db()
    assert "金鸡湖创意大楼" in building.aliases

    session.open("/matching/decisions/")
    with page.expect_navigation(wait_until="load"):
        page.click(f"#decision-{match.pk} button:has-text('撤销')")
    assert "已撤销" in page.locator(".messages").inner_text()
    match.refresh_from_db()
    assert match.status == MatchStatus.NONE
    assert session.errors == [], session.errors
    session.context.close()


def test_the_wall_screen_fits_1920_by_1080_with_map_leaderboard_and_alerts(browser, live_server, reference_data):
    import datetime as dt
    from decimal import Decimal

    from .conftest import compute_facts

    building = f.BuildingFactory(district=f.district("姑苏区"), name="观前国际大厦", longitude=120.62, latitude=31.31)
    tenancy = f.TenancyFactory(building=building, enterprise=f.EnterpriseFactory(district=building.district))
    f.TaxRecordFactory(enterprise=tenancy.enterprise, period=dt.date(2024, 1, 1), total_tax=Decimal("150000000.00"))
    compute_facts()
    f.AlertFactory(building=building)
    session = Session(browser, live_server.url)
    session.context.close()
    session.context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    session.page = session.context.new_page()
    session.login(f.user_with_role("city_viewer", username="b-screen").username)
    page = session.page
    session.open("/cockpit/screen/?year=2024&month=1")
    page.wait_for_selector("#map .leaflet-overlay-pane canvas", state="attached")
    assert page.evaluate("document.documentElement.scrollHeight") <= 1080
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
    assert "观前国际大厦" in page.locator("#leaderboard").inner_text()
    assert "亿元级" in page.locator("#leaderboard").inner_text()
    assert "税收同比下降" in page.locator("#screen-alerts").inner_text()
    assert page.locator(".screen-rotate .panel.shown").count() == 1
    # The cycle includes 三(五)'s mechanism rules for the current year; every panel, shown in turn, fits.
    compliance = page.locator("#screen-compliance")
    assert compliance.locator("[data-rule]").count() == 6 + 2 + 1 + 1  # two-month periods, half-years, 发展大会, 蓝皮书
    assert f"{dt.date.today().year} 年" in compliance.locator("h2").inner_text()
    for n in range(page.locator(".screen-rotate .panel").count()):
        page.evaluate("n => document.querySelectorAll('.screen-rotate .panel').forEach((p, k) => p.classList.toggle('shown', k === n))", n)
        assert page.evaluate("document.documentElement.scrollHeight") <= 1080
        assert page.evaluate("[...document.querySelectorAll('.screen-rotate .panel.shown .card')]"
                             ".every(c => c.scrollHeight <= c.parentElement.parentElement.clientHeight)")
    assert compliance.is_visible() and "推介活动每双月" in compliance.inner_text()
    session.context.close()


def test_the_review_queue_explains_recommends_and_finds_a_building_outside_the_candidates(browser, live_server, reference_data):
    from louyu.matching import services as matching
    from louyu.matching.models import AddressMatch, MatchStatus

    park = f.district("工业园区")
    f.BuildingFactory(code="B005", name="星港商务中心A座", aliases=["星港中心A座"], district=park, address="星港街188号", towers=["A座"])
    f.BuildingFactory(code="B006", name="星港商务中心B座", aliases=["星港中心B座"], district=park, address="星港街188号", towers=["B座"])
    elsewhere = f.BuildingFactory(code="B099", name="国际科技园五期", district=park, address="星湖街328号")
    company = f.EnterpriseFactory(name="苏州星港咨询有限公司", district=park, registered_address="苏州工业园区星港街188号星港商务中心")
    matching.enterprises_match(enterprises=[company])
    match = AddressMatch.objects.get(enterprise=company)
    assert match.status == MatchStatus.REVIEW
    session = Session(browser, live_server.url)
    session.login(f.district_editor("工业园区", username="b-review").username)
    page = session.page

    session.open("/matching/review/")
    item = page.locator(f"#match-{match.pk}")
    assert "与地址相符" in item.locator(".evidence").first.inner_text()
    assert "个候选得分接近" in item.locator(".recommendation").inner_text()  # twin towers at one number
    page.fill(f"#search-{match.pk}", "科技园五期")
    page.wait_for_selector(f"#choices-{match.pk} button")
    with page.expect_navigation(wait_until="load"):
        page.click(f"#choices-{match.pk} button:has-text('归属到此楼宇')")
    match.refresh_from_db()
    assert (match.status, match.building) == (MatchStatus.CORRECTED, elsewhere)
    assert page.locator(f"#match-{match.pk}").count() == 0
    assert session.errors == [], session.errors
    session.context.close()


def test_a_rejected_upload_shows_red_with_its_errors_on_the_job_page(browser, live_server, reference_data, run_jobs):
    session = Session(browser, live_server.url)
    session.login(f.district_editor("姑苏区", username="b-upload").username)
    page = session.page
    session.open("/imports/upload/")
    page.select_option("select[name=kind]", "buildings")
    bad = "楼宇编码,楼宇名称,所属地区,地址,商务办公面积(㎡)\nB-1,示例大厦,姑苏区,人民路1号,12000㎡\n"
    page.set_input_files("input[name=file]", files=[{"name": "楼宇.csv", "mimeType": "text/csv", "buffer": bad.encode("utf-8")}])
    with page.expect_navigation(wait_until="load"):
        page.click("#upload-form button[type=submit]")
    run_jobs()  # the worker runs the queued import; the page polls until it ends
    page.locator("#import-result").wait_for(timeout=15_000)
    assert "已拒绝（文件未写入）" in page.locator("#job-status").inner_text()
    errors = page.locator("table.errors").inner_text()
    assert "商务办公面积" in errors and "12000㎡" in errors and "面积一律以㎡计" in errors
    assert session.errors == [], session.errors
    session.context.close()


def test_on_a_phone_the_list_filters_fold_behind_one_button(browser, live_server, reference_data):
    f.BuildingFactory(district=f.district("姑苏区"))
    session = Session(browser, live_server.url)
    session.context.close()
    session.context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    session.page = session.context.new_page()
    session.login(f.city_admin(username="b-phone").username)
    page = session.page
    session.open("/buildings/")
    assert not page.locator("#filters").is_visible()
    page.click(".filters-toggle")
    assert page.locator("#filters").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    session.context.close()

"""A real browser (Debian's Chromium via Playwright): a district editor records a promotion event and sees its
附件1 推介活动 actual and the two-month rule change."""
import pytest

from louyu import factories as f
from louyu.web.tests.test_browser_pages import PASSWORD, Session, browser, world  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def events_cell(page) -> str:
    """The 举办楼宇推介活动 cell of the district's 附件1 progress table (against the target version in force)."""
    return page.locator('#target-progress tbody tr').first.locator('td[data-column="promotion_events"]').inner_text().strip()


def rule_status(page, period: str) -> str:
    row = page.locator("#compliance tbody tr", has_text="推介活动每双月").filter(has_text=period)
    return row.locator("td").nth(2).inner_text().strip()


def test_a_recorded_promotion_event_counts_for_the_district_and_meets_the_two_month_rule(browser, live_server, world):  # noqa: F811
    user = f.district_editor("姑苏区", username="b-events")
    f.AnnualTargetFactory(year=2024, district=world["gusu"], promotion_events=6)
    session = Session(browser, live_server.url)
    session.login(user.username)
    page = session.page
    district_page = f"/districts/{world['gusu'].pk}/?year=2024"

    session.open(district_page)
    assert events_cell(page).startswith("0 /")
    session.open("/events/compliance/?year=2024")
    assert rule_status(page, "2024年3-4月") == "未达标"

    session.open("/events/add/")
    # SQLite's in-memory test database is one connection shared by the live server's threads: let the page's
    # own requests finish before the form posts, so the save's on-commit refresh is not interleaved with them.
    page.wait_for_load_state("networkidle")
    page.fill("#id_name", "观前街区楼宇招商推介会")
    page.select_option("#id_kind", "promotion_event")
    page.fill("#id_held_on", "2024-03-12")
    page.fill("#id_organiser", "姑苏区商务局")
    page.fill("#id_participants", "150")
    page.fill("#id_signed_projects", "3")
    with page.expect_navigation(wait_until="load"):
        page.click("#edit-form button[type=submit]")
    assert page.url.rstrip("/").split("/")[-1].isdigit(), page.locator(".errorlist").all_inner_texts()
    assert "观前街区楼宇招商推介会" in page.content()

    session.open(district_page)
    assert events_cell(page).startswith("1 /")
    session.open("/events/compliance/?year=2024")
    assert rule_status(page, "2024年3-4月") == "达标"
    assert "观前街区楼宇招商推介会" in page.locator("#compliance").inner_text()
    session.open("/events/calendar/?year=2024&month=3")
    assert page.locator("#calendar-count").inner_text() == "1"
    assert session.errors == [], session.errors
    session.context.close()


def test_the_mechanism_evaluation_and_demonstration_pages_open_without_console_errors(browser, live_server, world):  # noqa: F811
    f.EventFactory(district=world["gusu"], held_on=world["own"].created_at.date().replace(year=2024, month=3, day=5))
    f.InspectionFactory(district=world["gusu"])
    f.ServiceVolumeFactory(point=f.ServicePointFactory(building=world["own"]))
    f.OperationTeamFactory(district=world["gusu"]).buildings.set([world["own"]])
    session = Session(browser, live_server.url)
    session.login(f.city_admin(username="b-mech-admin").username)
    for path in ("/events/", "/events/calendar/?year=2024&month=3", "/events/compliance/?year=2024", "/evaluation/?year=2024",
                 "/evaluation/quality/", "/evaluation/inspections/", "/demonstrations/high-output/?year=2024",
                 "/demonstrations/featured/?year=2024", "/demonstrations/renovations/", "/services/?year=2023", "/teams/ranking/?year=2024",
                 "/cockpit/?year=2024&month=3"):
        assert session.open(path) == 200, path
    session.open("/evaluation/?year=2024")
    assert session.page.locator("#radar-chart canvas").count() == 1 and session.page.locator("#bar-chart canvas").count() == 1
    assert session.errors == [], session.errors
    session.context.close()

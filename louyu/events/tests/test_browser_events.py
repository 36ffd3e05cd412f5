"""A real browser (Debian's Chromium via Playwright): a district editor records a promotion event and sees its
附件1 推介活动 actual and the two-month rule change."""
import pytest

from louyu import factories as f
from louyu.web.tests.test_browser_pages import PASSWORD, Session, browser, world  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def events_cell(page) -> str:
    """The 举办楼宇推介活动 cell (the last 附件1 column) of the district's progress table."""
    card = page.locator(".card", has_text="附件1 年度目标完成情况")
    return card.locator("tbody tr").first.locator("td").last.inner_text().strip()


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
    page.fill("#id_name", "观前街区楼宇招商推介会")
    page.select_option("#id_kind", "promotion_event")
    page.fill("#id_held_on", "2024-03-12")
    page.fill("#id_organiser", "姑苏区商务局")
    page.fill("#id_participants", "150")
    page.fill("#id_signed_projects", "3")
    with page.expect_navigation(wait_until="load"):
        page.click("#edit-form button[type=submit]")
    assert "/events/" in page.url and "观前街区楼宇招商推介会" in page.content()

    session.open(district_page)
    assert events_cell(page).startswith("1 /")
    session.open("/events/compliance/?year=2024")
    assert rule_status(page, "2024年3-4月") == "达标"
    assert "观前街区楼宇招商推介会" in page.locator("#compliance").inner_text()
    session.open("/events/calendar/?year=2024&month=3")
    assert page.locator("#calendar-count").inner_text() == "1"
    assert session.errors == [], session.errors
    session.context.close()

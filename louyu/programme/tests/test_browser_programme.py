"""The issue's "done when", in a real browser (Debian's Chromium via Playwright) against the live server:
a district submits its 2024 targets, the city returns them with a reason, the district resubmits, the city
approves and then adjusts one column (version 2 with its reason shown); a department files a progress
report on its 附件2 assignment and the overdue list changes; the district page shows actual vs target,
completion and the year-end forecast."""
import datetime as dt
from decimal import Decimal

import pytest

from louyu import factories as f
from louyu.programme.models import AnnualTarget, TargetStatus, TargetVersion, TaskAssignment
from louyu.web.tests.conftest import compute_facts
from louyu.web.tests.test_browser_pages import Session, browser  # noqa: F401  (the browser fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROW = {"office_buildings_10k": "21", "new_100m": "1", "cumulative_100m": "4", "new_featured": "1", "renovated": "1",
       "promotion_events": "6"}


@pytest.fixture
def world(reference_data):
    """姑苏区: one building at about 1亿 a year with all of 2023 and January–June 2024, one smaller."""
    gusu = f.district("姑苏区")
    big = f.BuildingFactory(district=gusu, name="观前金融大厦")
    small = f.BuildingFactory(district=gusu, name="平江商务中心")
    for building, monthly in ((big, 8_600_000), (small, 2_000_000)):
        firm = f.EnterpriseFactory(district=gusu)
        f.TenancyFactory(building=building, enterprise=firm, move_in=dt.date(2020, 1, 1))
        for year, months, level in ((2023, 12, monthly), (2024, 6, monthly * 1.1)):
            for month in range(1, months + 1):
                f.TaxRecordFactory(enterprise=firm, period=dt.date(year, month, 1), total_tax=Decimal(f"{level:.2f}"))
    compute_facts()
    return {"gusu": gusu, "big": big}


def _fill_targets(page, prefix, values):
    for field, value in values.items():
        page.fill(f"#{prefix}{field}", value)


def test_targets_are_submitted_returned_resubmitted_approved_and_adjusted_then_reports_move_the_overdue_list(browser, live_server, world):
    f.district_editor("姑苏区", username="p-gusu")
    f.city_admin(username="p-admin")
    f.user_with_role("department", department="市住建局", username="p-zhujian")

    district = Session(browser, live_server.url)
    district.login("p-gusu")
    district.open("/programme/targets/?year=2024")
    _fill_targets(district.page, "id_", ROW)
    with district.page.expect_navigation():
        district.page.click("#submit-form button[type=submit]")
    assert "已提交姑苏区2024年目标" in district.page.content()

    city = Session(browser, live_server.url)
    city.login("p-admin")
    city.open("/programme/targets/?year=2024")
    row = 'tr[data-pending="姑苏区"]'
    city.page.fill(f"{row} input[name=return_reason]", "新增亿元楼宇目标偏低，请按三年行动计划调整")
    with city.page.expect_navigation():
        city.page.click(f"{row} button[value=return]")
    assert TargetVersion.objects.get(year=2024, district=world["gusu"]).status == TargetStatus.RETURNED

    district.open("/programme/targets/?year=2024")
    assert "新增亿元楼宇目标偏低" in district.page.inner_text("#history")
    _fill_targets(district.page, "id_", {**ROW, "new_100m": "2", "cumulative_100m": "5"})
    with district.page.expect_navigation():
        district.page.click("#submit-form button[type=submit]")

    city.open("/programme/targets/?year=2024")
    with city.page.expect_navigation():
        city.page.click(f"{row} button[value=approve]")
    assert AnnualTarget.objects.get(year=2024, district=world["gusu"]).version == 1
    city.page.select_option("#id_adjust_district", label="姑苏区")
    _fill_targets(city.page, "id_adjust_", {**ROW, "new_100m": "2", "cumulative_100m": "5", "renovated": "2"})
    city.page.fill("#id_adjust_reason", "年中调整：新增一个存量楼宇改造项目")
    with city.page.expect_navigation():
        city.page.click("#adjust-form button[type=submit]")
    history = city.page.inner_text("#history")
    assert "第2版" in history and "年中调整：新增一个存量楼宇改造项目" in history
    assert "第2版" in city.page.inner_text("#city-list")

    department = Session(browser, live_server.url)
    department.login("p-zhujian")
    housing = TaskAssignment.objects.get(task__order=2, department="市住建局")
    link = f'a[href="/programme/tasks/assignments/{housing.pk}/"]'
    department.open("/cockpit/")
    assert department.page.locator(f"#overdue-tasks {link}").count() == 1
    department.page.click(f"#my-tasks {link}")
    department.page.wait_for_selector("#report-form")
    department.page.fill("#id_reported_on", "2023-04-28")
    department.page.select_option("#id_status", label="完成")
    department.page.fill("#id_text", "已印发楼宇物业管理和消防审验服务指南")
    with department.page.expect_navigation():
        department.page.click("#report-form button[type=submit]")
    assert "已印发楼宇物业管理和消防审验服务指南" in department.page.inner_text("#reports")
    department.open("/cockpit/")
    assert department.page.locator(f"#overdue-tasks {link}").count() == 0
    assert department.page.locator(f"#my-tasks {link}").count() == 0

    city.open(f"/districts/{world['gusu'].pk}/?year=2024&month=6")
    progress = city.page.inner_text("#target-progress")
    assert "现行第2版目标" in progress and "完成" in progress
    forecast = city.page.inner_text("#forecast")
    assert "预计完成" in forecast and "范围" in forecast and "观前金融大厦" in city.page.content()
    for session in (district, city, department):
        assert session.errors == []
        session.context.close()

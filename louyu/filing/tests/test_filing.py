"""楼宇填报: prefill from last month and the platform, submit as 未核实, the district verifies or returns,
late lists per district, and who may do what."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from louyu import factories as f
from louyu.buildings.models import OperationReport
from louyu.core.models import AuditEntry, Verification
from louyu.filing import rules, selectors, services

pytestmark = pytest.mark.django_db
MARCH, APRIL = dt.date(2024, 3, 1), dt.date(2024, 4, 1)


def _building_with_history():
    building = f.BuildingFactory(office_area=Decimal(20000))
    f.OperationReportFactory(building=building, period=MARCH, leasable_area=Decimal(18000), leased_area=Decimal(15000),
                             average_rent=Decimal("3.20"), present_count=40)
    f.TenancyFactory(building=building, move_in=dt.date(2024, 4, 8), area=Decimal(600))
    f.TenancyFactory(building=building, move_in=dt.date(2020, 1, 1), move_out=dt.date(2024, 4, 20), area=Decimal(200))
    f.VacantUnitFactory(building=building, area=Decimal(1200))
    return building


def test_the_form_is_prefilled_from_last_month_adjusted_by_the_platforms_moves():
    building = _building_with_history()
    filled = selectors.prefill(building, APRIL)
    assert filled.values["leasable_area"] == Decimal(18000)
    assert filled.values["leased_area"] == Decimal(15400)  # 15,000 + 600 in − 200 out
    assert filled.values["average_rent"] == Decimal("3.20")
    assert (filled.values["moves_in"], filled.values["moves_out"], filled.values["vacant_units"]) == (1, 1, 1)
    assert filled.values["present_count"] == 1  # the platform's own count of present tenants at month end
    assert ("本月迁入", "1 家，600㎡（入驻登记）") in filled.known


def test_a_building_without_history_is_prefilled_from_the_register():
    building = f.BuildingFactory(office_area=Decimal(20000))
    filled = selectors.prefill(building, APRIL)
    assert filled.values["leasable_area"] == Decimal(20000) and filled.values["leased_area"] is None


def test_an_operator_files_their_buildings_report_unverified_and_audited_but_not_another_buildings():
    building, other = _building_with_history(), f.BuildingFactory()
    operator = f.user_with_role("operator", buildings=[building])
    data = {**selectors.prefill(building, APRIL).values, "average_rent": Decimal("3.30")}
    report = services.operator_report_submit(building=building, period=APRIL, data=data, actor=operator, today=dt.date(2024, 5, 6))
    assert (report.verification, report.submitted_on, report.average_rent) == (Verification.UNVERIFIED, dt.date(2024, 5, 6), Decimal("3.30"))
    assert AuditEntry.objects.filter(object_id=str(report.pk), actor=operator, action="create").exists()
    with pytest.raises(PermissionDenied):
        services.operator_report_submit(building=other, period=APRIL, data=data, actor=operator)


def test_the_district_verifies_or_returns_with_a_comment_and_an_operator_verifies_nothing():
    building = _building_with_history()
    operator = f.user_with_role("operator", buildings=[building])
    report = services.operator_report_submit(building=building, period=APRIL, data=selectors.prefill(building, APRIL).values,
                                             actor=operator)
    with pytest.raises(PermissionDenied):
        services.operator_report_review(report=report, accept=True, actor=operator)
    with pytest.raises(PermissionDenied):
        services.operator_report_review(report=report, accept=True, actor=f.district_editor("吴中区"))
    district = f.district_editor("姑苏区")
    with pytest.raises(ValidationError):
        services.operator_report_review(report=report, accept=False, comment=" ", actor=district)
    services.operator_report_review(report=report, accept=False, comment="已租面积与入驻登记不符", actor=district)
    report.refresh_from_db()
    assert (report.verification, report.review_comment) == (Verification.DOUBTFUL, "已租面积与入驻登记不符")
    # The operator corrects and re-files; the comment is cleared and the report waits again.
    services.operator_report_submit(building=building, period=APRIL, data={**selectors.prefill(building, APRIL).values,
                                                                          "leased_area": Decimal(15300)}, actor=operator)
    report.refresh_from_db()
    assert (report.verification, report.review_comment, report.leased_area) == (Verification.UNVERIFIED, "", Decimal(15300))
    assert list(selectors.awaiting_review(district)) == [report]
    services.operator_report_review(report=report, accept=True, actor=district)
    report.refresh_from_db()
    assert report.verification == Verification.VERIFIED
    with pytest.raises(ValidationError):
        services.operator_report_submit(building=building, period=APRIL, data=selectors.prefill(building, APRIL).values, actor=operator)


def test_the_late_list_shows_each_districts_buildings_missing_or_filed_after_the_deadline():
    gusu, wuzhong = f.district("姑苏区"), f.district("吴中区")
    on_time, missing, filed_late = (f.BuildingFactory(district=gusu, name=n) for n in ("准时大厦", "未报大厦", "迟报大厦"))
    elsewhere = f.BuildingFactory(district=wuzhong, name="吴中大厦")
    f.user_with_role("operator", buildings=[on_time, missing, filed_late, elsewhere])
    for building, day in ((on_time, dt.date(2024, 5, 10)), (filed_late, dt.date(2024, 5, 12))):
        f.OperationReportFactory(building=building, period=APRIL, submitted_on=day)
    today = dt.date(2024, 5, 15)
    late = [s.building.name for s in selectors.late_list(f.district_editor("姑苏区"), APRIL, today)]
    assert sorted(late) == ["未报大厦", "迟报大厦"]
    assert [s.building.name for s in selectors.late_list(f.district_editor("吴中区"), APRIL, today)] == ["吴中大厦"]
    # On the deadline day a missing report is not late yet.
    assert "未报大厦" not in [s.building.name for s in selectors.late_list(f.district_editor("姑苏区"), APRIL, dt.date(2024, 5, 10))]


def test_the_phone_form_submits_and_the_district_verifies_through_the_pages(client):
    building = _building_with_history()
    operator = f.user_with_role("operator", buildings=[building])
    client.force_login(operator)
    period = rules.reporting_period(dt.date.today())
    url = reverse("filing:form", args=[building.pk, f"{period:%Y-%m}"])
    page = client.get(url).content.decode()
    assert "只需修改有变化的项" in page and 'inputmode="decimal"' in page
    response = client.post(url, {"leasable_area": "18000", "leased_area": "19000", "present_count": "41", "moves_in": "1",
                                 "moves_out": "0", "vacant_units": "1"})
    assert response.status_code == 400 and "不能大于可租面积" in response.content.decode()
    response = client.post(url, {"leasable_area": "18000", "leased_area": "15400", "average_rent": "3.2", "present_count": "41",
                                 "moves_in": "1", "moves_out": "1", "vacant_units": "1"})
    assert response.status_code == 302
    report = OperationReport.objects.get(building=building, period=period)
    mine = client.get(reverse("filing:mine")).content.decode()
    assert "待核实" in mine and "历史报告" in mine
    assert client.post(reverse("filing:review", args=[report.pk]), {"decision": "verify"}).status_code == 403
    client.force_login(f.district_editor("姑苏区"))
    assert building.name in client.get(reverse("filing:mine")).content.decode()
    client.post(reverse("filing:review", args=[report.pk]), {"decision": "verify"})
    report.refresh_from_db()
    assert report.verification == Verification.VERIFIED
    client.force_login(f.user_with_role("operator", buildings=[f.BuildingFactory()]))
    assert client.get(url).status_code == 404

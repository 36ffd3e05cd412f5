"""地区评价: components add up to the total, weights change the rank as they should, a published version is frozen;
data quality as a to-do list and a component; 督查 records."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from louyu import factories as f
from louyu.evaluation import components, quality, selectors, services
from louyu.evaluation.models import Evaluation
from louyu.indicators.tests.scenario import building, compute, enterprise, report, tax, tenancy

pytestmark = pytest.mark.django_db
ZERO = {code: 0 for code in components.labels()}


@pytest.fixture
def two_districts():
    """姑苏区: full building, flat tax; 吴中区: half-empty building, tax doubling."""
    full = building(district=f.district("姑苏区"), office_area=Decimal("10000"))
    half = building(district=f.district("吴中区"), office_area=Decimal("10000"))
    report(full, 2023, 12, leased="9500.00")
    report(half, 2023, 12, leased="5000.00")
    for b, (before, after) in ((full, (100, 100)), (half, (100, 200))):
        firm = enterprise()
        tenancy(firm, b)
        tax(firm, 2022, before)
        tax(firm, 2023, after)
    compute()
    return full, half


def ranks(result):
    return [r["district"] for r in result["rows"]]


def test_components_add_up_to_the_total(two_districts):
    result = selectors.evaluate(2023)
    assert result["rows"]
    for row in result["rows"]:
        assert sum(c["contribution"] or 0 for c in row["components"]) == pytest.approx(row["total"], abs=1e-3)
        assert all(c["source"] for c in row["components"])


def test_weights_change_the_rank_as_expected(two_districts):
    on_occupancy = selectors.evaluate(2023, weights={**ZERO, "occupancy": 1})
    on_growth = selectors.evaluate(2023, weights={**ZERO, "tax_growth": 1})
    assert ranks(on_occupancy)[0] == "姑苏区"
    assert ranks(on_growth)[0] == "吴中区"
    gusu = next(r for r in on_occupancy["rows"] if r["district"] == "姑苏区")
    assert gusu["total"] == pytest.approx(95.0)  # 入驻率 95 % scores 95


def test_a_published_version_does_not_move_when_the_data_does(two_districts):
    full, half = two_districts
    admin = f.city_admin()
    evaluation = services.evaluation_publish(year=2023, weights={**ZERO, "occupancy": 1}, actor=admin, note="年度评价")
    frozen = [(r["district"], r["total"]) for r in evaluation.results]
    from louyu.buildings.models import OperationReport

    # the half-empty building fills up and the full one empties: the live ranking changes
    OperationReport.objects.filter(building=half).update(leased_area=Decimal("10000.00"))
    OperationReport.objects.filter(building=full).update(leased_area=Decimal("1000.00"))
    compute()
    live = selectors.evaluate(2023, weights={**ZERO, "occupancy": 1})
    assert ranks(live)[0] == "吴中区"
    evaluation.refresh_from_db()
    assert [(r["district"], r["total"]) for r in evaluation.results] == frozen and frozen[0][0] == "姑苏区"
    again = services.evaluation_publish(year=2023, weights={**ZERO, "occupancy": 1}, actor=admin)
    assert again.version == 2 and Evaluation.objects.filter(year=2023).count() == 2


def test_only_the_city_publishes_and_only_with_facts(two_districts):
    with pytest.raises(PermissionDenied):
        services.evaluation_publish(year=2023, weights={}, actor=f.district_editor("姑苏区"))
    with pytest.raises(ValidationError):
        services.evaluation_publish(year=2030, weights={}, actor=f.city_admin())


def test_bad_weights_are_refused_in_chinese():
    weights, problems = selectors.parse_weights({"w_occupancy": "-1", "w_events": "多"})
    assert problems == ["“入驻率”的权重不能为负数", "“推介活动”的权重应为数字"]
    assert selectors.parse_weights({f"w_{c}": "0" for c in components.labels()})[1] == ["权重之和须大于 0"]


def test_the_page_shows_weights_formula_components_and_recomputes_with_new_weights(client, two_districts):
    client.force_login(f.city_viewer() if hasattr(f, "city_viewer") else f.user_with_role("city_viewer"))
    page = client.get(reverse("evaluation:evaluation"), {"year": 2023}).content.decode()
    assert "计算公式" in page and "入驻率权重" in page and 'id="radar-chart"' in page
    weights = {f"w_{c}": "0" for c in components.labels()} | {"w_tax_growth": "1", "year": 2023}
    page = client.get(reverse("evaluation:evaluation"), weights).content.decode()
    first_row = page.split('data-district="')[1].split('"')[0]
    assert first_row == "吴中区"


def test_data_quality_counts_what_is_missing_and_scores_it():
    gusu = f.district("姑苏区")
    f.BuildingFactory(district=gusu, longitude=None, latitude=None)
    f.BuildingFactory(district=gusu, longitude=Decimal("120.6"), latitude=Decimal("31.3"), is_key=True)
    q = quality.data_quality(dt.date(2024, 6, 1))[gusu.pk]
    assert q.buildings == 2 and q.no_coordinates == 1 and q.late_reports == 1
    assert ("楼宇缺少坐标", 1) in q.todo
    assert q.score == pytest.approx(100 * (0.5 + 1 + 0) / 3, abs=0.01)


def test_an_overdue_rectification_is_on_the_cockpit(client):
    admin = f.city_admin()
    inspection = services.inspection_create(data={
        "inspected_on": dt.date(2023, 3, 1), "district": f.district("姑苏区"), "policy_item": "三(二) 跟踪监测",
        "findings": "楼宇名录更新不及时", "requirement": "一个月内补齐坐标", "deadline": dt.date(2023, 4, 1)}, actor=admin)
    services.follow_up_add(inspection=inspection, reported_on=dt.date(2023, 3, 20), content="已补齐一半", actor=f.district_editor("姑苏区"))
    client.force_login(admin)
    page = client.get(reverse("web:cockpit")).content.decode()
    assert 'id="overdue-rectifications"' in page and "三(二) 跟踪监测" in page


def test_an_inspection_needs_a_subject_and_a_deadline_after_its_date():
    with pytest.raises(ValidationError) as exc:
        services.inspection_create(data={"inspected_on": dt.date(2023, 3, 1), "policy_item": "三(一)", "findings": "x",
                                         "deadline": dt.date(2023, 2, 1)}, actor=f.city_admin())
    assert set(exc.value.message_dict) == {"district", "deadline"}


def test_the_inspection_edit_form_saves_unchanged(client):
    from louyu.core.models import AuditEntry
    from louyu.evaluation.forms import InspectionForm

    admin = f.city_admin()
    inspection = services.inspection_create(data={"inspected_on": dt.date(2023, 3, 1), "department": "市住建局",
                                                  "policy_item": "三(三)", "findings": "改造进度慢", "deadline": dt.date(2023, 6, 1)}, actor=admin)
    client.force_login(admin)
    form = InspectionForm(instance=inspection, user=admin)
    data = {k: ("" if v is None else v) for k, v in ((n, form[n].value()) for n in form.fields)}
    before = AuditEntry.objects.count()
    assert client.post(reverse("evaluation:inspection_edit", args=[inspection.pk]), data).status_code == 302
    assert AuditEntry.objects.count() == before


def test_import_inspections_from_a_file_rejected_whole_when_a_row_is_bad(tmp_path):
    import csv as _csv

    from louyu.evaluation.models import Inspection
    from louyu.intake.services import import_file

    header = ["督查日期", "督查对象（地区）", "督查对象（部门）", "政策条款", "发现问题", "整改要求", "整改期限", "状态"]
    good = ["2023-06-15", "常熟市", "", "三(五) 强化宣传推介", "推介活动不足", "补足", "2023-09-30", "整改中"]
    path = tmp_path / "i.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        _csv.writer(fh).writerows([header, good, ["2023-06-15", "", "", "三(一)", "问题", "", "2023-05-01", ""]])
    batch = import_file(kind="inspections", path_or_file=str(path), actor=None)
    assert batch.status == "rejected" and not Inspection.objects.exists()
    assert {e["column"] for e in batch.errors} >= {"督查对象（地区）", "整改期限"}
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        _csv.writer(fh).writerows([header, good, ["2023-06-20", "", "市住建局", "三(三) 推动存量提升", "改造进度慢", "", "", "已整改"]])
    batch = import_file(kind="inspections", path_or_file=str(path), actor=None)
    assert batch.status == "committed" and Inspection.objects.count() == 2
    assert Inspection.objects.get(department="市住建局").status == "done"

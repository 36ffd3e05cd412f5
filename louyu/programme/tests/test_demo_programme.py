"""The demo's work programme: approved versions for every district for every year to the as-of year (2023 stays
附件1), one mid-year adjustment and one returned and resubmitted list in the current year, reports on most
assignments with some overdue, missed and 受阻."""
import datetime as dt

import pytest

from louyu.intake.models import ImportBatch
from louyu.programme import rules, selectors
from louyu.programme.demo import programme_demo_delete, programme_demo_load
from louyu.programme.models import AnnualTarget, ProgressReport, TargetStatus, TargetVersion, TaskAssignment

pytestmark = pytest.mark.django_db
END = dt.date(2026, 11, 30)  # a fixed as-of day: never today's date


@pytest.fixture
def loaded():
    batch = ImportBatch.objects.create(kind="demo", file_name="demo", file_sha256="0" * 64, status="committed")
    return programme_demo_load(seed=2023, batch=batch, end=END)


def test_every_district_has_approved_targets_to_the_current_year_and_2023_stays_annex1(loaded):
    assert selectors.city_target_list(2023)["city"] == dict(zip(
        ("office_buildings_10k", "new_100m", "cumulative_100m", "new_featured", "renovated", "promotion_events"),
        (347, 18, 87, 27, 7, 77)))
    for year in (2024, 2025, 2026):
        assert AnnualTarget.objects.filter(year=year).count() == 10
        assert TargetVersion.objects.filter(year=year, status=TargetStatus.APPROVED).values("district").distinct().count() == 10
    assert AnnualTarget.objects.get(year=2026, district__name="相城区").version == 2
    assert AnnualTarget.objects.get(year=2025, district__name="相城区").version == 1
    wujiang = [v.status for v in selectors.target_history(2026, TargetVersion.objects.filter(district__name="吴江区").first().district)]
    assert wujiang == [TargetStatus.RETURNED, TargetStatus.APPROVED]
    assert not TargetVersion.objects.filter(year=2027).exists()
    for t in AnnualTarget.objects.all():
        assert t.cumulative_100m >= t.new_100m


def test_most_assignments_have_reports_some_late_missed_or_blocked(loaded):
    with_reports = TaskAssignment.objects.filter(reports__isnull=False).distinct().count()
    assert with_reports >= 0.8 * TaskAssignment.objects.count()
    standings = [st for _, st in selectors.with_standing(selectors.assignments_for(None).model.objects.prefetch_related("reports")
                                                         .select_related("task"), dt.date(2026, 12, 7))]
    statuses = {st.status for st in standings}
    assert {rules.DONE, rules.OVERDUE, rules.NO_REPORT} <= statuses
    assert any(st.blocked for st in standings)
    assert ProgressReport.objects.filter(status="blocked").exclude(obstacle="").exists()


def test_deleting_the_demo_rows_restores_the_targets_in_force(loaded):
    programme_demo_delete()
    assert not AnnualTarget.objects.filter(year__in=(2024, 2025, 2026)).exists()
    assert AnnualTarget.objects.filter(year=2023).count() == 10 and not ProgressReport.objects.exists()


def test_every_district_has_a_plan_one_published_late_with_a_real_document(loaded):
    from louyu.programme.models import ActionPlan

    rows = {r["district"].name: r["status"] for r in selectors.plans_overview(None, dt.date(2024, 1, 1))}
    assert len(rows) == 10 and rows["常熟市"] == "逾期印发"
    assert sum(1 for s in rows.values() if s == "按时印发") == 9
    plan = ActionPlan.objects.get(district__name="姑苏区")
    assert plan.document.open("rb").read(4) == b"PK\x03\x04"
    assert plan.goals.count() == 3 and plan.items.count() == 4
    assert TaskAssignment.objects.filter(plan_item__plan=plan).count() == 4

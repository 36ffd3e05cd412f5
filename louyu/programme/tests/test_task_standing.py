"""附件2 progress: dated tasks by their deadline, 持续推进 tasks by their reporting cycle, on a chosen day."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from louyu import factories as f
from louyu.programme import rules, selectors, services
from louyu.programme.models import KeyTask, ReportStatus, TaskAssignment

D = dt.date


class R:
    """A report as the rules see it."""

    def __init__(self, day, status="ongoing", pk=None):
        self.reported_on, self.status, self.pk = day, status, pk


def test_a_dated_task_is_due_soon_inside_the_window_then_overdue_after_the_deadline():
    deadline = D(2023, 4, 30)
    assert rules.dated_standing(deadline, [], D(2023, 3, 1), 30).status == rules.ON_TIME
    assert rules.dated_standing(deadline, [], D(2023, 4, 1), 30).status == rules.DUE_SOON
    assert rules.dated_standing(deadline, [], D(2023, 4, 30), 30).status == rules.DUE_SOON
    assert rules.dated_standing(deadline, [], D(2023, 5, 1), 30).status == rules.OVERDUE
    assert rules.dated_standing(deadline, [], D(2023, 4, 1), 20).status == rules.ON_TIME  # the window is configurable


def test_a_dated_task_reported_done_is_done_even_after_its_deadline():
    deadline = D(2023, 4, 30)
    late_done = [R(D(2023, 5, 20), "done")]
    assert rules.dated_standing(deadline, late_done, D(2023, 6, 1), 30).status == rules.DONE


def test_progress_without_done_leaves_the_task_overdue_and_a_blocked_report_flags_it():
    st = rules.dated_standing(D(2023, 4, 30), [R(D(2023, 4, 20), "blocked")], D(2023, 5, 2), 30)
    assert st.status == rules.OVERDUE and st.blocked


def test_a_continuing_task_with_a_quarter_without_report_is_a_miss():
    start = D(2023, 4, 1)
    reports = [R(D(2023, 5, 10)), R(D(2023, 9, 30))]  # Q2 and Q3 2023 reported, Q4 not
    st = rules.cycle_standing("quarter", reports, D(2024, 1, 15), start, 30)
    assert st.status == rules.NO_REPORT and st.misses == 1 and st.missed_cycles == ((D(2023, 10, 1), D(2023, 12, 31)),)
    assert st.due == D(2024, 3, 31)


def test_a_continuing_task_reported_every_quarter_is_on_time_and_due_at_the_end_of_the_next():
    start = D(2023, 4, 1)
    reports = [R(D(2023, 6, 1)), R(D(2023, 8, 1)), R(D(2023, 12, 1)), R(D(2024, 1, 5))]
    st = rules.cycle_standing("quarter", reports, D(2024, 1, 15), start, 30)
    assert st.status == rules.ON_TIME and st.misses == 0 and st.due == D(2024, 6, 30)


def test_a_continuing_task_not_yet_reported_this_quarter_is_due_soon_near_its_end():
    start = D(2023, 4, 1)
    reports = [R(D(2023, 6, 1)), R(D(2023, 9, 1))]
    assert rules.cycle_standing("quarter", reports, D(2023, 10, 15), start, 30).status == rules.ON_TIME
    assert rules.cycle_standing("quarter", reports, D(2023, 12, 10), start, 30).status == rules.DUE_SOON


def test_a_half_yearly_cycle_is_judged_by_halves():
    start = D(2023, 4, 1)
    st = rules.cycle_standing("half", [R(D(2023, 5, 1))], D(2023, 11, 1), start, 30)
    assert st.status == rules.ON_TIME  # H1 2023 (from April) reported, H2 still running
    st = rules.cycle_standing("half", [R(D(2023, 5, 1))], D(2024, 2, 1), start, 30)
    assert st.status == rules.NO_REPORT


@pytest.mark.django_db
def test_reports_after_the_chosen_day_do_not_count():
    task = f.KeyTaskFactory(deadline=D(2024, 6, 30))
    assert rules.standing(task, [R(D(2024, 7, 10), "done")], D(2024, 7, 1)).status == rules.OVERDUE
    assert rules.standing(task, [R(D(2024, 7, 10), "done")], D(2024, 7, 11)).status == rules.DONE


@pytest.mark.django_db
def test_every_annex2_task_has_one_assignment_per_responsible_unit():
    task = KeyTask.objects.get(order=1)
    assert list(task.assignments.values_list("unit", "department")) == [("市资源规划局", "市资源规划局")]
    three_year = KeyTask.objects.filter(seq=3).order_by("order").first()
    districts = set(three_year.assignments.exclude(district=None).values_list("district__name", flat=True))
    assert len(districts) == 10  # 各县级市<区>人民政府 (9) + 苏州工业园区管委会
    for task in KeyTask.objects.all():
        assert set(task.assignments.values_list("unit", flat=True)) == set(task.responsible_units)


@pytest.mark.django_db
def test_a_department_reports_on_its_own_assignment_and_the_overdue_list_changes():
    housing = TaskAssignment.objects.get(task__order=2, department="市住建局")
    user = f.user_with_role("department", department="市住建局")
    day = D(2023, 5, 10)
    assert housing in [a for a, _ in selectors.late_assignments(user, day)]
    services.progress_report_create(assignment=housing, reported_on=D(2023, 5, 8), text="已印发服务指南",
                                    status=ReportStatus.DONE, actor=user)
    assert housing not in [a for a, _ in selectors.late_assignments(user, day)]
    assert housing not in [a for a, _ in selectors.owed_by(user, day)]


@pytest.mark.django_db
def test_nobody_reports_on_another_units_assignment():
    housing = TaskAssignment.objects.get(task__order=2, department="市住建局")
    for user in (f.user_with_role("department", department="市税务局"), f.district_editor("姑苏区"),
                 f.user_with_role("city_viewer")):
        with pytest.raises(PermissionDenied):
            services.progress_report_create(assignment=housing, reported_on=D(2023, 5, 8), text="越权", status="ongoing", actor=user)
    gusu = TaskAssignment.objects.filter(task__seq=3, district__name="姑苏区").first()
    services.progress_report_create(assignment=gusu, reported_on=D(2023, 4, 25), text="行动计划已印发", status="done",
                                    actor=f.district_editor("姑苏区"))


@pytest.mark.django_db
def test_a_blocked_report_names_its_obstacle():
    gusu = TaskAssignment.objects.filter(task__seq=3, district__name="姑苏区").first()
    with pytest.raises(ValidationError) as excinfo:
        services.progress_report_create(assignment=gusu, reported_on=D(2023, 4, 25), text="推进中", status="blocked",
                                        actor=f.district_editor("姑苏区"))
    assert "困难和问题" in str(excinfo.value)


@pytest.mark.django_db
def test_overview_counts_each_area_and_unit_on_the_chosen_day():
    admin = f.city_admin()
    early = selectors.overview(admin, D(2023, 4, 5))
    late = selectors.overview(admin, D(2023, 5, 20))
    area = "优化楼宇服务流程"
    assert early["by_area"][area]["due_soon"] == 4 and early["by_area"][area]["overdue"] == 0
    assert late["by_area"][area]["overdue"] == 4
    assert late["total"]["total"] == TaskAssignment.objects.count()
    assert sum(late["total"][s] for s in selectors.STATUSES) == late["total"]["total"]

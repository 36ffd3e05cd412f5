"""地区评价's 重点任务完成: the share of a district's own assignments done or on schedule on the evaluation date,
from the real assignments and reports (the provider the programme registers for the evaluation)."""
import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from louyu import factories as f
from louyu.evaluation import components
from louyu.programme import selectors
from louyu.programme.models import TaskAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignments():
    TaskAssignment.objects.all().delete()  # the reference 附件2 assignments: this test sets its own
    gusu, wuzhong = f.district("姑苏区"), f.district("吴中区")
    due_june = dict(deadline=dt.date(2024, 6, 30), deadline_text="2024 年 6 月底前")
    done = f.TaskAssignmentFactory(task=f.KeyTaskFactory(**due_june), district=gusu)
    f.ProgressReportFactory(assignment=done, reported_on=dt.date(2024, 6, 20), status="done")
    f.TaskAssignmentFactory(task=f.KeyTaskFactory(**due_june), district=gusu)  # never reported: overdue in July
    f.TaskAssignmentFactory(task=f.KeyTaskFactory(deadline=dt.date(2025, 3, 31)), district=gusu)  # not yet due
    ongoing = dict(deadline=None, deadline_text="持续推进", cycle="quarter")
    reported = f.TaskAssignmentFactory(task=f.KeyTaskFactory(**ongoing), district=wuzhong)
    for day in (dt.date(2024, 2, 10), dt.date(2024, 5, 10), dt.date(2024, 8, 10)):
        f.ProgressReportFactory(assignment=reported, reported_on=day)
    f.TaskAssignmentFactory(task=f.KeyTaskFactory(**ongoing), district=wuzhong)  # no report in the last quarter
    f.TaskAssignmentFactory(task=f.KeyTaskFactory(**due_june), district=None, department="市住建局")  # a department's
    return gusu, wuzhong


def test_the_share_counts_done_and_on_schedule_assignments_of_the_district_on_31_december(assignments):
    gusu, wuzhong = assignments
    shares = selectors.key_task_completion(2024)
    assert shares == {gusu.pk: Decimal(2) / 3, wuzhong.pk: Decimal("0.5")}


def test_a_year_in_progress_is_judged_on_the_day_and_years_before_the_programme_have_no_value(assignments):
    gusu, wuzhong = assignments
    assert selectors.key_task_completion(2024, today=dt.date(2024, 6, 25))[gusu.pk] == 1  # June's tasks not yet late
    assert selectors.key_task_completion(2022) == {}


def test_the_evaluation_s_component_reads_the_programme_s_measure(assignments):
    gusu, wuzhong = assignments
    parts = components.key_tasks(SimpleNamespace(year=2024, facts={gusu.pk: None, wuzhong.pk: None}))
    assert parts[gusu.pk].score == 66.67 and parts[wuzhong.pk].score == 50.0  # the component rounds to 0.01
    assert parts[gusu.pk].source == "重点任务进展"

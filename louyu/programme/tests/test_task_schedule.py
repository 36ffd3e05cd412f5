"""A 附件2 task's deadline / 持续推进 cycle and responsible units: the city administrator's page; the assignments
follow (an added unit gets its assignments, a unit with progress reports cannot be removed), every change audited."""
import datetime as dt

import pytest
from django.urls import reverse

from louyu import factories as f
from louyu.core.models import AuditEntry
from louyu.programme.models import KeyTask, TaskAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def task():
    task = f.KeyTaskFactory(responsible_units=["市发改委", "市住建局"], deadline=dt.date(2024, 6, 30))
    for unit in task.responsible_units:
        f.TaskAssignmentFactory(task=task, unit=unit, department=unit, district=None)
    return task


def _post(client, task, **data):
    form = {"deadline": "", "cycle": "quarter", "units": ["市发改委", "市住建局"], **data}
    return client.post(reverse("programme:task_schedule", args=[task.pk]), form)


def test_the_city_administrator_moves_a_deadline_on_the_page_with_iso_dates_and_the_change_is_audited(client, task):
    client.force_login(f.city_admin())
    page = client.get(reverse("programme:task_schedule", args=[task.pk]))
    assert page.status_code == 200 and 'value="2024-06-30"' in page.content.decode()
    response = _post(client, task, deadline="2024-09-30")
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.deadline == dt.date(2024, 9, 30) and task.deadline_text == "2024 年 9 月 30 日前"
    entry = AuditEntry.objects.filter(object_id=str(task.pk), content_type__model="keytask").latest("timestamp")
    assert "deadline" in entry.changes and entry.note == "网页表单修改"


def test_a_task_made_持续推进_is_judged_by_its_new_cycle(client, task):
    client.force_login(f.city_admin())
    _post(client, task, deadline="", cycle="month")
    task.refresh_from_db()
    assert task.deadline is None and task.cycle == "month" and task.deadline_text == "持续推进"


def test_adding_a_unit_creates_its_assignments_and_removing_one_without_reports_deletes_them(client, task):
    client.force_login(f.city_admin())
    _post(client, task, deadline="2024-06-30", units=["市发改委", "各县级市<区>人民政府"])
    units = set(TaskAssignment.objects.filter(task=task).values_list("unit", flat=True))
    assert units == {"市发改委", "各县级市<区>人民政府"}
    assert TaskAssignment.objects.filter(task=task, unit="各县级市<区>人民政府").count() == 9  # one per listed district
    assert KeyTask.objects.get(pk=task.pk).responsible_units == ["市发改委", "各县级市<区>人民政府"]
    assert AuditEntry.objects.filter(content_type__model="taskassignment", action="delete").exists()


def test_a_unit_with_progress_reports_cannot_be_removed_and_the_page_says_why(client, task):
    f.ProgressReportFactory(assignment=TaskAssignment.objects.get(task=task, unit="市住建局"))
    client.force_login(f.city_admin())
    response = _post(client, task, deadline="2024-06-30", units=["市发改委"])
    assert response.status_code == 400
    assert "责任单位“市住建局”已有 1 条进展报告，不能移除" in response.content.decode()
    assert TaskAssignment.objects.filter(task=task, unit="市住建局").exists()
    assert KeyTask.objects.get(pk=task.pk).responsible_units == ["市发改委", "市住建局"]


def test_only_the_city_administrator_edits_a_task_and_the_task_list_links_the_page_for_them_only(client, task):
    client.force_login(f.district_editor("姑苏区"))
    assert client.get(reverse("programme:task_schedule", args=[task.pk])).status_code == 403
    assert _post(client, task, deadline="2025-01-31").status_code == 403
    assert reverse("programme:task_schedule", args=[task.pk]) not in client.get(reverse("programme:tasks")).content.decode()
    client.force_login(f.city_admin())
    assert reverse("programme:task_schedule", args=[task.pk]) in client.get(reverse("programme:tasks")).content.decode()

"""The cockpit's 待办 lists what each user owes, each item linking to where it is done: an operator's 楼宇填报
(due, late, returned), a district's reports to verify and its 附件2 assignments, a department's assignments,
the 企业诉求 assigned to someone (open, overdue) and the alerts assigned to them."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from louyu import factories as f
from louyu.core.models import Verification
from louyu.web.todo import filing_items, request_items, task_items, todo_for

pytestmark = pytest.mark.django_db
DEC = dt.date(2024, 12, 1)


def _labels(items):
    return {label: (count, url) for label, count, url in items}


def test_an_operator_owes_the_months_reports_due_then_late_and_the_returned_one():
    filed, returned, missing = (f.BuildingFactory() for _ in range(3))
    operator = f.user_with_role("operator", buildings=[filed, returned, missing])
    f.OperationReportFactory(building=filed, period=DEC, submitted_on=dt.date(2025, 1, 5))
    f.OperationReportFactory(building=returned, period=DEC, submitted_on=dt.date(2025, 1, 6), verification=Verification.DOUBTFUL,
                             review_comment="已租面积与入驻名单不符")
    form = reverse("filing:form", args=[missing.pk, "2024-12"])
    assert _labels(filing_items(operator, dt.date(2025, 1, 10))) == {
        "被退回待更正的填报": (1, reverse("filing:form", args=[returned.pk, "2024-12"])), "本月待填报": (1, form)}
    assert _labels(filing_items(operator, dt.date(2025, 1, 11)))["逾期未报的楼宇填报"] == (1, form)  # the 10th has passed
    assert filing_items(f.user_with_role("operator", buildings=[filed]), dt.date(2025, 1, 11)) == []


def test_a_district_user_owes_the_verification_of_its_filed_reports_only():
    gusu, wuzhong = f.BuildingFactory(district=f.district("姑苏区")), f.BuildingFactory(district=f.district("吴中区"))
    for building in (gusu, wuzhong):
        f.OperationReportFactory(building=building, period=DEC, submitted_on=dt.date(2025, 1, 5))
    assert _labels(filing_items(f.district_editor("姑苏区"), dt.date(2025, 1, 11))) == {"待核实的楼宇填报": (1, reverse("filing:mine"))}
    assert filing_items(f.user_with_role("city_viewer"), dt.date(2025, 1, 11)) == []


def test_a_unit_owes_its_key_task_assignments_overdue_and_due_soon_and_not_another_units():
    """Counted on top of the 附件2 assignments the reference data already holds."""
    today = dt.date(2024, 6, 1)
    editor, department = f.district_editor("姑苏区"), f.user_with_role("department", department="市住建局")

    def counts(user):
        return {label: count for label, count, _url in task_items(user, today)}

    before, before_department = counts(editor), counts(department)
    f.TaskAssignmentFactory(task=f.KeyTaskFactory(deadline=dt.date(2024, 5, 31)))
    f.TaskAssignmentFactory(task=f.KeyTaskFactory(deadline=dt.date(2024, 6, 20)))
    f.TaskAssignmentFactory(task=f.KeyTaskFactory(deadline=dt.date(2024, 6, 20)))
    f.TaskAssignmentFactory(task=f.KeyTaskFactory(deadline=dt.date(2024, 5, 1)), district=f.district("吴中区"))
    after = counts(editor)
    assert after["逾期的重点任务"] == before.get("逾期的重点任务", 0) + 1
    assert after["即将到期的重点任务"] == before.get("即将到期的重点任务", 0) + 2
    f.TaskAssignmentFactory(task=f.KeyTaskFactory(deadline=dt.date(2024, 5, 1)), district=None, unit="市住建局", department="市住建局")
    assert counts(department)["逾期的重点任务"] == before_department.get("逾期的重点任务", 0) + 1


def test_one_owed_assignment_links_to_itself_and_several_to_the_task_list_of_that_status():
    from louyu.programme.models import TaskAssignment

    TaskAssignment.objects.all().delete()  # the reference data's assignments: this test counts its own
    today = dt.date(2024, 6, 1)
    late = f.TaskAssignmentFactory(task=f.KeyTaskFactory(deadline=dt.date(2024, 5, 31)))
    f.TaskAssignmentFactory(task=f.KeyTaskFactory(deadline=dt.date(2024, 6, 20)))
    f.TaskAssignmentFactory(task=f.KeyTaskFactory(deadline=dt.date(2024, 6, 20)))
    assert _labels(task_items(f.district_editor("姑苏区"), today)) == {
        "逾期的重点任务": (1, reverse("programme:assignment_detail", args=[late.pk])),
        "即将到期的重点任务": (2, reverse("programme:tasks") + "?status=due_soon")}


def test_an_assignee_owes_their_open_requests_and_sees_the_overdue_ones_first():
    today = dt.date(2024, 4, 1)
    editor = f.district_editor("姑苏区")
    building = f.BuildingFactory(district=f.district("姑苏区"))
    overdue = f.EnterpriseRequestFactory(building=building, assignee=editor, due_on=dt.date(2024, 3, 20))
    f.EnterpriseRequestFactory(building=building, assignee=editor, due_on=dt.date(2024, 4, 20))
    f.EnterpriseRequestFactory(building=building, assignee=editor, status="resolved", resolved_on=dt.date(2024, 3, 10))
    f.EnterpriseRequestFactory(building=building, due_on=dt.date(2024, 3, 20))  # nobody's
    assert request_items(editor, today) == [
        ("逾期未办结的企业诉求", 1, reverse("stewardship:request_detail", args=[overdue.pk])),
        ("承办中的企业诉求", 2, reverse("stewardship:request_list") + "?sort=due_on")]
    assert request_items(f.district_editor("姑苏区"), today) == []


def test_the_cockpit_todo_links_each_owed_thing_for_a_district_user(client):
    today = timezone.localdate()
    editor = f.district_editor("姑苏区")
    building = f.BuildingFactory(district=f.district("姑苏区"))
    request = f.EnterpriseRequestFactory(building=building, assignee=editor, received_on=today - dt.timedelta(days=30),
                                         due_on=today - dt.timedelta(days=1))
    alert = f.AlertFactory(building=building, district=building.district, assigned_to=editor)
    client.force_login(editor)
    body = client.get(reverse("web:cockpit")).content.decode()
    todo = body[body.index('id="todo"'):]
    todo = todo[:todo.index("</div>")]
    assert "逾期未办结的企业诉求" in todo and reverse("stewardship:request_detail", args=[request.pk]) in todo
    assert "指派给我的预警" in todo and reverse("web:alert_list") + "?mine=on" in todo and alert.assigned_to == editor
    assert [label for label, *_ in todo_for(f.user_with_role("city_viewer"))["items"]] == ["新预警"]

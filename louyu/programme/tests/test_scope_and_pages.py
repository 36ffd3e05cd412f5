"""The programme's registers in the generic role × scope walk, and its pages end to end through the client."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from louyu import factories as f
from louyu.core.testing import ROLES, ScopedCase, walk
from louyu.programme.models import AnnualTarget, ProgressReport, TargetStatus, TargetVersion, TaskAssignment

CASES = [
    ScopedCase("年度目标版本", make=lambda d: f.TargetVersionFactory(district=d), marker=lambda r: str(r.pk),
               api_basename="targetversion"),
    ScopedCase("任务分工", make=lambda d: f.TaskAssignmentFactory(district=d), marker=lambda r: str(r.pk),
               api_basename="taskassignment"),
    ScopedCase("进展报告", make=lambda d: f.ProgressReportFactory(assignment=f.TaskAssignmentFactory(district=d)),
               marker=lambda r: str(r.pk), api_basename="progressreport"),
    ScopedCase("三年行动计划", make=lambda d: f.ActionPlanFactory(district=d), marker=lambda r: str(r.pk), api_basename="actionplan"),
    ScopedCase("行动计划年度目标", make=lambda d: f.PlanGoalFactory(plan=f.ActionPlanFactory(district=d)), marker=lambda r: str(r.pk),
               api_basename="plangoal"),
    ScopedCase("行动计划责任分工", make=lambda d: f.PlanItemFactory(plan=f.ActionPlanFactory(district=d)), marker=lambda r: str(r.pk),
               api_basename="planitem"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_each_role_sees_only_programme_rows_in_its_scope(client, case, role):
    assert walk(client, case, role) == []


def test_every_scoped_programme_model_has_a_case():
    from django.apps import apps

    scoped = {m._meta.label for m in apps.get_app_config("programme").get_models() if getattr(m, "scope_path", None)}
    # AnnualTarget is a district summary every role reads (READ_ALL_MODELS) and only approvals write.
    assert scoped - {"programme.AnnualTarget"} == {"programme.TargetVersion", "programme.TaskAssignment", "programme.ProgressReport", "programme.ActionPlan",
                                                   "programme.PlanGoal", "programme.PlanItem"}


ROW = {"office_buildings_10k": 21, "new_100m": 1, "cumulative_100m": 4, "new_featured": 1, "renovated": 1, "promotion_events": 6}


@pytest.mark.django_db
def test_target_pages_submit_return_resubmit_approve_and_adjust(client):
    editor, admin = f.district_editor("姑苏区"), f.city_admin()
    client.force_login(editor)
    page = client.get(reverse("programme:targets"), {"year": 2024}).content.decode()
    assert 'id="submit-form"' in page and 'id="adjust-form"' not in page
    client.post(reverse("programme:target_submit", args=[2024]), ROW)
    version = TargetVersion.objects.get(year=2024, district__name="姑苏区")
    client.force_login(admin)
    assert "data-pending=\"姑苏区\"" in client.get(reverse("programme:targets"), {"year": 2024}).content.decode()
    client.post(reverse("programme:target_decide", args=[version.pk]), {"decision": "return", "return_reason": "目标偏低"})
    client.force_login(editor)
    assert "目标偏低" in client.get(reverse("programme:targets"), {"year": 2024}).content.decode()
    client.post(reverse("programme:target_submit", args=[2024]), {**ROW, "new_100m": 2})
    again = TargetVersion.objects.get(year=2024, district__name="姑苏区", status=TargetStatus.SUBMITTED)
    client.force_login(admin)
    client.post(reverse("programme:target_decide", args=[again.pk]), {"decision": "approve"})
    gusu = f.district("姑苏区")
    client.post(reverse("programme:target_adjust", args=[2024]), {**ROW, "new_100m": 2, "renovated": 2, "district": gusu.pk,
                                                                   "reason": "新增一个改造项目"})
    assert AnnualTarget.objects.get(year=2024, district=gusu).version == 2
    page = client.get(reverse("programme:targets"), {"year": 2024}).content.decode()
    assert "第2版" in page and "新增一个改造项目" in page


@pytest.mark.django_db
def test_a_district_user_cannot_decide_or_adjust(client):
    version = f.TargetVersionFactory()
    client.force_login(f.district_editor("姑苏区"))
    assert client.post(reverse("programme:target_decide", args=[version.pk]), {"decision": "approve"}).status_code == 403
    version.refresh_from_db()
    assert version.status == TargetStatus.SUBMITTED
    assert client.post(reverse("programme:target_adjust", args=[2024]), ROW).status_code == 403


@pytest.mark.django_db
def test_a_department_files_a_report_with_an_attachment_and_a_forged_file_is_refused(client):
    housing = TaskAssignment.objects.get(task__order=2, department="市住建局")
    client.force_login(f.user_with_role("department", department="市住建局"))
    url = reverse("programme:assignment_detail", args=[housing.pk])
    forged = SimpleUploadedFile("说明.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(url, {"reported_on": "2023-04-20", "status": "done", "text": "已印发", "attachment": forged})
    assert "文件内容与扩展名不符" in response.content.decode() and not ProgressReport.objects.exists()
    real = SimpleUploadedFile("说明.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    client.post(url, {"reported_on": "2023-04-20", "status": "done", "text": "已印发", "attachment": real})
    report = ProgressReport.objects.get()
    assert report.attachment_name == "说明.pdf"
    download = client.get(reverse("programme:report_attachment", args=[report.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_the_overview_page_counts_on_the_chosen_day(client):
    client.force_login(f.city_admin())
    page = client.get(reverse("programme:tasks"), {"as_of": "2023-05-10", "status": "overdue"}).content.decode()
    assert "市资源规划局" in page and "逾期" in page

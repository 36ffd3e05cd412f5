"""三年行动计划: each district uploads its plan (PDF/DOCX, checked), fills the annual goals and the
responsibility split; the 2023年4月底前 publishing deadline is tracked per district."""
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from louyu import factories as f
from louyu.core.models import AuditEntry
from louyu.programme import selectors, services
from louyu.programme.models import ActionPlan

pytestmark = pytest.mark.django_db


def docx_bytes(text="苏州市姑苏区楼宇经济三年行动计划") -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(text, 1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_publication_is_on_time_late_or_overdue_against_the_april_deadline():
    on_time = f.ActionPlanFactory(district=f.district("姑苏区"), published_on=dt.date(2023, 4, 28), document="x.pdf")
    late = f.ActionPlanFactory(district=f.district("吴中区"), published_on=dt.date(2023, 6, 12), document="y.pdf")
    assert services.plan_publication(on_time, dt.date(2023, 5, 1)) == "按时印发"
    assert services.plan_publication(late, dt.date(2023, 7, 1)) == "逾期印发"
    assert services.plan_publication(late, dt.date(2023, 5, 20)) == "逾期未印发"
    assert services.plan_publication(None, dt.date(2023, 4, 1)) == "未到期"
    rows = {r["district"].name: r["status"] for r in selectors.plans_overview(f.city_admin(), dt.date(2023, 7, 1))}
    assert rows["姑苏区"] == "按时印发" and rows["吴中区"] == "逾期印发" and rows["昆山市"] == "逾期未印发"


def test_a_district_uploads_its_plan_fills_goals_and_items_and_may_not_touch_another(client):
    editor = f.district_editor("姑苏区")
    client.force_login(editor)
    url = reverse("programme:plan_detail", args=[f.district("姑苏区").pk])
    upload = SimpleUploadedFile("姑苏区三年行动计划.docx", docx_bytes())
    client.post(url, {"form": "upload", "published_on": "2023-04-26", "document": upload})
    plan = ActionPlan.objects.get(district__name="姑苏区")
    assert plan.document_version == 1 and plan.document_name == "姑苏区三年行动计划.docx"
    client.post(url, {"form": "goal", "year": "2024", "text": "新增亿元楼宇 1 幢，改造存量楼宇 1 幢"})
    client.post(url, {"form": "item", "focus": "推进观前片区楼宇更新", "unit": "区住建局", "deadline": "2024-12-31"})
    page = client.get(url).content.decode()
    assert "新增亿元楼宇 1 幢" in page and "推进观前片区楼宇更新" in page and "按时印发" in page
    download = client.get(reverse("programme:plan_document", args=[plan.district_id]))
    assert b"".join(download.streaming_content).startswith(b"PK")
    assert AuditEntry.objects.filter(object_id=str(plan.pk), note__startswith="上传行动计划文件").exists()
    other = reverse("programme:plan_detail", args=[f.district("吴中区").pk])
    assert client.post(other, {"form": "goal", "year": "2024", "text": "越权"}).status_code == 403


def test_a_forged_plan_document_is_refused():
    from louyu.programme.forms import PlanUploadForm

    form = PlanUploadForm({"published_on": "2023-04-26"}, {"document": SimpleUploadedFile("计划.docx", b"%PDF-1.4 not a docx")})
    assert not form.is_valid() and "文件内容与扩展名不符" in str(form.errors)
    form = PlanUploadForm({"published_on": "2023-04-26"}, {"document": SimpleUploadedFile("计划.xlsx", b"PK\x03\x04")})
    assert not form.is_valid() and "只支持" in str(form.errors)


def test_services_refuse_other_districts_and_departments():
    plan = f.ActionPlanFactory(district=f.district("吴中区"))
    for user in (f.district_editor("姑苏区"), f.user_with_role("department", department="市住建局")):
        with pytest.raises(PermissionDenied):
            services.plan_item_create(plan=plan, focus="x", unit="y", deadline=None, actor=user)


def test_plan_items_are_reported_on_like_key_tasks():
    from louyu.programme import rules

    editor = f.district_editor("姑苏区")
    plan = f.ActionPlanFactory(district=f.district("姑苏区"))
    item = services.plan_item_create(plan=plan, focus="打造观前片区特色产业楼宇", unit="区商务局", deadline=dt.date(2024, 6, 30), actor=editor)
    assignment = item.assignment
    assert assignment.district == plan.district and assignment.item == item
    day = dt.date(2024, 7, 10)
    assert assignment in [a for a, _ in selectors.late_assignments(editor, day)]
    services.progress_report_create(assignment=assignment, reported_on=dt.date(2024, 7, 5), text="已认定 1 幢", status="done", actor=editor)
    assert assignment not in [a for a, _ in selectors.late_assignments(editor, day)]
    overview = selectors.overview(f.city_admin(), day)
    assert overview["by_area"]["三年行动计划"][rules.DONE] == 1
    with pytest.raises(PermissionDenied):
        services.progress_report_create(assignment=assignment, reported_on=dt.date(2024, 7, 5), text="越权", status="done",
                                        actor=f.district_editor("吴中区"))

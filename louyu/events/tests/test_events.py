"""The event register: audited writes, the 附件1 推介活动 actual it feeds, import/export, materials, pages."""
import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from louyu import factories as f
from louyu.core.models import AuditEntry
from louyu.events import services
from louyu.events.exports import COLUMNS
from louyu.events.models import Event, EventKind
from louyu.indicators import selectors as indicator_selectors
from louyu.indicators.engine import compute
from louyu.indicators.models import CityYear, DistrictYear
from louyu.intake.services import import_file

pytestmark = pytest.mark.django_db


def event_data(**over):
    data = {"name": "观前街区楼宇推介会", "kind": EventKind.PROMOTION_EVENT, "district": f.district("姑苏区"),
            "held_on": dt.date(2023, 4, 12), "organiser": "姑苏区商务局", "participants": 120, "signed_projects": 3}
    data.update(over)
    return data


@pytest.fixture
def facts_2023():
    """A building with tax in 2023 so the engine has DistrictYear rows for 2023."""
    b = f.BuildingFactory(district=f.district("姑苏区"))
    t = f.TenancyFactory(building=b, enterprise=f.EnterpriseFactory(district=b.district))
    f.TaxRecordFactory(enterprise=t.enterprise, period=dt.date(2023, 1, 1))
    compute()


def progress_actual(year, name):
    rows = indicator_selectors.district_progress(year)
    row = next(r for r in rows if r["name"] == name)
    return next(c["actual"] for c in row["columns"] if c["column"] == "promotion_events")


def test_creating_an_event_is_audited_with_the_actor_in_the_same_transaction():
    editor = f.district_editor("姑苏区")
    event = services.event_create(data=event_data(), actor=editor, note="网页表单新增")
    entry = AuditEntry.objects.get(object_id=str(event.pk), content_type__model="event")
    assert entry.actor == editor and entry.action == "create" and entry.changes["name"][1] == "观前街区楼宇推介会"


def test_a_district_editor_cannot_record_another_district_s_or_a_city_level_event():
    editor = f.district_editor("姑苏区")
    with pytest.raises(PermissionDenied):
        services.event_create(data=event_data(district=f.district("吴中区")), actor=editor)
    with pytest.raises(PermissionDenied):
        services.event_create(data=event_data(district=None), actor=editor)
    assert not Event.objects.exists()


def test_saving_an_event_unchanged_writes_nothing():
    admin = f.city_admin()
    event = services.event_create(data=event_data(), actor=admin)
    before = AuditEntry.objects.count()
    assert services.event_update(event=event, data=event_data(), actor=admin) == {}
    assert AuditEntry.objects.count() == before


def test_the_blue_book_is_published_by_the_city_only():
    with pytest.raises(ValidationError) as exc:
        services.event_create(data=event_data(kind=EventKind.BLUEBOOK), actor=f.city_admin())
    assert "全市" in str(exc.value)


def test_a_district_s_promotion_events_are_its_附件1_actual_and_city_events_count_for_the_city_total_only(
        facts_2023, django_capture_on_commit_callbacks):
    admin = f.city_admin()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_create(data=event_data(), actor=admin)
        services.event_create(data=event_data(name="第二场", held_on=dt.date(2023, 9, 1)), actor=admin)
        services.event_create(data=event_data(name="市级推介会", district=None), actor=admin)
        services.event_create(data=event_data(name="联席会议", kind=EventKind.JOINT_MEETING, district=None), actor=admin)
    assert DistrictYear.objects.get(year=2023, district__name="姑苏区").promotion_events == 2
    assert progress_actual(2023, "姑苏区") == 2
    assert progress_actual(2023, "吴中区") == 0
    assert progress_actual(2023, "全市合计") == 3
    assert CityYear.objects.get(year=2023).promotion_events == 3
    compute()  # a full recompute gives the same counts
    assert progress_actual(2023, "姑苏区") == 2 and progress_actual(2023, "全市合计") == 3


def test_moving_an_event_to_another_year_moves_its_count(facts_2023, django_capture_on_commit_callbacks):
    admin = f.city_admin()
    with django_capture_on_commit_callbacks(execute=True):
        event = services.event_create(data=event_data(), actor=admin)
    assert progress_actual(2023, "姑苏区") == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, data={"held_on": dt.date(2022, 12, 1)}, actor=admin)
    assert progress_actual(2023, "姑苏区") == 0


def test_district_progress_export_carries_the_event_count(facts_2023, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.event_create(data=event_data(), actor=f.city_admin())
    call_command("export", "district-progress", year=2023, output=str(tmp_path / "p.csv"), stdout=io.StringIO())
    with open(tmp_path / "p.csv", encoding="utf-8-sig") as fh:
        rows = {r["地区"]: r for r in csv.DictReader(fh)}
    assert rows["姑苏区"]["举办楼宇推介活动(实际)"] == "1"


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)


HEADER = ["活动名称", "活动类型", "地区", "举办日期", "主办单位", "参与人数", "签约项目数"]


def test_import_events_with_the_issue_columns(tmp_path, facts_2023):
    path = tmp_path / "events.csv"
    write_csv(path, [HEADER, ["金鸡湖商务区推介会", "推介活动", "工业园区", "2023-05-06", "园区商务局", "200", "5"],
                     ["全市楼宇经济联席会议", "联席会议", "全市", "2023-06-20", "市发改委", "40", ""]])
    out = io.StringIO()
    call_command("import", "events", str(path), stdout=out)
    assert "新增 2" in out.getvalue()
    meeting = Event.objects.get(kind=EventKind.JOINT_MEETING)
    assert meeting.district is None and meeting.participants == 40 and meeting.signed_projects is None
    assert progress_actual(2023, "工业园区") == 1  # the import hook refreshed the count
    # Importing the same file again changes nothing.
    call_command("import", "events", str(path), stdout=(again := io.StringIO()))
    assert "未变化 2" in again.getvalue()


def test_a_bad_events_file_is_rejected_whole_with_every_reason_in_chinese(tmp_path):
    path = tmp_path / "bad.csv"
    write_csv(path, [HEADER, ["推介会A", "推介活动", "火星区", "2023-05-06", "某局", "10", "1"],
                     ["推介会B", "路演", "姑苏区", "2023-13-01", "某局", "-3", "1"],
                     ["推介会C", "推介活动", "姑苏区", "2023-05-06", "某局", "10", "1"]])
    batch = import_file(kind="events", path_or_file=str(path), actor=None)
    assert batch.status == "rejected" and not Event.objects.exists()
    reasons = {(e["row"], e["column"]): e["reason"] for e in batch.errors}
    assert "未知地区" in reasons[(2, "地区")]
    assert {(3, "活动类型"), (3, "举办日期"), (3, "参与人数")} <= set(reasons)


def test_a_district_editor_imports_only_its_own_district_s_events(tmp_path):
    path = tmp_path / "e.csv"
    write_csv(path, [HEADER, ["推介会", "推介活动", "吴中区", "2023-05-06", "某局", "10", "1"]])
    batch = import_file(kind="events", path_or_file=str(path), actor=f.district_editor("姑苏区"))
    assert batch.status == "rejected" and "超出本人负责的地区" in batch.errors[0]["reason"]


def test_the_events_template_downloads_with_the_required_columns(admin_client):
    from openpyxl import load_workbook

    response = admin_client.get(reverse("web:import_template", args=["events"]))
    assert response.status_code == 200
    header = [c.value for c in next(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(max_row=1))]
    assert all(any(h and h.startswith(name) for h in header) for name in HEADER)


def test_export_mechanism_compliance_lists_every_rule_and_period(tmp_path):
    f.EventFactory(name="推介会", held_on=dt.date(2023, 1, 9))
    path = tmp_path / "m.csv"
    call_command("export", "mechanism-compliance", year=2023, output=str(path), stdout=io.StringIO())
    with open(path, encoding="utf-8-sig") as fh:
        header, *rows = list(csv.reader(fh))
    assert header == COLUMNS
    assert [r[1] for r in rows if r[0] == "推介活动每双月"] == [f"2023年{m}-{m + 1}月" for m in range(1, 13, 2)]
    assert [r[1] for r in rows if r[0] == "联席会议每半年"] == ["2023年上半年", "2023年下半年"]
    assert [r[1] for r in rows if r[0] == "发展大会每年"] == ["2023年"]
    first = rows[0]
    assert first[2] == "达标" and first[3] == "2023-01-09 姑苏区 推介会"
    assert rows[1][2] == "未达标"  # 2023年3-4月 has no event


def test_materials_are_checked_by_content_and_type(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    event = f.EventFactory()
    admin = f.city_admin()
    pdf = SimpleUploadedFile("议程.pdf", b"%PDF-1.4 agenda", content_type="application/pdf")
    attachment = services.attachment_add(event=event, upload=pdf, kind="agenda", title="", actor=admin)
    assert attachment.title == "议程.pdf" and attachment.size == 15 and len(attachment.sha256) == 64
    fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 not a jpeg", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(event=event, upload=fake, kind="photo", title="", actor=admin)
    assert "不符" in str(exc.value)
    with pytest.raises(ValidationError):
        services.attachment_add(event=event, upload=SimpleUploadedFile("a.exe", b"MZ"), kind="other", title="", actor=admin)
    assert event.attachments.count() == 1


def test_joint_meeting_resolutions_are_tracked_with_owner_and_deadline(admin_client):
    meeting = f.EventFactory(kind=EventKind.JOINT_MEETING, district=None, name="联席会议")
    response = admin_client.post(reverse("events:resolution_add", args=[meeting.pk]),
                                 {"content": "协调金融街楼宇产权分割", "owner": "市资源规划局", "deadline": "2023-05-31", "status": "open"})
    assert response.status_code == 302
    resolution = meeting.resolutions.get()
    assert resolution.owner == "市资源规划局" and resolution.deadline == dt.date(2023, 5, 31)
    page = admin_client.get(reverse("web:cockpit")).content.decode()
    assert "协调金融街楼宇产权分割" in page  # overdue: on the cockpit's compliance panel
    with pytest.raises(ValidationError):
        services.resolution_update(resolution=resolution, data={"status": "done"}, actor=f.city_admin())


def test_the_event_edit_form_saves_unchanged(admin_client):
    event = services.event_create(data=event_data(signed_amount="1200.50"), actor=f.city_admin())
    form = admin_client.get(reverse("events:event_edit", args=[event.pk])).content.decode()
    assert 'value="2023-04-12"' in form
    from louyu.events.forms import EventForm

    initial = EventForm(instance=event, user=f.city_admin())
    data = {name: initial[name].value() for name in initial.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    before = AuditEntry.objects.count()
    response = admin_client.post(reverse("events:event_edit", args=[event.pk]), data)
    assert response.status_code == 302
    assert AuditEntry.objects.count() == before


def test_the_calendar_shows_a_month_and_filters_by_type_and_district(admin_client):
    f.EventFactory(name="姑苏推介会", held_on=dt.date(2023, 3, 15))
    f.EventFactory(name="全市联席会议", kind=EventKind.JOINT_MEETING, district=None, held_on=dt.date(2023, 3, 20))
    page = admin_client.get(reverse("events:calendar"), {"year": 2023, "month": 3}).content.decode()
    assert "姑苏推介会" in page and "全市联席会议" in page
    page = admin_client.get(reverse("events:calendar"), {"year": 2023, "month": 3, "kind": "joint_meeting"}).content.decode()
    assert "姑苏推介会" not in page and "全市联席会议" in page
    page = admin_client.get(reverse("events:calendar"), {"year": 2023, "month": 3, "district": "city"}).content.decode()
    assert "姑苏推介会" not in page and "全市联席会议" in page


def test_the_cockpit_shows_the_compliance_panel(admin_client):
    page = admin_client.get(reverse("web:cockpit")).content.decode()
    assert 'id="compliance-panel"' in page and "推介活动每双月" in page and "联席会议每半年" in page


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["99999999999999999999", "-1", "0.5", "0"])
def test_an_event_year_outside_the_calendar_is_a_400_not_a_500(admin_client, year):
    # Found by the API fuzz's boundary sweep: /api/events/?year=-1 (and 0.5, 2**66) raised ValueError / OverflowError.
    response = admin_client.get(reverse("api:event-list"), {"year": year})
    assert response.status_code == 400, response.content
    assert admin_client.get(reverse("api:event-list"), {"year": "2023"}).status_code == 200

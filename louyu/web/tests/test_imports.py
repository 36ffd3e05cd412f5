"""The upload page runs louyu.intake's import_file and shows its outcome; the history lists it."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from louyu.buildings.models import Building
from louyu.intake.models import ImportBatch
from louyu.web.models import ImportJob, ImportJobStatus

CSV = "楼宇编码,楼宇名称,所属地区,地址,商务办公面积(㎡)\nGS-UP-001,上传测试大厦,姑苏区,人民路100号,12000\n"


@pytest.fixture
def sync_imports(settings, tmp_path):
    settings.LOUYU_IMPORT_SYNC = True  # run the job in the request, not a thread (tests share one transaction)
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_uploading_a_building_file_imports_it_and_the_job_page_shows_the_outcome(gusu_client, sync_imports):
    upload = SimpleUploadedFile("楼宇.csv", CSV.encode("utf-8-sig"), content_type="text/csv")
    response = gusu_client.post(reverse("web:import_upload"), {"kind": "buildings", "file": upload})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.DONE, job.message
    assert Building.objects.filter(code="GS-UP-001", district__name="姑苏区").exists()
    progress = gusu_client.get(reverse("web:import_job_progress", args=[job.pk])).content.decode()
    assert "已完成" in progress and "hx-trigger" not in progress  # finished: polling stops
    history = gusu_client.get(reverse("web:import_history")).content.decode()
    assert job.batch.file_sha256[:12] in history and ImportBatch.objects.count() == 1


@pytest.mark.django_db
def test_a_district_user_importing_another_districts_rows_writes_nothing_and_gets_an_error_report(gusu_client, sync_imports):
    other = CSV.replace("姑苏区", "吴中区")
    upload = SimpleUploadedFile("楼宇.csv", other.encode("utf-8"), content_type="text/csv")
    gusu_client.post(reverse("web:import_upload"), {"kind": "buildings", "file": upload})
    job = ImportJob.objects.get()
    assert not Building.objects.filter(code="GS-UP-001").exists()
    assert job.batch is not None and job.batch.errors
    report = gusu_client.get(reverse("web:import_errors", args=[job.batch.pk]))
    assert report.status_code == 200  # a district user's own imports are in their district's history
    text = report.content.decode("utf-8-sig")
    assert text.startswith("行号,列,值,原因") and "吴中区" in text


@pytest.mark.django_db
def test_a_leader_cannot_open_the_upload_page(client):
    from louyu import factories as f

    client.force_login(f.user_with_role("city_viewer"))
    assert client.get(reverse("web:import_upload")).status_code == 403


@pytest.mark.django_db
def test_the_progress_fragment_polls_while_the_job_runs(gusu_client, django_user_model):
    user = django_user_model.objects.get(username__startswith="district_editor")
    job = ImportJob.objects.create(user=user, kind="tax", file_name="税收.csv", path="/nonexistent", status=ImportJobStatus.RUNNING,
                                   done=500, total=1000)
    html = gusu_client.get(reverse("web:import_job_progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html and "50%" in html


@pytest.mark.django_db
def test_a_rejected_file_shows_red_with_every_error_on_the_job_page(gusu_client, sync_imports):
    bad = CSV + "GS-UP-002,另一座大厦,姑苏区,人民路102号,12000㎡\n"
    upload = SimpleUploadedFile("楼宇.csv", bad.encode("utf-8"), content_type="text/csv")
    gusu_client.post(reverse("web:import_upload"), {"kind": "buildings", "file": upload})
    job = ImportJob.objects.get()
    page = gusu_client.get(reverse("web:import_job", args=[job.pk])).content.decode()
    assert "已拒绝（文件未写入）" in page and 'class="failed"' in page and "已完成" not in page
    errors = page[page.index('class="data errors"'):]
    assert "<td class=\"num\">3</td>" in errors and "商务办公面积" in errors and "12000㎡" in errors and "面积一律以㎡计" in errors
    assert not Building.objects.exists()


@pytest.mark.django_db
def test_after_an_enterprise_import_the_page_says_how_many_addresses_wait_for_review(gusu_client, sync_imports):
    from louyu import factories as f

    f.BuildingFactory(code="GS-R-1", name="观前国际大厦", district=f.district("姑苏区"), address="观前街1号")
    rows = "统一社会信用代码,企业名称,注册地址,所属地区\n" + "".join(
        f"{f.next_uscc()},待复核企业{i},苏州市姑苏区干将路{900 + i}号某大楼,姑苏区\n" for i in range(2))
    upload = SimpleUploadedFile("企业.csv", rows.encode("utf-8"), content_type="text/csv")
    gusu_client.post(reverse("web:import_upload"), {"kind": "enterprises", "file": upload})
    job = ImportJob.objects.get()
    assert job.batch.status == "committed", job.batch.errors
    page = gusu_client.get(reverse("web:import_job", args=[job.pk])).content.decode()
    assert "有 2 家企业的注册地址待复核或未找到楼宇" in page and reverse("matching:review_queue") in page

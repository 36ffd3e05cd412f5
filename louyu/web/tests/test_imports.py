"""The upload page queues an import job (louyu.jobs), which the worker runs through louyu.intake's import_file;
the job page shows its outcome; the history lists it."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from louyu import factories as f
from louyu.buildings.models import Building
from louyu.intake.models import ImportBatch
from louyu.jobs.models import Job, JobStatus

CSV = "楼宇编码,楼宇名称,所属地区,地址,商务办公面积(㎡)\nGS-UP-001,上传测试大厦,姑苏区,人民路100号,12000\n"


@pytest.mark.django_db
def test_uploading_a_building_file_imports_it_and_the_job_page_shows_the_outcome(gusu_client, run_jobs):
    upload = SimpleUploadedFile("楼宇.csv", CSV.encode("utf-8-sig"), content_type="text/csv")
    response = gusu_client.post(reverse("web:import_upload"), {"kind": "buildings", "file": upload})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.QUEUED and not Building.objects.filter(code="GS-UP-001").exists()  # not in the request
    queued = gusu_client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert "排队中" in queued and 'hx-trigger="every 1s"' in queued
    run_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert Building.objects.filter(code="GS-UP-001", district__name="姑苏区").exists()
    progress = gusu_client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert "已完成" in progress and "新增 1" in progress and "hx-trigger" not in progress  # finished: polling stops
    batch = ImportBatch.objects.get()
    history = gusu_client.get(reverse("web:import_history")).content.decode()
    assert batch.file_sha256[:12] in history and job.result["batch"] == batch.pk


@pytest.mark.django_db
def test_a_district_user_importing_another_districts_rows_writes_nothing_and_gets_an_error_report(gusu_client, run_jobs):
    other = CSV.replace("姑苏区", "吴中区")
    upload = SimpleUploadedFile("楼宇.csv", other.encode("utf-8"), content_type="text/csv")
    gusu_client.post(reverse("web:import_upload"), {"kind": "buildings", "file": upload})
    run_jobs()
    job = Job.objects.get()
    assert not Building.objects.filter(code="GS-UP-001").exists()
    batch = ImportBatch.objects.get(pk=job.result["batch"])
    assert batch.errors
    page = gusu_client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert reverse("web:import_errors", args=[batch.pk]) in page
    report = gusu_client.get(reverse("web:import_errors", args=[batch.pk]))
    assert report.status_code == 200  # a district user's own imports are in their district's history
    text = report.content.decode("utf-8-sig")
    assert text.startswith("行号,列,值,原因") and "吴中区" in text


@pytest.mark.django_db
def test_a_leader_cannot_open_the_upload_page(client):
    client.force_login(f.user_with_role("city_viewer"))
    assert client.get(reverse("web:import_upload")).status_code == 403


@pytest.mark.django_db
def test_the_progress_fragment_polls_while_the_job_runs(gusu_client, django_user_model):
    from louyu.jobs.services import this_worker

    user = django_user_model.objects.get(username__startswith="district_editor")
    job = Job.objects.create(actor=user, kind="import", label="导入税收：税收.csv", status=JobStatus.RUNNING, worker=this_worker(),
                             done=500, total=1000, phase="读取并校验")
    html = gusu_client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html and "50%" in html and "500 / 1,000" in html and "读取并校验" in html


@pytest.mark.django_db
def test_uploading_the_same_file_twice_while_the_first_is_queued_runs_it_once(gusu_client, run_jobs):
    for _ in range(2):
        upload = SimpleUploadedFile("楼宇.csv", CSV.encode("utf-8"), content_type="text/csv")
        gusu_client.post(reverse("web:import_upload"), {"kind": "buildings", "file": upload})
    assert Job.objects.count() == 1
    run_jobs()
    assert ImportBatch.objects.count() == 1 and Job.objects.get().status == JobStatus.SUCCEEDED


@pytest.mark.django_db
def test_another_users_job_is_not_found(client, gusu_client, django_user_model):
    from louyu import factories as f

    job = f.JobFactory()
    assert gusu_client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_a_rejected_file_shows_red_with_every_error_on_the_job_page(gusu_client, run_jobs):
    bad = CSV + "GS-UP-002,另一座大厦,姑苏区,人民路102号,12000㎡\n"
    upload = SimpleUploadedFile("楼宇.csv", bad.encode("utf-8"), content_type="text/csv")
    gusu_client.post(reverse("web:import_upload"), {"kind": "buildings", "file": upload})
    run_jobs()
    job = Job.objects.get()
    page = gusu_client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "已拒绝（文件未写入）" in page and 'class="failed"' in page and "已完成" not in page
    errors = page[page.index('class="data errors"'):]
    assert "<td class=\"num\">3</td>" in errors and "商务办公面积" in errors and "12000㎡" in errors and "面积一律以㎡计" in errors
    assert not Building.objects.exists()


@pytest.mark.django_db
def test_after_an_enterprise_import_the_page_says_how_many_addresses_wait_for_review(gusu_client, run_jobs):
    from louyu import factories as f

    f.BuildingFactory(code="GS-R-1", name="观前国际大厦", district=f.district("姑苏区"), address="观前街1号")
    rows = "统一社会信用代码,企业名称,注册地址,所属地区\n" + "".join(
        f"{f.next_uscc()},待复核企业{i},苏州市姑苏区干将路{900 + i}号某大楼,姑苏区\n" for i in range(2))
    upload = SimpleUploadedFile("企业.csv", rows.encode("utf-8"), content_type="text/csv")
    gusu_client.post(reverse("web:import_upload"), {"kind": "enterprises", "file": upload})
    run_jobs()
    job = Job.objects.get()
    batch = ImportBatch.objects.get()
    assert batch.status == "committed", batch.errors
    page = gusu_client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "有 2 家企业的注册地址待复核或未找到楼宇" in page and reverse("matching:review_queue") in page

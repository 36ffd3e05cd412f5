"""Imports through the API are jobs, like the upload page's: POST answers 202 with the job; the job's GET gives
its status, progress and — once the worker has run it — the batch with its errors, as the job page shows them."""
import pytest
from rest_framework.test import APIClient

from louyu import factories
from louyu.buildings.models import Building
from louyu.jobs.models import Job, JobStatus

from .files import xlsx

pytestmark = pytest.mark.django_db
HEADER = ["楼宇编码", "楼宇名称", "所属地区", "地址"]


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _submit(client, path, kind="buildings"):
    with path.open("rb") as fh:
        return client.post("/api/imports/", {"kind": kind, "file": fh}, format="multipart")


def test_posting_a_file_queues_an_import_job_that_imports_it_with_the_users_scope(tmp_path, run_jobs):
    editor = factories.district_editor("姑苏区")
    client = client_for(editor)
    response = _submit(client, xlsx(tmp_path / "b.xlsx", [HEADER, ["GS1", "甲大厦", "姑苏区", "人民路1号"]]))
    assert response.status_code == 202, response.content
    job = Job.objects.get(pk=response.json()["job"])
    assert response.json()["url"].endswith(f"/api/jobs/{job.pk}/") and response["Location"] == f"/api/jobs/{job.pk}/"
    assert job.kind == "import" and job.channel == "api" and not Building.objects.exists()  # not in the request
    queued = client.get(f"/api/jobs/{job.pk}/").json()
    assert queued["status"] == "queued" and queued["status_label"] == "排队中" and queued["outcome"] is None
    run_jobs()
    done = client.get(f"/api/jobs/{job.pk}/").json()
    assert done["status"] == JobStatus.SUCCEEDED and done["percent"] == 100 and "新增 1" in done["summary"]
    batch = done["outcome"]["batch"]
    assert batch["rows_inserted"] == 1 and batch["file_name"] == "b.xlsx" and batch["channel"] == "api"
    assert Building.objects.get().code == "GS1"
    assert [item["id"] for item in client.get("/api/imports/").json()["results"]] == [batch["id"]]


def test_a_rejected_file_gives_the_batchs_errors_on_the_job_and_the_csv_report(tmp_path, run_jobs):
    admin = factories.city_admin()
    client = client_for(admin)
    job_id = _submit(client, xlsx(tmp_path / "b.xlsx", [HEADER, ["GS1", "甲大厦", "火星区", "人民路1号"]])).json()["job"]
    run_jobs()
    outcome = client.get(f"/api/jobs/{job_id}/").json()["outcome"]
    assert outcome["batch"]["status"] == "rejected" and outcome["batch"]["errors"][0]["row"] == 2
    assert "火星区" in str(outcome["batch"]["errors"][0])
    report = client.get(outcome["errors_url"])
    assert report.content.decode("utf-8-sig").splitlines()[0] == "行号,列,值,原因"


def test_a_role_that_cannot_import_gets_403_and_nothing_is_queued(tmp_path):
    response = _submit(client_for(factories.user_with_role("city_viewer")),
                       xlsx(tmp_path / "b.xlsx", [HEADER, ["GS1", "甲大厦", "姑苏区", "人民路1号"]]))
    assert response.status_code == 403 and response.json()["detail"] == "当前角色不能导入数据。"
    operator = factories.user_with_role("operator", district_name="姑苏区")
    response = _submit(client_for(operator), xlsx(tmp_path / "c.xlsx", [HEADER]), kind="buildings")
    assert response.status_code == 403 and response.json()["detail"] == "无权限导入“楼宇”数据"
    assert not Job.objects.exists()


def test_the_kinds_and_limits_are_the_upload_pages(tmp_path, settings):
    client = client_for(factories.city_admin())
    response = _submit(client, xlsx(tmp_path / "u.xlsx", [["用户名"]]), kind="users")  # accounts: command line only
    assert response.status_code == 400 and "kind" in response.json()
    (tmp_path / "b.txt").write_text("楼宇编码\n")
    with (tmp_path / "b.txt").open("rb") as fh:
        response = client.post("/api/imports/", {"kind": "buildings", "file": fh}, format="multipart")
    assert response.status_code == 400 and response.json()["file"] == ["只支持 .xlsx、.xls、.csv 文件。"]
    settings.LOUYU_IMPORT_MAX_MB = 0
    response = _submit(client, xlsx(tmp_path / "b.xlsx", [HEADER, ["GS1", "甲大厦", "姑苏区", "人民路1号"]]))
    assert response.status_code == 400 and "超过上限" in response.json()["file"][0]
    assert not Job.objects.exists()


def test_another_users_job_is_a_404(tmp_path):
    job = factories.JobFactory(actor=factories.city_admin())
    assert client_for(factories.district_editor("姑苏区")).get(f"/api/jobs/{job.pk}/").status_code == 404

import pytest
from rest_framework.test import APIClient

from louyu import factories
from louyu.buildings.models import Building

from .files import xlsx

pytestmark = pytest.mark.django_db
HEADER = ["楼宇编码", "楼宇名称", "所属地区", "地址"]


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_posting_a_file_imports_it_with_the_users_scope(tmp_path):
    editor = factories.district_editor("姑苏区")
    path = xlsx(tmp_path / "b.xlsx", [HEADER, ["GS1", "甲大厦", "姑苏区", "人民路1号"]])
    with path.open("rb") as fh:
        response = client_for(editor).post("/api/imports/", {"kind": "buildings", "file": fh}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["rows_inserted"] == 1 and response.json()["file_name"] == "b.xlsx"
    assert Building.objects.get().code == "GS1"
    listing = client_for(editor).get("/api/imports/").json()
    assert [item["id"] for item in listing["results"]] == [response.json()["id"]]


def test_a_rejected_file_answers_422_with_the_errors_and_the_csv_report(tmp_path):
    admin = factories.city_admin()
    path = xlsx(tmp_path / "b.xlsx", [HEADER, ["GS1", "甲大厦", "火星区", "人民路1号"]])
    with path.open("rb") as fh:
        response = client_for(admin).post("/api/imports/", {"kind": "buildings", "file": fh}, format="multipart")
    assert response.status_code == 422
    assert response.json()["errors"][0]["row"] == 2
    report = client_for(admin).get(f"/api/imports/{response.json()['id']}/errors/")
    assert report.content.decode("utf-8-sig").splitlines()[0] == "行号,列,值,原因"


def test_a_role_that_cannot_import_gets_403(tmp_path):
    path = xlsx(tmp_path / "b.xlsx", [HEADER, ["GS1", "甲大厦", "姑苏区", "人民路1号"]])
    with path.open("rb") as fh:
        response = client_for(factories.user_with_role("city_viewer")).post("/api/imports/", {"kind": "buildings", "file": fh}, format="multipart")
    assert response.status_code == 403

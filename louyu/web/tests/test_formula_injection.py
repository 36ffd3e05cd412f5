"""Finding 7 (formula injection): names and addresses come from any import, so every CSV and .xlsx the
platform writes shows a value such as `=HYPERLINK(...)` as text — a text cell in .xlsx, a leading `'` in CSV —
and an export still re-imports to the identical state."""
import csv
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from louyu import factories as f
from louyu.buildings.models import Building
from louyu.core import spreadsheets
from louyu.intake.export import export_file
from louyu.intake.models import ImportBatch, ImportStatus
from louyu.intake.selectors import errors_csv
from louyu.intake.services import import_file
from louyu.intake.templates import template_workbook

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://evil.example","点此")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)", "\t=1+1", "\r=1+1"]


def _csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")) for cell in row]


def _xlsx_has_no_formula(content: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name


@pytest.fixture
def hostile(db):
    district = f.district("姑苏区")
    return [f.BuildingFactory(district=district, name=name, owner=name) for name in HOSTILE]


def test_a_register_exported_as_csv_quotes_every_formula_like_text(admin_client, hostile):
    response = admin_client.get(reverse("web:building_list"), {"export": "csv"})
    cells = _csv_cells(response.content.decode("utf-8"))
    for name in HOSTILE:
        assert "'" + name in cells and name not in cells


def test_a_register_exported_as_xlsx_writes_text_cells_never_live_formulas(admin_client, hostile):
    response = admin_client.get(reverse("web:building_list"), {"export": "xlsx"})
    _xlsx_has_no_formula(response.content)
    sheet = load_workbook(io.BytesIO(response.content)).active
    texts = {c.value for row in sheet.iter_rows() for c in row if c.data_type == "s"}
    assert set(HOSTILE) <= texts


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_intake_export_is_neutralised_and_still_reimports_to_the_same_names(tmp_path, hostile, fmt):
    path = tmp_path / f"buildings.{fmt}"
    export_file(kind="buildings", user=None, output=path)
    if fmt == "csv":
        cells = _csv_cells(path.read_bytes().decode("utf-8-sig"))
        assert all("'" + name in cells for name in HOSTILE)
    else:
        _xlsx_has_no_formula(path.read_bytes())
    Building.objects.update(name="改动")
    batch = import_file(kind="buildings", path_or_file=path, actor=None)
    assert batch.status == ImportStatus.COMMITTED, batch.errors
    # the intake trims surrounding whitespace from every cell, so a leading tab/CR is not a name's part
    assert sorted(Building.objects.values_list("name", flat=True)) == sorted(n.strip() for n in HOSTILE)


def test_the_error_report_quotes_a_rejected_value_that_looks_like_a_formula():
    batch = ImportBatch(errors=[{"row": 3, "column": "楼宇名称", "value": "=1+1", "reason": "必填"}])
    cells = _csv_cells(errors_csv(batch).decode("utf-8"))
    assert "'=1+1" in cells and "=1+1" not in cells


def test_the_import_error_page_download_quotes_formula_like_values(admin_client):
    imported = ImportBatch.objects.create(kind="buildings", file_name="x.csv", errors=[
        {"row": 2, "column": "楼宇名称", "value": "@SUM(1,1)", "reason": "无效"}])
    response = admin_client.get(reverse("web:import_errors", args=[imported.pk]))
    assert response.status_code == 200
    assert "'@SUM(1,1)" in _csv_cells(response.content.decode("utf-8"))


def test_every_import_template_is_free_of_formulas():
    from louyu.intake.kinds import KINDS

    for kind in KINDS:
        buffer = io.BytesIO()
        template_workbook(kind).save(buffer)
        _xlsx_has_no_formula(buffer.getvalue())


def test_the_helper_leaves_numbers_and_plain_text_alone():
    assert spreadsheets.csv_row(["苏州中心", -5, "-5", "a=b"]) == ["苏州中心", -5, "'-5", "a=b"]
    assert spreadsheets.un_neutralise("'-5") == "-5" and spreadsheets.un_neutralise("'abc") == "'abc"

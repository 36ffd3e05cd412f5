"""Finding 8 (never trust a file): a zip bomb, an oversized file, too many rows or a header with nothing
under it is refused whole, with a Chinese reason, before it can exhaust a worker's memory."""
import io
import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from louyu import factories
from louyu.buildings.models import Building
from louyu.intake import limits
from louyu.intake.models import ImportStatus
from louyu.intake.services import import_file

from .files import csv_file, xlsx

pytestmark = pytest.mark.django_db

HEADER = ["楼宇编码", "楼宇名称", "所属地区", "详细地址"]


def _building_rows(count: int) -> list[list]:
    return [HEADER] + [[f"GS-{i:05d}", f"测试大厦{i}", "姑苏区", f"人民路{i}号"] for i in range(count)]


def _refused(batch, words: str) -> None:
    assert batch.status == ImportStatus.REJECTED, batch.errors
    assert any(words in e["reason"] for e in batch.errors), batch.errors
    assert Building.objects.count() == 0


def _claim_size(path: Path, member: str, claimed: int) -> Path:
    """Rewrite the sizes one member claims (local header and central directory) without changing its data:
    a small file that says it inflates to `claimed` bytes."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, size_offset, name_offset in ((b"PK\x01\x02", 24, 46), (b"PK\x03\x04", 22, 30)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            if data[start + name_offset:start + name_offset + len(name)] == name:
                struct.pack_into("<I", data, start + size_offset, claimed)
            start += 4
    path.write_bytes(bytes(data))
    return path


def test_a_small_xlsx_claiming_gigabytes_is_refused_before_parsing(tmp_path, reference_data):
    path = xlsx(tmp_path / "炸弹.xlsx", _building_rows(3))
    _claim_size(path, "xl/worksheets/sheet1.xml", 3_500_000_000)
    assert path.stat().st_size < 20_000
    _refused(import_file(kind="buildings", path_or_file=path, actor=None), "疑似“压缩炸弹”")


def test_an_xlsx_whose_sheet_compresses_a_thousand_fold_is_refused(tmp_path, reference_data):
    path = tmp_path / "高压缩比.xlsx"
    xlsx(path, _building_rows(3))
    with zipfile.ZipFile(path) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * (8 * limits.MB), 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for name, content in members.items():
            bomb.writestr(name, content)
    assert path.stat().st_size < 100_000
    _refused(import_file(kind="buildings", path_or_file=path, actor=None), "压缩比异常")


def test_an_xlsx_inflating_past_the_configured_total_is_refused(tmp_path, settings, reference_data):
    settings.LOUYU_XLSX_MAX_INFLATED_MB = 0
    path = xlsx(tmp_path / "大表.xlsx", _building_rows(3))
    _refused(import_file(kind="buildings", path_or_file=path, actor=None), "解压后共")


def test_a_file_over_the_size_limit_is_refused(tmp_path, settings, reference_data):
    settings.LOUYU_IMPORT_MAX_MB = 1
    path = csv_file(tmp_path / "超大.csv", _building_rows(20_000))
    assert path.stat().st_size > limits.MB
    _refused(import_file(kind="buildings", path_or_file=path, actor=None), "超过上限 1.0 MB")


def test_a_file_over_the_row_limit_is_refused_whole(tmp_path, settings, reference_data):
    settings.LOUYU_IMPORT_MAX_ROWS = 5
    path = csv_file(tmp_path / "多行.csv", _building_rows(6))
    _refused(import_file(kind="buildings", path_or_file=path, actor=None), "行数超过上限 5 行")
    assert import_file(kind="buildings", path_or_file=csv_file(tmp_path / "五行.csv", _building_rows(5)),
                       actor=None).status == ImportStatus.COMMITTED


@pytest.mark.parametrize("maker", [csv_file, xlsx])
def test_a_header_only_file_is_a_clear_error_not_an_empty_success(tmp_path, maker, reference_data):
    path = maker(tmp_path / f"只有表头.{'csv' if maker is csv_file else 'xlsx'}", [HEADER])
    batch = import_file(kind="buildings", path_or_file=path, actor=None)
    _refused(batch, "文件中没有数据行")


def test_an_upload_larger_than_the_limit_is_refused_before_it_is_read(client, settings, db):
    settings.LOUYU_IMPORT_MAX_MB = 1
    client.force_login(factories.city_admin())
    body = io.BytesIO(b"x" * (2 * limits.MB))
    body.name = "big.csv"
    response = client.post("/api/imports/", {"kind": "buildings", "file": body})
    assert response.status_code == 413
    assert "超过上限" in response.content.decode()


def test_a_csv_with_a_giant_field_is_refused_not_a_crash(tmp_path, reference_data):
    path = tmp_path / "巨型字段.csv"
    path.write_text(",".join(HEADER) + "\n" + "GS-1," + "x" * 200_000 + ",姑苏区,人民路1号\n", encoding="utf-8")
    _refused(import_file(kind="buildings", path_or_file=path, actor=None), "CSV 文件格式错误")


READ_ALL = r"""
import json, re, sys
import django
django.setup()
from louyu.intake import readers
fmt, sheets = readers.open_sheets(sys.argv[1])
count = sum(1 for _ in sheets[0].rows())
peak = re.search(r"VmHWM:\s+(\d+) kB", open("/proc/self/status").read())  # this process's own peak
print(json.dumps({"rows": count, "peak_kb": int(peak.group(1))}))
"""


def _sheet_xml(path: Path, rows: int) -> Path:
    """An .xlsx written straight as XML (fast to make): `rows` rows of four inline-string cells."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/workbook.xml", f'<workbook {ns} {rel}><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
        book.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                      '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="worksheet"/></Relationships>')
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f"<worksheet {ns}><sheetData>".encode())
            for start in range(1, rows + 1, 1000):
                sheet.write("".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>GS-{r:06d}</t></is></c><c r="B{r}" t="inlineStr">'
                            f'<is><t>大厦{r}</t></is></c><c r="C{r}" t="inlineStr"><is><t>姑苏区</t></is></c>'
                            f'<c r="D{r}" t="inlineStr"><is><t>人民路{r}号</t></is></c></row>'
                                    for r in range(start, min(start + 1000, rows + 1))).encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


def _peak_kb(path: Path) -> dict:
    env = {"DJANGO_SETTINGS_MODULE": "louyu.settings", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", READ_ALL, str(path)], capture_output=True, text=True, env=env,
                          cwd=Path(__file__).resolve().parents[3], check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_reading_a_sheet_streams_memory_stays_flat_as_the_file_grows(tmp_path):
    """The streaming guarantee: ten times the rows (≈20 MB of sheet XML) costs no more than a few MB of
    peak memory in a fresh process — the reader never holds the sheet."""
    small = _peak_kb(_sheet_xml(tmp_path / "small.xlsx", 10_000))
    large = _peak_kb(_sheet_xml(tmp_path / "large.xlsx", 100_000))
    assert (small["rows"], large["rows"]) == (10_000, 100_000)
    assert large["peak_kb"] - small["peak_kb"] < 8 * 1024, (small, large)

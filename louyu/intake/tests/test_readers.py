import codecs
import datetime as dt
import io

import pytest

from louyu.intake import readers

from .files import csv_file, xlsx

ROWS = [["统一社会信用代码", "企业名称", "所属期"], ["913205005000000078", "苏州测试有限公司", "2023-01"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_csv_encodings_are_detected(tmp_path, encoding):
    path = csv_file(tmp_path / "a.csv", ROWS, encoding=encoding)
    fmt, sheets = readers.open_sheets(path)
    assert fmt == "csv"
    assert [cells for _, cells in sheets[0].rows()] == ROWS


def test_gb18030_is_chosen_when_the_bytes_are_not_utf8():
    assert readers.detect_encoding("企业名称".encode("gb18030")) == "gb18030"
    assert readers.detect_encoding(codecs.BOM_UTF8 + "企业".encode()) == "utf-8-sig"
    # a multi-byte character cut by the sample boundary does not make UTF-8 look invalid
    assert readers.detect_encoding("企业名称".encode()[:-1]) == "utf-8"


@pytest.mark.parametrize("write_only", [False, True])  # shared strings vs inline strings
def test_xlsx_rows_come_with_the_row_numbers_people_see(tmp_path, write_only):
    path = xlsx(tmp_path / "a.xlsx", [["标题"], [], ["A", None, "C"], [1, 2.5, dt.datetime(2023, 1, 5)]], write_only=write_only)
    _, sheets = readers.open_sheets(path)
    rows = {number: cells for number, cells in sheets[0].rows()}
    assert rows[1] == ["标题"]
    assert rows[3] == ["A", None, "C"]
    assert rows[4][:2] == [1, 2.5] and rows[4][2].date() == dt.date(2023, 1, 5)


def test_xlsx_merged_ranges_are_found(tmp_path):
    path = xlsx(tmp_path / "m.xlsx", [["2023年税收明细表"], ["统一社会信用代码", "分税种"]], merges=("A1:F1", "B2:C2"))
    _, sheets = readers.open_sheets(path)
    assert sheets[0].merged() == [(1, 1, 1, 6), (2, 2, 2, 3)]


def test_an_uploaded_file_object_reads_like_a_path(tmp_path):
    path = xlsx(tmp_path / "a.xlsx", ROWS)
    upload = io.BytesIO(path.read_bytes())
    upload.name = "upload.xlsx"
    _, sheets = readers.open_sheets(upload)
    assert [cells for _, cells in sheets[0].rows()] == ROWS
    assert readers.sha256_of(upload) == readers.sha256_of(path)


def test_a_broken_excel_file_is_a_read_error_in_chinese(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(readers.ReadError, match="无法读取"):
        readers.open_sheets(path)

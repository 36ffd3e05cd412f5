"""Reading 楼宇 and address files (csv in three encodings, xlsx), and the batch command end to end."""
import csv
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from louyu.matching.batch import OUTPUT_COLUMNS, match_file, read_addresses
from louyu.matching.register import TableError, load_register_file

REGISTER = Path(__file__).parent / "data" / "register.csv"
ADDRESSES = [
    ("1", "江苏维远（苏州）律师事务所", "江苏省苏州市苏州工业园区星港街188号星港中心A座30层3007室"),
    ("2", "苏州某某物业有限公司", "苏州工业园区星港街188号"),
    ("3", "苏州朗华资产管理有限公司", "苏州工业园区星港街191号A座804室"),
    ("4", "苏州某某科技有限公司", "园区东方之门北塔23层（集群登记）"),
]


def write_csv(path, rows, encoding="utf-8-sig", header=("编号", "企业名称", "注册地址")):
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_output(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM"
    return list(csv.reader(raw.decode("utf-8-sig").splitlines()))


def test_register_template_is_read(tmp_path):
    buildings = load_register_file(REGISTER)
    tower_a = next(b for b in buildings if b.code == "B005")
    assert tower_a.name == "星港商务中心A座" and tower_a.district == "工业园区" and tower_a.towers == ("A座",)
    assert "星港中心A座" in tower_a.aliases


def test_register_from_xlsx(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["楼宇编码", "楼宇名称", "别名", "所属地区", "地址"])
    sheet.append(["B1", "东方之门", "东方之门大厦；Gate to the East", "园区", "星港街199号"])
    book.save(tmp_path / "楼宇.xlsx")
    (building,) = load_register_file(tmp_path / "楼宇.xlsx")
    assert building.district == "工业园区" and building.aliases == ("东方之门大厦", "Gate to the East")
    assert building.towers == ()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_address_csv_encodings_are_detected(tmp_path, encoding):
    path = write_csv(tmp_path / "a.csv", ADDRESSES, encoding)
    rows = read_addresses(path)
    assert [r.address for r in rows] == [a for _, _, a in ADDRESSES]


def test_addresses_from_xlsx_with_numeric_ids(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", "企业名称", "注册地址"])
    sheet.append([7, "某公司", "园区东方之门"])
    book.save(tmp_path / "a.xlsx")
    (row,) = read_addresses(tmp_path / "a.xlsx")
    assert row.id == "7" and row.address == "园区东方之门"


def test_missing_column_and_missing_file_are_explained_in_chinese(tmp_path):
    path = write_csv(tmp_path / "a.csv", [("1", "苏州工业园区星港街188号")], header=("编号", "地点"))
    with pytest.raises(TableError, match="缺少必需的列：企业名称、注册地址"):
        read_addresses(path)
    with pytest.raises(TableError, match="找不到文件"):
        read_addresses(tmp_path / "nope.csv")
    bad_register = write_csv(tmp_path / "r.csv", [("B1", "某大厦")], header=("楼宇编码", "楼宇名称"))
    with pytest.raises(TableError, match="别名、所属地区、地址"):
        load_register_file(bad_register)
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    with pytest.raises(TableError, match="不支持的文件类型"):
        read_addresses(tmp_path / "a.pdf")


def test_match_file_end_to_end(tmp_path):
    addresses = write_csv(tmp_path / "企业.csv", ADDRESSES, "gb18030")
    summary = match_file(REGISTER, addresses, tmp_path / "结果.csv")
    assert (summary.rows, summary.matched, summary.review, summary.none) == (4, 2, 1, 1)
    rows = read_output(tmp_path / "结果.csv")
    assert tuple(rows[0]) == OUTPUT_COLUMNS
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["1"][1:2] == ["B005"] and by_id["1"][3] == "匹配" and "路名门牌一致：星港街188号" in by_id["1"][4]
    assert by_id["2"][3] == "待复核" and "多个楼宇相近" in by_id["2"][4]
    assert by_id["3"][1] == "" and by_id["3"][3] == "无匹配"
    assert by_id["4"][1] == "B007"
    assert all(len(r[2]) == 6 and 0 <= float(r[2]) <= 1 for r in rows[1:])  # 4 decimals


def test_match_command(tmp_path):
    addresses = write_csv(tmp_path / "企业.csv", ADDRESSES)
    out = tmp_path / "out.csv"
    call_command("match", registry=str(REGISTER), input=str(addresses), output=str(out))
    assert len(read_output(out)) == 5


def test_match_command_reports_bad_input_as_command_error(tmp_path):
    bad = write_csv(tmp_path / "a.csv", [("1",)], header=("编号",))
    with pytest.raises(CommandError, match="缺少必需的列"):
        call_command("match", registry=str(REGISTER), input=str(bad), output=str(tmp_path / "o.csv"))

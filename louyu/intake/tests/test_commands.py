import csv
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from louyu import factories
from louyu.buildings.models import Building
from louyu.cli import main
from louyu.intake.kinds import KINDS

from .files import xlsx

pytestmark = pytest.mark.django_db
HEADER = ["楼宇编码", "楼宇名称", "所属地区", "地址"]


def test_louyu_import_prints_the_outcome_in_chinese(tmp_path):
    path = xlsx(tmp_path / "b.xlsx", [HEADER, ["GS001", "甲大厦", "姑苏区", "人民路1号"]])
    out = StringIO()
    call_command("import", "buildings", str(path), stdout=out)
    assert "状态：已导入" in out.getvalue() and "新增 1" in out.getvalue()
    assert Building.objects.filter(code="GS001").exists()


def test_a_rejected_import_exits_with_an_error_and_writes_every_error_to_the_errors_csv(tmp_path):
    path = xlsx(tmp_path / "b.xlsx", [HEADER, ["GS001", "甲大厦", "火星区", "人民路1号"], ["GS002", "", "姑苏区", "人民路2号"]])
    errors = tmp_path / "errors.csv"
    with pytest.raises(CommandError, match="导入被拒绝"):
        call_command("import", "buildings", str(path), "--errors", str(errors), stdout=StringIO())
    rows = list(csv.reader(errors.open(encoding="utf-8-sig")))
    assert rows[0] == ["行号", "列", "值", "原因"]
    assert [r[:3] for r in rows[1:]] == [["2", "所属地区", "火星区"], ["3", "楼宇名称", ""]]
    assert not Building.objects.exists()


def test_dry_run_and_user_options(tmp_path):
    path = xlsx(tmp_path / "b.xlsx", [HEADER, ["YQ001", "乙大厦", "工业园区", "星港街1号"]])
    editor = factories.district_editor("姑苏区", username="gusu-editor")
    with pytest.raises(CommandError):
        call_command("import", "buildings", str(path), "--user", editor.username, stdout=StringIO())
    out = StringIO()
    call_command("import", "buildings", str(path), "--dry-run", stdout=out)
    assert "试导入" in out.getvalue() and not Building.objects.exists()
    with pytest.raises(CommandError, match="用户“nobody”不存在"):
        call_command("import", "buildings", str(path), "--user", "nobody")


def test_unknown_kind_is_explained():
    with pytest.raises(CommandError, match="未知的数据类型"):
        call_command("export", "cats", "--output", "x.xlsx")


def test_louyu_export_and_template_through_the_console_script(tmp_path, capsys):
    factories.BuildingFactory(code="GS001")
    main(["louyu", "export", "buildings", "--output", str(tmp_path / "b.xlsx")])
    main(["louyu", "template", "tax", "--output", str(tmp_path / "t.xlsx")])
    assert "已导出 1 行" in capsys.readouterr().out
    assert openpyxl.load_workbook(tmp_path / "b.xlsx").active["A2"].value == "GS001"
    assert openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames == [KINDS["tax"].label, "填写说明"]

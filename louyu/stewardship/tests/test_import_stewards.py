"""楼长 by file (`louyu import stewards`): one per building, named by login account; a 楼长 who is not staff of
the building's district, an unknown account or building rejects the whole file, each reason in Chinese."""
import csv
import io

import pytest
from django.core.management import call_command

from louyu import factories as f
from louyu.intake.services import import_file
from louyu.stewardship.models import BuildingSteward

pytestmark = pytest.mark.django_db
HEADER = ["楼宇编码", "楼长账号", "楼长职务", "运营方联系人", "运营方联系电话", "任职日期"]


def _csv(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return str(path)


def test_a_stewards_file_names_the_steward_and_the_operator_contact_and_a_new_file_replaces_the_steward(tmp_path):
    building = f.BuildingFactory(district=f.district("姑苏区"), code="GS-900")
    first, second = f.district_editor("姑苏区"), f.district_editor("姑苏区")
    call_command("import", "stewards", _csv(tmp_path / "a.csv", [["GS-900", first.username, "街道副主任", "王经理", "0512-1", "2024-01-01"]]),
                 stdout=(out := io.StringIO()))
    assert "新增 1" in out.getvalue()
    assert (building.steward.steward, building.steward.operator_contact) == (first, "王经理")
    call_command("import", "stewards", _csv(tmp_path / "b.csv", [["GS-900", second.username, "商务办主任", "王经理", "0512-1", "2024-06-01"]]),
                 stdout=(again := io.StringIO()))
    assert "更新 1" in again.getvalue() and BuildingSteward.objects.get().steward == second


def test_a_bad_stewards_file_is_rejected_whole_with_every_reason_in_chinese(tmp_path):
    f.BuildingFactory(district=f.district("姑苏区"), code="GS-900")
    f.BuildingFactory(district=f.district("姑苏区"), code="GS-901")
    outsider, operator = f.district_editor("吴中区"), f.user_with_role("operator")
    path = _csv(tmp_path / "bad.csv", [["GS-900", f.district_editor("姑苏区").username, "", "", "", "2024-01-01"],
                                       ["GS-901", outsider.username, "", "", "", "2024-01-01"],
                                       ["GS-999", "nobody", "", "", "", "2024-01-01"],
                                       ["GS-900", operator.username, "", "", "", "2024-01-01"],
                                       ["GS-901", "nobody", "", "", "", "2024-01-01"],
                                       ["GS-901", outsider.username, "", "", "", "2024-13-01"]])
    batch = import_file(kind="stewards", path_or_file=path, actor=None)
    assert batch.status == "rejected" and not BuildingSteward.objects.exists()
    reasons = {(e["row"], e["column"]): e["reason"] for e in batch.errors}
    assert reasons[(3, "楼长账号")] == "楼长须为姑苏区的工作人员"
    assert reasons[(4, "楼宇编码")] == "楼宇编码“GS-999”不在楼宇名录中"
    assert reasons[(5, "楼长账号")] == "楼长须为地区或市级工作人员账号"
    assert reasons[(6, "楼长账号")] == "账号“nobody”不存在或已停用"
    assert (7, "任职日期") in reasons and all(any("\u4e00" <= ch <= "\u9fff" for ch in r) for r in reasons.values())


def test_a_district_editor_names_stewards_in_its_own_district_only(tmp_path):
    f.BuildingFactory(district=f.district("吴中区"), code="WZ-900")
    path = _csv(tmp_path / "s.csv", [["WZ-900", f.district_editor("吴中区").username, "", "", "", "2024-01-01"]])
    batch = import_file(kind="stewards", path_or_file=path, actor=f.district_editor("姑苏区"))
    assert batch.status == "rejected" and "超出本人负责的地区（姑苏区）" in batch.errors[0]["reason"]

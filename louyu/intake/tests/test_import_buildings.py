from decimal import Decimal

import pytest

from louyu import factories
from louyu.buildings.models import Building
from louyu.core.models import AuditEntry
from louyu.intake.models import ImportStatus
from louyu.intake.services import import_file

from .files import xlsx

pytestmark = pytest.mark.django_db

HEADER = ["楼宇编码", "楼宇名称", "所属地区", "地址", "建筑面积(㎡)", "商务办公面积(㎡)", "是否重点楼宇"]


def run(path, actor=None, **kw):
    return import_file(kind="buildings", path_or_file=path, actor=actor, **kw)


def test_a_messy_district_register_imports_without_cleaning_by_hand(tmp_path):
    path = xlsx(tmp_path / "名录.xlsx", [
        ["2023年姑苏区重点楼宇名录"],
        ["填报单位：姑苏区商务局", None, None, None, "单位：万㎡"],
        ["序号", "楼宇编码", "楼宇名称 ", "所属地区", "地址", "建筑面积（万㎡）", "是否重点楼宇"],
        [1, "ＧＳ\u3000００１", "苏州中心（一期） ", "姑苏", "人民路 1 号", "5.2", "√"],
        [2, " GS002 ", "国际大厦", "平江区", "干将路2号", "1,234.5", "否"],
        [None, None, None, None, None, None, None],
        ["合计", None, None, None, None, 1239.7, None],
        ["制表人：张三", None, "审核人：李四", None, "填报日期：2023年7月10日"],
    ], merges=("A1:G1",))
    batch = run(path)
    assert batch.status == ImportStatus.COMMITTED, batch.errors
    assert (batch.rows_total, batch.rows_inserted, batch.rows_rejected) == (2, 2, 0)
    first = Building.objects.get(code="GS001")
    assert first.name == "苏州中心（一期）" and first.district.name == "姑苏区" and first.is_key
    assert first.gross_area == Decimal("52000.00")
    assert Building.objects.get(code="GS002").gross_area == Decimal("12345000.00")
    reasons = {s["row"]: s["reason"] for s in batch.skipped}
    assert "合计" in reasons[7] and "一致" in reasons[7]
    assert "签名" in reasons[8]
    # 序号 is ignored quietly and the 合计 agrees; the one warning says the 万㎡ column was converted
    assert [(w["column"], w["reason"]) for w in batch.warnings] == [
        ("建筑面积（万㎡）", "表头单位与模板（建筑面积(㎡)）不同，本列数值已乘以 10,000 换算后保存")]


def test_a_total_row_that_disagrees_with_the_rows_is_reported(tmp_path):
    path = xlsx(tmp_path / "b.xlsx", [HEADER, ["GS001", "甲大厦", "姑苏区", "人民路1号", 100, 80, "是"],
                                      ["GS002", "乙大厦", "姑苏区", "人民路2号", 200, 150, "否"], ["小计", None, None, None, 999]])
    batch = run(path)
    assert batch.status == ImportStatus.COMMITTED
    assert any(w["row"] == 4 and "999" in w["reason"] and "300.00" in w["reason"] for w in batch.warnings)


def test_one_bad_row_rejects_the_whole_file_and_names_row_column_value_and_reason(tmp_path):
    path = xlsx(tmp_path / "b.xlsx", [["标题"], HEADER, ["GS001", "甲大厦", "姑苏区", "人民路1号", 100, 80, "是"],
                                      ["GS002", "乙大厦", "姑苏区", "人民路2号", -5, 1, "否"]])
    batch = run(path)
    assert batch.status == ImportStatus.REJECTED
    assert not Building.objects.exists()
    assert batch.errors == [{"row": 4, "column": "建筑面积(㎡)", "value": "-5", "reason": "不能为负数"}]
    assert (batch.rows_inserted, batch.rows_rejected) == (0, 1)


def test_valid_rows_only_imports_the_good_rows_when_asked(tmp_path):
    path = xlsx(tmp_path / "b.xlsx", [HEADER, ["GS001", "甲大厦", "姑苏区", "人民路1号", 100, 80, "是"],
                                      ["GS002", "乙大厦", "火星区", "人民路2号", 10, 1, "否"]])
    batch = run(path, valid_rows_only=True)
    assert batch.status == ImportStatus.COMMITTED
    assert list(Building.objects.values_list("code", flat=True)) == ["GS001"]
    assert batch.rows_rejected == 1 and "火星区" in batch.errors[0]["reason"]


def test_importing_the_same_file_twice_changes_nothing(tmp_path):
    path = xlsx(tmp_path / "b.xlsx", [HEADER, ["GS001", "甲大厦", "姑苏区", "人民路1号", 100, 80, "是"]])
    run(path)
    audits = AuditEntry.objects.count()
    second = run(path)
    assert (second.rows_inserted, second.rows_updated, second.rows_unchanged) == (0, 0, 1)
    assert AuditEntry.objects.count() == audits


def test_a_newer_file_updates_by_code_and_the_audit_names_old_and_new_values_and_the_import(tmp_path):
    run(xlsx(tmp_path / "v1.xlsx", [HEADER, ["GS001", "甲大厦", "姑苏区", "人民路1号", 100, 80, "是"]]))
    batch = run(xlsx(tmp_path / "v2.xlsx", [HEADER, ["GS001", "甲大厦（新）", "姑苏区", "人民路1号", 100, 90, "是"]]))
    assert batch.rows_updated == 1
    building = Building.objects.get(code="GS001")
    assert building.office_area == Decimal("90.00") and building.source_batch_id == batch.pk
    entry = AuditEntry.objects.get(batch_id=batch.pk)
    assert entry.action == "update"
    assert entry.changes["name"] == ["甲大厦", "甲大厦（新）"]
    assert entry.changes["office_area"] == ["80.00", "90.00"]
    assert entry.changes["source"] == ["导入：v1.xlsx", "导入：v2.xlsx"]


def test_a_column_left_out_of_the_file_keeps_its_stored_values(tmp_path):
    run(xlsx(tmp_path / "v1.xlsx", [HEADER, ["GS001", "甲大厦", "姑苏区", "人民路1号", 100, 80, "是"]]))
    run(xlsx(tmp_path / "v2.xlsx", [["楼宇编码", "楼宇名称", "所属地区", "地址"], ["GS001", "甲大厦", "姑苏区", "人民路1号"]]))
    assert Building.objects.get(code="GS001").office_area == Decimal("80.00")


def test_a_gusu_editors_file_with_an_industrial_park_row_is_rejected_naming_that_row(tmp_path):
    editor = factories.district_editor("姑苏区")
    path = xlsx(tmp_path / "b.xlsx", [HEADER, ["GS001", "甲大厦", "姑苏区", "人民路1号", 100, 80, "是"],
                                      ["YQ001", "乙大厦", "工业园区", "星港街1号", 100, 80, "是"]])
    batch = run(path, actor=editor)
    assert batch.status == ImportStatus.REJECTED
    assert not Building.objects.exists()
    assert batch.errors == [{"row": 3, "column": "所属地区", "value": "工业园区", "reason": "该行属于工业园区，超出本人负责的地区（姑苏区）"}]
    assert batch.district.name == "姑苏区"


def test_a_district_editor_cannot_move_another_districts_building_into_their_own(tmp_path):
    factories.BuildingFactory(code="YQ001", district=factories.district("工业园区"))
    path = xlsx(tmp_path / "b.xlsx", [HEADER, ["YQ001", "乙大厦", "姑苏区", "星港街1号", 100, 80, "是"]])
    batch = run(path, actor=factories.district_editor("姑苏区"))
    assert batch.status == ImportStatus.REJECTED
    assert "工业园区" in batch.errors[0]["reason"]


def test_a_missing_required_column_is_a_file_level_error_naming_it(tmp_path):
    batch = run(xlsx(tmp_path / "b.xlsx", [["楼宇编码", "楼宇名称", "地址"], ["GS001", "甲大厦", "人民路1号"]]))
    assert batch.status == ImportStatus.REJECTED
    assert batch.errors == [{"row": 1, "column": "所属地区", "value": "", "reason": "缺少必填列“所属地区”"}]


def test_the_same_code_twice_in_one_file_is_an_error_on_both_rows(tmp_path):
    path = xlsx(tmp_path / "b.xlsx", [HEADER, ["GS001", "甲大厦", "姑苏区", "人民路1号", 100, 80, "是"],
                                      ["GS001", "甲大厦", "姑苏区", "人民路1号", 100, 80, "是"]])
    batch = run(path, valid_rows_only=True)
    assert not Building.objects.exists()
    assert [(e["row"], e["reason"]) for e in batch.errors] == [(2, "与第3行重复（楼宇编码相同）"), (3, "与第2行重复（楼宇编码相同）")]


def test_a_dry_run_counts_what_would_change_and_writes_nothing(tmp_path):
    factories.BuildingFactory(code="GS001", name="甲大厦")
    path = xlsx(tmp_path / "b.xlsx", [HEADER, ["GS001", "甲大厦改", "姑苏区", "人民路1号", 100, 80, "是"],
                                      ["GS002", "乙大厦", "姑苏区", "人民路2号", 100, 80, "是"]])
    batch = run(path, dry_run=True)
    assert (batch.status, batch.rows_inserted, batch.rows_updated) == (ImportStatus.VALIDATED, 1, 1)
    assert Building.objects.get().name == "甲大厦"


def test_an_unreadable_empty_required_cell_is_reported(tmp_path):
    batch = run(xlsx(tmp_path / "b.xlsx", [HEADER, ["GS001", "", "姑苏区", "人民路1号", 100, 80, "是"]]))
    assert batch.errors == [{"row": 2, "column": "楼宇名称", "value": "", "reason": "必填项不能为空"}]


def test_a_user_whose_role_cannot_import_buildings_is_refused(tmp_path):
    viewer = factories.user_with_role("city_viewer")
    batch = run(xlsx(tmp_path / "b.xlsx", [HEADER, ["GS001", "甲大厦", "姑苏区", "人民路1号", 100, 80, "是"]]), actor=viewer)
    assert batch.status == ImportStatus.REJECTED and "无权限" in batch.errors[0]["reason"]
    assert not Building.objects.exists()


def test_the_after_import_hook_and_progress_hear_about_a_building_import(tmp_path):
    from louyu.intake import hooks

    heard, progress = [], []
    callback = hooks.after_import(lambda batch, affected: heard.append((batch.kind, affected)))
    try:
        run(xlsx(tmp_path / "b.xlsx", [HEADER, ["GS001", "甲大厦", "姑苏区", "人民路1号", 100, 80, "是"]]),
            progress=lambda done, total: progress.append((done, total)))
    finally:
        hooks.remove(callback)
    assert heard == [("buildings", {"buildings": {Building.objects.get().pk}, "enterprises": set(), "months": set()})]
    assert progress[-1] == (1, 1)

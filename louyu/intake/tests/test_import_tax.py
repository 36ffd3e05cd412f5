import datetime as dt
from decimal import Decimal

import pytest

from louyu import factories
from louyu.core import audit
from louyu.core.models import AuditEntry
from louyu.enterprises.models import TaxRecord
from louyu.intake import cleaning, hooks
from louyu.intake.models import ImportStatus
from louyu.intake.services import import_file

from .files import csv_file, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def firms(db):
    gusu = factories.EnterpriseFactory(name="苏州甲科技有限公司")
    park = factories.EnterpriseFactory(name="苏州乙金融有限公司", district=factories.district("工业园区"))
    return gusu, park


def run(path, actor=None, **kw):
    return import_file(kind="tax", path_or_file=path, actor=actor, **kw)


def test_a_tax_bureau_file_in_wan_yuan_with_title_totals_and_signatures_imports_exactly(tmp_path, firms):
    gusu, park = firms
    path = xlsx(tmp_path / "2023年1-6月税收明细表.xlsx", [
        ["2023年1-6月税收明细表"],
        ["序号", "纳税人识别号", "纳税人名称", "税款所属期", "全口径税收（万元）"],
        [1, gusu.uscc, gusu.name, "2023年1月", 12.3457],
        [2, f" {park.uscc[:9]}\u3000{park.uscc[9:]} ", park.name, "2023/2", "1,000.0001"],
        ["合计", None, None, None, 1012.3458],
        ["制表人：王五", None, "审核人：赵六"],
        ["填报日期：2023年7月10日"],
    ], merges=("A1:E1",))
    batch = run(path)
    assert batch.status == ImportStatus.COMMITTED, batch.errors
    assert TaxRecord.objects.get(enterprise=gusu).total_tax == Decimal("123457.00")
    record = TaxRecord.objects.get(enterprise=park)
    assert (record.period, record.total_tax) == (dt.date(2023, 2, 1), Decimal("10000001.00"))
    assert record.source == "导入：2023年1-6月税收明细表.xlsx" and record.source_batch_id == batch.pk
    assert [s["row"] for s in batch.skipped] == [5, 6, 7]
    assert [(w["column"], w["reason"]) for w in batch.warnings] == [
        ("全口径税收（万元）", "表头单位与模板（全口径税收(元)）不同，本列数值已乘以 10,000 换算后保存")]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_tax_csv_in_gb18030_or_utf8_with_or_without_bom(tmp_path, firms, encoding):
    gusu, _ = firms
    path = csv_file(tmp_path / "tax.csv", [["统一社会信用代码", "企业名称", "所属期", "全口径税收(元)"],
                                            [gusu.uscc, gusu.name, "202301", "１２３４．５６"]], encoding=encoding)
    batch = run(path)
    assert batch.rows_inserted == 1, batch.errors
    assert TaxRecord.objects.get().total_tax == Decimal("1234.56")


def test_months_as_date_cells_excel_serials_and_text_all_land_on_the_first_of_the_month(tmp_path, firms):
    gusu, _ = firms
    rows = [["统一社会信用代码", "所属期", "全口径税收(元)"]]
    # a date cell, a bare Excel serial (44972 = 2023-02-14), text in four spellings, a yyyymm number
    months = [dt.datetime(2023, 1, 15), 44972, "2023-03", "2023/4", "2023年5月", "202306", 202307]
    rows += [[gusu.uscc, m, 100] for m in months]
    batch = run(xlsx(tmp_path / "m.xlsx", rows))
    assert batch.status == ImportStatus.COMMITTED, batch.errors
    assert sorted(TaxRecord.objects.values_list("period", flat=True)) == [dt.date(2023, m, 1) for m in range(1, 8)]


def test_an_invalid_check_character_is_an_error_with_the_expected_character(tmp_path, firms):
    gusu, _ = firms
    wrong = gusu.uscc[:17] + ("0" if gusu.uscc[17] != "0" else "1")
    batch = run(xlsx(tmp_path / "t.xlsx", [["统一社会信用代码", "所属期", "全口径税收(元)"], [wrong, "2023-01", 1]]))
    assert batch.status == ImportStatus.REJECTED
    assert batch.errors[0]["row"] == 2 and "校验位错误" in batch.errors[0]["reason"] and gusu.uscc[17] in batch.errors[0]["reason"]


def test_an_enterprise_missing_from_the_register_and_a_future_month_are_errors(tmp_path, firms):
    gusu, _ = firms
    next_month = (cleaning.today().replace(day=1) + dt.timedelta(days=40)).strftime("%Y-%m")
    batch = run(xlsx(tmp_path / "t.xlsx", [["统一社会信用代码", "所属期", "全口径税收(元)"], [factories.next_uscc(), "2023-01", 1],
                                            [gusu.uscc, next_month, 1]]))
    assert [(e["row"], e["reason"]) for e in batch.errors] == [
        (2, "统一社会信用代码不在企业名录中（请先导入该企业）"), (3, "所属期不能晚于本月")]
    assert not TaxRecord.objects.exists()


def test_a_name_differing_from_the_register_is_only_a_warning(tmp_path, firms):
    gusu, _ = firms
    batch = run(xlsx(tmp_path / "t.xlsx", [["统一社会信用代码", "企业名称", "所属期", "全口径税收(元)"], [gusu.uscc, "别的公司", "2023-01", 5]]))
    assert batch.status == ImportStatus.COMMITTED
    assert batch.warnings[0]["reason"] == f"企业名称与企业名录不一致（名录：{gusu.name}）"


def test_the_same_enterprise_month_twice_is_an_error_and_valid_rows_only_keeps_the_rest(tmp_path, firms):
    gusu, park = firms
    rows = [["统一社会信用代码", "所属期", "全口径税收(元)"], [gusu.uscc, "2023-01", 1], [gusu.uscc, "2023年1月", 2], [park.uscc, "2023-01", 3]]
    rejected = run(xlsx(tmp_path / "t.xlsx", rows))
    assert rejected.status == ImportStatus.REJECTED and not TaxRecord.objects.exists()
    assert [(e["row"], e["reason"]) for e in rejected.errors] == [
        (2, "与第3行重复（统一社会信用代码+所属期相同）"), (3, "与第2行重复（统一社会信用代码+所属期相同）")]
    partial = run(xlsx(tmp_path / "t2.xlsx", rows), valid_rows_only=True)
    assert (partial.status, partial.rows_inserted, partial.rows_rejected) == (ImportStatus.COMMITTED, 1, 2)
    assert TaxRecord.objects.get().enterprise == park


def test_reimport_is_idempotent_and_a_correction_updates_with_an_audit_of_old_and_new(tmp_path, firms):
    gusu, park = firms
    header = ["统一社会信用代码", "所属期", "全口径税收(元)", "增值税(元)"]
    admin = factories.city_admin()
    first = run(xlsx(tmp_path / "a.xlsx", [header, [gusu.uscc, "2023-01", 100, 60], [park.uscc, "2023-01", 200, 120]]), actor=admin)
    assert first.rows_inserted == 2
    # Inserts are audited once per import (decision 12): one entry naming the import, stamped like the rows.
    inserts = AuditEntry.objects.get(batch_id=first.pk)
    assert (inserts.action, inserts.object_id, inserts.actor) == ("create", "", admin)
    assert TaxRecord.objects.filter(source_batch_id=first.pk, created_at=inserts.timestamp).count() == 2
    again = run(xlsx(tmp_path / "a.xlsx", [header, [gusu.uscc, "2023-01", 100, 60], [park.uscc, "2023-01", 200, 120]]))
    assert (again.rows_inserted, again.rows_updated, again.rows_unchanged) == (0, 0, 2)
    assert not AuditEntry.objects.filter(batch_id=again.pk).exists()
    fixed = run(xlsx(tmp_path / "b.xlsx", [header, [gusu.uscc, "2023-01", 150.5, 60], [park.uscc, "2023-01", 200, 120]]))
    assert (fixed.rows_updated, fixed.rows_unchanged) == (1, 1)
    record = TaxRecord.objects.get(enterprise=gusu)
    assert record.total_tax == Decimal("150.50") and record.source_batch_id == fixed.pk and record.source == "导入：b.xlsx"
    change = AuditEntry.objects.get(batch_id=fixed.pk)
    assert change.action == "update" and change.object_id == str(record.pk)
    assert change.changes == {"total_tax": ["100.00", "150.50"], "source": ["导入：a.xlsx", "导入：b.xlsx"]}
    assert change.object_repr == f"{gusu.name} 2023-01"
    # The record's history still starts with its creation, by the first import, with the first file's values.
    updated, created = audit.timeline(record)
    assert (updated.pk, created.action, created.batch_id, created.actor) == (change.pk, "create", first.pk, admin)
    assert created.changes["total_tax"] == [None, "100.00"] and created.changes["source"] == [None, "导入：a.xlsx"]
    assert created.changes["breakdown"] == [None, {"增值税": "60.00"}] and created.district_id == gusu.district_id
    assert created.timestamp == record.created_at


def test_a_district_editor_imports_only_tax_of_their_districts_enterprises(tmp_path, firms):
    gusu, park = firms
    rows = [["统一社会信用代码", "所属期", "全口径税收(元)"], [gusu.uscc, "2023-01", 1], [park.uscc, "2023-01", 2]]
    batch = run(xlsx(tmp_path / "t.xlsx", rows), actor=factories.district_editor("姑苏区"))
    assert batch.status == ImportStatus.REJECTED and not TaxRecord.objects.exists()
    assert batch.errors == [{"row": 3, "column": "统一社会信用代码", "value": park.uscc,
                             "reason": "该企业归属工业园区，超出本人负责的地区（姑苏区）"}]


def test_a_tax_department_user_may_import_tax(tmp_path, firms):
    gusu, _ = firms
    clerk = factories.user_with_role("department", department="市税务局")
    batch = run(xlsx(tmp_path / "t.xlsx", [["统一社会信用代码", "所属期", "全口径税收(元)"], [gusu.uscc, "2023-01", 1]]), actor=clerk)
    assert batch.status == ImportStatus.COMMITTED and batch.department == "市税务局"
    assert TaxRecord.objects.get().source == "市税务局导入：t.xlsx"


def test_the_after_import_hook_hears_which_enterprises_buildings_and_months_changed(tmp_path, firms):
    gusu, _ = firms
    tenancy = factories.TenancyFactory(enterprise=gusu)
    heard = []
    callback = hooks.after_import(lambda batch, affected: heard.append((batch.kind, affected)))
    try:
        run(xlsx(tmp_path / "t.xlsx", [["统一社会信用代码", "所属期", "全口径税收(元)"], [gusu.uscc, "2023-01", 1]]))
        run(xlsx(tmp_path / "t.xlsx", [["统一社会信用代码", "所属期", "全口径税收(元)"], [gusu.uscc, "2023-01", 1]]))
    finally:
        hooks.remove(callback)
    assert heard == [("tax", {"enterprises": {gusu.pk}, "months": {dt.date(2023, 1, 1)}, "buildings": {tenancy.building_id},
                              "tax_only": True})]


def test_a_failing_hook_does_not_undo_the_import(tmp_path, firms):
    gusu, _ = firms

    def broken(batch, affected):
        raise RuntimeError("boom")

    hooks.after_import(broken)
    try:
        batch = run(xlsx(tmp_path / "t.xlsx", [["统一社会信用代码", "所属期", "全口径税收(元)"], [gusu.uscc, "2023-01", 1]]))
    finally:
        hooks.remove(broken)
    assert batch.status == ImportStatus.COMMITTED and TaxRecord.objects.exists()
    assert "boom" in batch.warnings[-1]["reason"]


def test_a_dry_run_of_tax_counts_without_writing(tmp_path, firms):
    gusu, park = firms
    factories.TaxRecordFactory(enterprise=gusu, period=dt.date(2023, 1, 1), total_tax=Decimal("5.00"))
    rows = [["统一社会信用代码", "所属期", "全口径税收(元)"], [gusu.uscc, "2023-01", 6], [park.uscc, "2023-01", 2]]
    batch = run(xlsx(tmp_path / "t.xlsx", rows), dry_run=True)
    assert (batch.status, batch.rows_inserted, batch.rows_updated, batch.rows_unchanged) == (ImportStatus.VALIDATED, 1, 1, 0)
    assert TaxRecord.objects.count() == 1 and TaxRecord.objects.get().total_tax == Decimal("5.00")


def test_a_two_row_merged_header_with_breakdown_in_wan_yuan(tmp_path, firms):
    gusu, park = firms
    path = xlsx(tmp_path / "分税种.xlsx", [
        ["2023年分税种税收明细表"],
        ["统一社会信用代码", "所属期", "全口径税收（万元）", "其中（万元）", None, None],
        [None, None, None, "增值税", "企业所得税", "其他"],
        [gusu.uscc, "2023-01", 10, 6, 3.5, 0.5],
        [park.uscc, "2023-01", 1, 0.2, 0.3, 0.4],
    ], merges=("A1:F1", "A2:A3", "B2:B3", "C2:C3", "D2:F2"))
    batch = run(path)
    assert batch.status == ImportStatus.COMMITTED, batch.errors
    record = TaxRecord.objects.get(enterprise=gusu)
    assert record.total_tax == Decimal("100000.00")
    assert record.breakdown == {"增值税": "60000.00", "企业所得税": "35000.00", "其他": "5000.00"}
    converted = [(3, column) for column in ("全口径税收（万元）", "增值税", "企业所得税", "其他")]  # each 万元 column, once
    assert [(w["row"], w["column"]) for w in batch.warnings] == converted + [(5, "全口径税收（万元）")]  # 0.2+0.3+0.4 ≠ 1

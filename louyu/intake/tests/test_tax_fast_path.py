"""The tax kind's fast path (TaxKind.fast_path) must give exactly what the general path gives: the same rows
written, the same errors, warnings and skipped rows, on a file mixing canonical and messy cells."""
import datetime as dt

import pytest

from louyu import factories
from louyu.enterprises.models import TaxRecord
from louyu.intake import pipeline
from louyu.intake.kinds.enterprises import EXAMPLE_USCC
from louyu.intake.kinds.tax import TaxKind
from louyu.intake.services import import_file
from louyu.intake.staging import TaxStaging

from .files import csv_file, xlsx

pytestmark = pytest.mark.django_db

HEADER = ["统一社会信用代码", "企业名称", "所属期", "全口径税收(元)", "数据来源", "核实状态"]


def mixed_rows(gusu, park, third):
    wrong_check = gusu.uscc[:17] + ("0" if gusu.uscc[17] != "0" else "1")
    return [
        HEADER,
        [gusu.uscc, gusu.name, "2023-01", "100.00", "", ""],
        [park.uscc, park.name, "2023-01", "200.50", "", ""],
        [third.uscc, "", "2023-01", "1", "", ""],
        [factories.next_uscc(), "无名公司", "2023-01", "5.00", "", ""],  # not in the register
        [gusu.uscc, gusu.name, "2023-02", "1,234.5", "", ""],
        [f" {park.uscc[:9].lower()}\u3000{park.uscc[9:]} ", park.name, "2023/2", "300", "", ""],
        [third.uscc, third.name, "2023年2月", "１２．３", "", ""],
        [wrong_check, gusu.name, "2023-03", "1.00", "", ""],
        [park.uscc, park.name, "2023-03", "abc", "", ""],
        [third.uscc, third.name, "2023-03", "", "", ""],
        [gusu.uscc, "别的公司", "2023-04", "5.00", "", ""],
        [gusu.uscc, f" {gusu.name} ", "2023-05", "-7.25", "区税务局\\备份", "已核实"],
        [park.uscc, park.name, "2099-01", "2.00", "", ""],
        [third.uscc, third.name, "2023-04", "99999999999999999.00", "", ""],
        [gusu.uscc, gusu.name, "2023-06", "100.00", "", "存疑"],
        [gusu.uscc, gusu.name, "2023年6月", "1.00", "", ""],  # the same enterprise and month again
        [park.uscc, park.name, dt.datetime(2023, 7, 15), 12.5, "", ""],
        [third.uscc, third.name, "2023-07", "0.10", "x" * 201, ""],
        [park.uscc, park.name, "2023-08", "3.00", "", "不知道"],
        [EXAMPLE_USCC, "苏州示例科技有限公司", "2023-12", "1250000.00", "", ""],
        [third.uscc, third.name, "2023-08", "8.00", "", ""],
        [gusu.uscc, "别的公司", "2023-09", "6.00", "", ""],  # the same differing name again (a warning each time)
        [park.uscc, park.name, "2023-09", "9.00", "", ""],
        [park.uscc, "", "2023-10", "10.00", "", ""],
        ["合计", None, None, "123.45"],
    ]


def outcome(batch):
    records = sorted(TaxRecord.objects.values_list("enterprise_id", "period", "total_tax", "breakdown", "source", "verification"))
    return (batch.status, batch.rows_total, batch.rows_inserted, batch.rows_updated, batch.rows_unchanged, batch.rows_rejected,
            batch.errors, batch.warnings, batch.skipped, records)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("who", ["city", "gusu_editor"])
def test_the_fast_path_and_the_general_path_give_identical_rows_and_reports(tmp_path, monkeypatch, fmt, who):
    gusu = factories.EnterpriseFactory(name="苏州甲科技有限公司")
    park = factories.EnterpriseFactory(name="苏州乙金融有限公司", district=factories.district("工业园区"))
    third = factories.EnterpriseFactory(name="苏州丙商贸有限公司")
    actor = factories.district_editor("姑苏区") if who == "gusu_editor" else None
    rows = mixed_rows(gusu, park, third)
    path = csv_file(tmp_path / "税收.csv", rows) if fmt == "csv" else xlsx(tmp_path / "税收.xlsx", rows)
    # Chunks of two rows: the enterprises are known after the first chunk, so the fast path gets its chance.
    chunks = pipeline.chunks
    monkeypatch.setattr(pipeline, "chunks", lambda items: chunks(items, 2))

    fast_path = TaxKind.fast_path
    monkeypatch.setattr(TaxKind, "fast_path", lambda self, ctx, parsers, totals: None)
    general = outcome(import_file(kind="tax", path_or_file=path, actor=actor, valid_rows_only=True))
    TaxRecord.objects.all().delete()

    accepted = []

    def counting(self, ctx, parsers, totals):
        fast = fast_path(self, ctx, parsers, totals)

        def counted(number, cells):
            row = fast(number, cells)
            if row is not None:
                accepted.append(number)
            return row
        return counted

    monkeypatch.setattr(TaxKind, "fast_path", counting)
    fast = outcome(import_file(kind="tax", path_or_file=path, actor=actor, valid_rows_only=True))
    assert fast == general
    assert general[6] and general[7] and general[8] and general[9]  # errors, warnings, skipped rows and written rows
    assert any("与明细之和" in s["reason"] for s in general[7])  # the 合计 row was checked against the sums
    assert len(accepted) >= (2 if who == "gusu_editor" else 4)


def test_a_canonical_row_the_fast_path_takes_is_the_row_the_general_path_gives(tmp_path, firms):
    gusu, _ = firms
    header = ["统一社会信用代码", "企业名称", "所属期", "全口径税收(元)"]
    batch = import_file(kind="tax", actor=None, path_or_file=csv_file(tmp_path / "t.csv", [
        header, [gusu.uscc, gusu.name, "2023-01", "-0.50"], [gusu.uscc, gusu.name, "2023-02", "1234567890123.45"]]))
    assert batch.status == "committed", batch.errors
    assert [str(t) for t in TaxRecord.objects.order_by("period").values_list("total_tax", flat=True)] == ["-0.50", "1234567890123.45"]


@pytest.fixture
def firms(db):
    return factories.EnterpriseFactory(name="苏州甲科技有限公司"), factories.EnterpriseFactory(name="苏州乙金融有限公司")


def test_a_new_months_file_goes_straight_in_and_a_stored_month_takes_the_plan(tmp_path, monkeypatch, firms):
    gusu, park = firms
    header = ["统一社会信用代码", "所属期", "全口径税收(元)"]
    planned = []
    write = TaxStaging.write
    monkeypatch.setattr(TaxStaging, "write", lambda self, **kw: planned.append(1) or write(self, **kw))
    first = import_file(kind="tax", actor=None, path_or_file=csv_file(tmp_path / "a.csv", [header, [gusu.uscc, "2023-01", "1.00"]]))
    assert (first.rows_inserted, planned) == (1, [])
    second = import_file(kind="tax", actor=None, path_or_file=csv_file(
        tmp_path / "b.csv", [header, [gusu.uscc, "2023-01", "2.00"], [park.uscc, "2023-01", "3.00"], [park.uscc, "2023-02", "4.00"]]))
    assert (second.rows_inserted, second.rows_updated, planned) == (2, 1, [1])
    # a repeated key in a new month: the INSERT is undone and the rows are reported as duplicates
    third = import_file(kind="tax", actor=None, path_or_file=csv_file(
        tmp_path / "c.csv", [header, [gusu.uscc, "2023-03", "1.00"], [gusu.uscc, "2023/3", "2.00"]]))
    assert third.status == "rejected" and [e["row"] for e in third.errors] == [2, 3]
    assert not TaxRecord.objects.filter(period=dt.date(2023, 3, 1)).exists()


def test_the_template_example_row_is_skipped_even_when_its_code_is_registered(tmp_path, monkeypatch):
    factories.EnterpriseFactory(uscc=EXAMPLE_USCC, name="苏州示例科技有限公司")
    chunks = pipeline.chunks
    monkeypatch.setattr(pipeline, "chunks", lambda items: chunks(items, 1))
    header = ["统一社会信用代码", "所属期", "全口径税收(元)"]
    batch = import_file(kind="tax", actor=None, path_or_file=csv_file(tmp_path / "t.csv", [
        header, [EXAMPLE_USCC, "2023-01", "1.00"], [EXAMPLE_USCC, "2023-02", "1.00"]]))
    assert [s["reason"] for s in batch.skipped] == ["模板示例行，已跳过"] * 2 and not TaxRecord.objects.exists()


# --- files staged in many COPY blocks (sent by the second thread on PostgreSQL), written by either write -------


@pytest.fixture
def small_blocks(monkeypatch):
    from louyu.intake import staging

    monkeypatch.setattr(staging, "FLUSH_ROWS", 2)


def test_a_new_months_file_in_many_blocks_is_inserted_and_audited_once(tmp_path, firms, small_blocks):
    from louyu.core.models import AuditEntry

    gusu, park = firms
    header = ["统一社会信用代码", "所属期", "全口径税收(元)"]
    rows = [[firm.uscc, f"2023-{m:02d}", f"{m}.00"] for m in range(1, 6) for firm in (gusu, park)]
    batch = import_file(kind="tax", actor=None, path_or_file=csv_file(tmp_path / "a.csv", [header, *rows]))
    assert (batch.status, batch.rows_inserted, batch.rows_updated) == ("committed", 10, 0), batch.errors
    entry = AuditEntry.objects.get(batch_id=batch.pk)
    assert TaxRecord.objects.filter(source_batch_id=batch.pk, created_at=entry.timestamp).count() == 10
    assert sorted(TaxRecord.objects.filter(enterprise=park).values_list("total_tax", flat=True)) == [m for m in range(1, 6)]


def test_a_file_with_one_stored_month_takes_the_general_write(tmp_path, firms, small_blocks):
    gusu, park = firms
    header = ["统一社会信用代码", "所属期", "全口径税收(元)"]
    import_file(kind="tax", actor=None, path_or_file=csv_file(tmp_path / "a.csv", [header, [gusu.uscc, "2023-03", "1.00"]]))
    rows = [[firm.uscc, f"2023-{m:02d}", "2.00"] for m in range(1, 5) for firm in (gusu, park)]
    batch = import_file(kind="tax", actor=None, path_or_file=csv_file(tmp_path / "b.csv", [header, *rows]))
    assert (batch.status, batch.rows_inserted, batch.rows_updated, batch.rows_unchanged) == ("committed", 7, 1, 0), batch.errors
    assert TaxRecord.objects.count() == 8 and set(TaxRecord.objects.values_list("total_tax", flat=True)) == {2}


def test_a_key_repeated_blocks_apart_is_reported_and_nothing_is_written(tmp_path, firms, small_blocks):
    gusu, park = firms
    header = ["统一社会信用代码", "所属期", "全口径税收(元)"]
    rows = [[gusu.uscc, "2023-01", "1.00"], [park.uscc, "2023-01", "1.00"], [park.uscc, "2023-02", "1.00"],
            [gusu.uscc, "2023-02", "1.00"], [gusu.uscc, "2023年1月", "5.00"], [park.uscc, "2023-03", "1.00"]]
    batch = import_file(kind="tax", actor=None, path_or_file=csv_file(tmp_path / "a.csv", [header, *rows]))
    assert batch.status == "rejected" and [(e["row"], e["reason"]) for e in batch.errors] == [
        (2, "与第6行重复（统一社会信用代码+所属期相同）"), (6, "与第2行重复（统一社会信用代码+所属期相同）")]
    assert not TaxRecord.objects.exists()


def test_an_error_late_in_a_many_block_file_refuses_it(tmp_path, firms, small_blocks):
    gusu, park = firms
    header = ["统一社会信用代码", "所属期", "全口径税收(元)"]
    rows = [[firm.uscc, f"2023-{m:02d}", "1.00"] for m in range(1, 4) for firm in (gusu, park)] + [[gusu.uscc, "2023-04", "abc"]]
    batch = import_file(kind="tax", actor=None, path_or_file=csv_file(tmp_path / "a.csv", [header, *rows]))
    assert batch.status == "rejected" and [e["row"] for e in batch.errors] == [8]
    assert not TaxRecord.objects.exists()


def test_a_file_that_breaks_off_while_blocks_are_sent_is_refused_and_the_sending_thread_stopped(tmp_path, firms, monkeypatch):
    from louyu.intake import staging

    monkeypatch.setattr(staging, "FLUSH_ROWS", 500)
    chunks = pipeline.chunks
    monkeypatch.setattr(pipeline, "chunks", lambda items: chunks(items, 100))
    abandoned = []
    abandon = TaxStaging.abandon
    monkeypatch.setattr(TaxStaging, "abandon", lambda self: abandoned.append(self.count) or abandon(self))
    gusu, park = firms
    lines = ["统一社会信用代码,所属期,全口径税收(元)"]
    lines += [f"{firm.uscc},{1920 + m // 12}-{m % 12 + 1:02d},1.00" for m in range(1100) for firm in (gusu, park)]
    path = tmp_path / "broken.csv"
    path.write_bytes("\n".join(lines).encode() + b"\n" + gusu.uscc.encode() + b",2023-01,\xff\xfe\n")  # > 64 KB of UTF-8, then not
    batch = import_file(kind="tax", actor=None, path_or_file=path)
    assert batch.status == "rejected" and "编码" in batch.errors[0]["reason"]
    assert not TaxRecord.objects.exists() and abandoned == [2000]

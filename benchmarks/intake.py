"""Intake benchmark (not a test): 1,000,000 tax rows from CSV and from XLSX into PostgreSQL (and SQLite),
against two baselines — a raw COPY of the same CSV into a bare empty table, and a COPY of the same rows into
an empty table with the tax register's own columns, indexes, check and foreign keys (timed with its commit) —
and a naive ORM loop on a 20,000-row sample.

Run it with `louyu bench-intake` (`louyu bench` calls `run_intake_bench(output_path)`). It works
in its own database (`louyu_bench_intake`, or `--db-name`, on the PostgreSQL server of DATABASE_URL, or 127.0.0.1:5432) and
a temporary folder, so it never touches real data. Each measurement runs in a fresh subprocess, whose peak
resident memory (getrusage maxrss) is reported. Indicator refresh hooks are switched off: this measures the
import alone. Figures go into the "## 数据导入 (intake)" section of docs/performance.md.
"""
from __future__ import annotations

import csv
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import common
from .intake_report import BENCH_DB, ENTERPRISES, SECTION, report


# --- data files -------------------------------------------------------------------------------------------


def _usccs(count: int) -> list[str]:
    from louyu.enterprises.uscc import uscc_make

    return [uscc_make(70_000_000 + i) for i in range(count)]


def _months(count: int) -> list[str]:
    return [f"{2015 + m // 12}-{m % 12 + 1:02d}" for m in range(count)]


def tax_rows(rows: int):
    """`rows` tax rows: 20,000 enterprises × as many months as needed (same data in every format)."""
    usccs = _usccs(ENTERPRISES)
    months = _months(-(-rows // ENTERPRISES))
    n = 0
    for month in months:
        for i, uscc in enumerate(usccs):
            if n == rows:
                return
            n += 1
            yield [uscc, f"苏州基准{i}科技有限公司", month, f"{(i * 7919 + n * 31) % 100_000_000 / 100 + 1:.2f}"]


HEADER = ["统一社会信用代码", "企业名称", "所属期", "全口径税收(元)"]


def write_csv(path: Path, rows: int) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(tax_rows(rows))
    return path


def write_changed_csv(path: Path, rows: int) -> Path:
    """The first `rows` rows again with every amount changed: a correction file, all updates."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows([uscc, name, month, f"{float(amount) + 1:.2f}"] for uscc, name, month, amount in tax_rows(rows))
    return path


def write_xlsx(path: Path, rows: int) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("税收")
    sheet.append(["2015年以来税收明细表（基准测试）"])
    sheet.append(HEADER)
    for uscc, name, month, amount in tax_rows(rows):
        sheet.append([uscc, name, month, float(amount)])
    book.save(path)
    return path


# --- the worker: one measurement in a fresh process ---------------------------------------------------------


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "louyu.settings")
    import django

    django.setup()
    from louyu.intake import hooks

    for callback in hooks.callbacks():
        hooks.remove(callback)


def _truncate():
    from django.db import connection

    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("TRUNCATE enterprises_taxrecord, core_auditentry CASCADE")
            c.execute("VACUUM ANALYZE enterprises_taxrecord")
        else:
            c.execute("DELETE FROM enterprises_taxrecord")
            c.execute("DELETE FROM core_auditentry")


def step_setup() -> dict:
    """Migrate, load reference data, register the 20,000 enterprises the tax rows belong to."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    _django()
    from louyu.core.reference import reference_data_load
    from louyu.enterprises.models import Enterprise
    from louyu.geo.models import District

    reference_data_load()
    districts = list(District.objects.all())
    Enterprise.objects.all().delete()
    Enterprise.objects.bulk_create(
        [Enterprise(uscc=u, name=f"苏州基准{i}科技有限公司", district=districts[i % len(districts)]) for i, u in enumerate(_usccs(ENTERPRISES))],
        batch_size=5000,
    )
    return {}


def step_noop() -> dict:
    return {}


def _phases():
    """Wall time of the import's phases: COPY into staging, each set-based statement, the commit."""
    from django.db import connections

    from louyu.intake import staging

    connection = connections["default"]
    phases = {"copy": 0.0, "plan": 0.0, "audit": 0.0, "update": 0.0, "insert": 0.0, "other_sql": 0.0, "commit": 0.0}

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                phases[name] += time.perf_counter() - start
        return wrapper

    # the COPY is sent by a second thread: "copy" is what the import waits for (formatting, the block in flight)
    staging.TaxStaging.flush = timed("copy", staging.TaxStaging.flush)
    staging.TaxStaging.finish_loading = timed("copy", staging.TaxStaging.finish_loading)
    connection.__class__._commit = timed("commit", connection.__class__._commit)
    heads = (("audit", f"INSERT INTO {staging.AUDIT}"), ("update", f"UPDATE {staging.TAX}"), ("insert", f"INSERT INTO {staging.TAX}"),
             ("plan", "INSERT INTO intake_tax_stage_"))

    def sql(execute, statement, params, many, context):
        start = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            head = statement.lstrip()[:60]
            key = next((k for k, prefix in heads if head.startswith(prefix)), "other_sql")
            phases[key] += time.perf_counter() - start

    return phases, sql


def step_import(path: str, truncate: bool = True) -> dict:
    from django.db import connections

    from louyu.intake.services import import_file

    if truncate:
        _truncate()
    connection = connections["default"]
    wal_before = _wal_lsn(connection)
    phases, sql = _phases()
    start, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(sql):
        batch = import_file(kind="tax", path_or_file=path, actor=None, department="基准测试")
    seconds = time.perf_counter() - start
    assert batch.status == "committed", batch.errors[:5]
    from louyu.core.models import AuditEntry

    result = {"seconds": seconds, "cpu_seconds": time.process_time() - cpu, "rows": batch.rows_total, "inserted": batch.rows_inserted,
              "updated": batch.rows_updated, "unchanged": batch.rows_unchanged, "phases": phases,
              "audit_entries": AuditEntry.objects.filter(batch_id=batch.pk).count()}
    if wal_before is not None:
        with connection.cursor() as c:
            c.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s)", [wal_before])
            result["wal_mb"] = float(c.fetchone()[0]) / 2**20
    return result


def _wal_lsn(connection):
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as c:
        c.execute("SELECT pg_current_wal_lsn()::text")
        return c.fetchone()[0]


def step_orm(path: str, rows: int) -> dict:
    """The naive way: per row, look the enterprise up, update_or_create the record, save an audit entry."""
    from django.db import transaction

    from louyu.core import audit
    from louyu.enterprises.models import Enterprise, TaxRecord
    from louyu.intake import cleaning

    _truncate()
    start = time.perf_counter()
    with open(path, encoding="utf-8", newline="") as fh, transaction.atomic():
        reader = csv.reader(fh)
        next(reader)
        for n, (uscc, _name, month, amount) in enumerate(reader):
            if n == rows:
                break
            enterprise = Enterprise.objects.get(uscc=uscc)
            record, created = TaxRecord.objects.update_or_create(
                enterprise=enterprise, period=cleaning.month(month), defaults={"total_tax": cleaning.decimal(amount)}
            )
            audit.record(actor=None, action="create" if created else "update", obj=record,
                         changes=audit.diff({}, audit.field_values(record)))
    return {"seconds": time.perf_counter() - start, "rows": rows}


def step_raw_copy(path: str) -> dict:
    """COPY of the same CSV into an empty, index-free table: the speed limit of getting rows in at all."""
    from django.db import connection

    with connection.cursor() as c:
        c.execute("DROP TABLE IF EXISTS bench_raw_tax")
        c.execute("CREATE TABLE bench_raw_tax (uscc varchar(18), name varchar(200), period varchar(20), total_tax numeric(18,2))")
    start = time.perf_counter()
    with connection.cursor() as c, open(path, "rb") as fh:
        with c.connection.cursor() as raw, raw.copy("COPY bench_raw_tax FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                copy.write(chunk)
    seconds = time.perf_counter() - start
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM bench_raw_tax")
        rows = c.fetchone()[0]
    return {"seconds": seconds, "rows": rows}


def _like_tax(c, table: str) -> tuple[int, int]:
    """An empty logged table shaped like the tax register: its columns, defaults, checks and indexes (LIKE …
    INCLUDING ALL) and the same foreign keys (read from the catalog, so it follows the register's schema).
    Plus a placeholder import batch for source_batch_id. (foreign keys, batch id)"""
    c.execute(f"DROP TABLE IF EXISTS {table}")
    c.execute(f"CREATE TABLE {table} (LIKE enterprises_taxrecord INCLUDING ALL)")
    c.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'enterprises_taxrecord'::regclass AND contype = 'f' "
              "ORDER BY conname")
    keys = [r[0] for r in c.fetchall()]
    for definition in keys:
        c.execute(f"ALTER TABLE {table} ADD {definition}")
    from louyu.intake.models import ImportBatch

    # Through the ORM, so columns added to ImportBatch later get their defaults.
    batch = ImportBatch.objects.create(kind="tax", file_name=table, file_sha256="", channel="cli", status="validated", dry_run=True)
    return len(keys), batch.pk


def _drop_like_tax(table: str, batch: int) -> None:
    from django.db import connection

    with connection.cursor() as c:
        c.execute(f"DROP TABLE {table}")
        c.execute("DELETE FROM intake_importbatch WHERE id = %s", [batch])


TAX_COLUMNS = "enterprise_id, period, total_tax, breakdown, source, verification, source_batch_id, created_at, updated_at"


def step_schema_copy(path: str) -> dict:
    """The like-for-like speed limit: the same CSV's rows COPYed into an empty table with the tax register's
    own columns, indexes, check and foreign keys, timed up to and including the commit (where PostgreSQL
    checks the foreign keys). COPY cannot look USCCs up, so the rows are first written — untimed — as the
    register's columns in COPY text: enterprise id for the USCC, the month's first day, the amount, and the
    values the import gives a new row (empty breakdown, the source text, 未核实, the batch, timestamps)."""
    from django.db import connection, transaction

    from louyu.enterprises.models import Enterprise

    with connection.cursor() as c:
        foreign_keys, batch = _like_tax(c, "bench_schema_tax")
    ids = dict(Enterprise.objects.values_list("uscc", "id"))
    prepared = Path(path).with_suffix(".schema.tsv")
    stamp = time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime())
    with open(path, encoding="utf-8", newline="") as src, open(prepared, "w", encoding="utf-8") as out:
        reader = csv.reader(src)
        next(reader)
        for uscc, _name, month, amount in reader:
            out.write(f"{ids[uscc]}\t{month}-01\t{amount}\t{{}}\t基准测试导入：{Path(path).name}\tunverified\t{batch}\t{stamp}\t{stamp}\n")
    try:
        start = time.perf_counter()
        with transaction.atomic():
            with connection.cursor() as c, open(prepared, "rb") as fh, c.connection.cursor() as raw:
                with raw.copy(f"COPY bench_schema_tax ({TAX_COLUMNS}) FROM STDIN") as copy:
                    for chunk in iter(lambda: fh.read(1 << 20), b""):
                        copy.write(chunk)
                rows = raw.rowcount
            copy_seconds = time.perf_counter() - start
        seconds = time.perf_counter() - start
    finally:
        prepared.unlink()
    _drop_like_tax("bench_schema_tax", batch)
    return {"seconds": seconds, "copy_seconds": copy_seconds, "commit_seconds": seconds - copy_seconds, "rows": rows,
            "foreign_keys": foreign_keys}


def step_floor() -> dict:
    """What the database alone needs for the same write: the copied rows, by one INSERT … SELECT, into an empty
    logged table with the tax register's indexes, checks and foreign keys; then the commit, where PostgreSQL
    checks the foreign keys row by row. The table is dropped afterwards."""
    from django.db import connection, transaction

    result = {}
    with connection.cursor() as c:
        result["foreign_keys"], batch = _like_tax(c, "bench_floor_tax")
        c.execute("CHECKPOINT")
    with transaction.atomic():
        with connection.cursor() as c:
            start = time.perf_counter()
            c.execute(
                f"INSERT INTO bench_floor_tax ({TAX_COLUMNS}) "
                "SELECT e.id, to_date(r.period || '-01', 'YYYY-MM-DD'), r.total_tax, '{}'::jsonb, '基准测试导入：tax.csv', 'unverified', %s, now(), now() "
                "FROM bench_raw_tax r JOIN enterprises_enterprise e ON e.uscc = r.uscc", [batch]
            )
            result["rows"] = c.rowcount
            result["insert_seconds"] = time.perf_counter() - start
        start = time.perf_counter()
    result["commit_seconds"] = time.perf_counter() - start
    _drop_like_tax("bench_floor_tax", batch)
    return result


STEPS = {"setup": step_setup, "noop": step_noop, "import": step_import, "orm": step_orm, "raw_copy": step_raw_copy,
         "schema_copy": step_schema_copy, "floor": step_floor}


def worker(step: str, args: dict) -> None:
    if step != "setup":
        _django()
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "louyu.settings")
        import django

        django.setup()
    result = STEPS[step](**args)
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("BENCH-RESULT " + json.dumps(result))


def _run(step: str, database_url: str, **args) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "louyu.settings"}
    proc = subprocess.run([sys.executable, "-m", "benchmarks.intake", step, json.dumps(args)], env=env,
                          capture_output=True, text=True, check=False)
    line = next((l for l in proc.stdout.splitlines() if l.startswith("BENCH-RESULT ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"基准测试步骤 {step} 失败：\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    return json.loads(line[len("BENCH-RESULT "):])


# --- the benchmark ---------------------------------------------------------------------------------------------


def run_intake_bench(output_path="docs/performance.md", *, rows: int = 1_000_000, xlsx_rows: int | None = None,
                     orm_rows: int = 20_000, small_rows: int = 100_000, changed_rows: int = 100_000, sqlite: bool = True,
                     database_url: str | None = None, db_name: str = BENCH_DB, log=print) -> dict:
    """Run every measurement and write the intake section of `output_path` (None: do not write). Returns the figures."""
    if not db_name.isidentifier():
        raise ValueError(f"数据库名只能由字母、数字和下划线组成：{db_name}")
    xlsx_rows = min(rows, 200_000) if xlsx_rows is None else xlsx_rows
    changed_rows = min(rows, changed_rows)
    figures: dict = {"rows": rows, "xlsx_rows": xlsx_rows, "orm_rows": orm_rows, "small_rows": small_rows, "changed_rows": changed_rows,
                     "db_name": db_name, "sqlite_run": sqlite, "load_before": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory(prefix="louyu-bench-intake-") as folder:
        work = Path(folder)
        t = time.perf_counter()
        big = write_csv(work / "tax_1m.csv", rows)
        small = write_csv(work / "tax_small.csv", small_rows)
        changed = write_changed_csv(work / "tax_changed.csv", changed_rows)
        figures["csv_mb"] = big.stat().st_size / 2**20
        log(f"生成 CSV（{rows} 行）：{time.perf_counter() - t:.1f} 秒")
        t = time.perf_counter()
        book = write_xlsx(work / "tax.xlsx", xlsx_rows)
        figures["xlsx_mb"] = book.stat().st_size / 2**20
        figures["xlsx_generate_seconds"] = time.perf_counter() - t
        log(f"生成 XLSX（{xlsx_rows} 行）：{figures['xlsx_generate_seconds']:.1f} 秒")

        pg_url = common.database_url(db_name, base_url=database_url)
        common.database_ensure(pg_url, fresh=True)
        try:
            pg = figures["postgresql"] = {}
            _run("setup", pg_url)
            pg["baseline"] = _run("noop", pg_url)
            for name, step, args in (
                ("raw_copy", "raw_copy", {"path": str(big)}),
                ("schema_copy", "schema_copy", {"path": str(big)}),
                ("floor", "floor", {}),
                ("csv_small", "import", {"path": str(small)}),
                ("csv", "import", {"path": str(big)}),
                ("csv_again", "import", {"path": str(big), "truncate": False}),
                ("csv_changed", "import", {"path": str(changed), "truncate": False}),
                ("xlsx", "import", {"path": str(book)}),
                ("orm", "orm", {"path": str(big), "rows": orm_rows}),
            ):
                pg[name] = _run(step, pg_url, **args)
                log(f"PostgreSQL {name}: {pg[name]}")
        finally:
            common.database_drop(pg_url)  # leave no million-row database behind

        if sqlite:
            lite = figures["sqlite"] = {}
            lite_url = f"sqlite:///{work / 'bench.sqlite3'}"
            _run("setup", lite_url)
            for name, step, args in (("csv", "import", {"path": str(big)}), ("orm", "orm", {"path": str(big), "rows": orm_rows})):
                lite[name] = _run(step, lite_url, **args)
                log(f"SQLite {name}: {lite[name]}")
    figures["machine"] = f"{platform.machine()}, {os.cpu_count()} 核, Python {platform.python_version()}"
    figures["load_after"] = os.getloadavg()[0]
    log("BENCH-FIGURES " + json.dumps(figures))
    if output_path:
        common.write_section(output_path, SECTION, report(figures))
    return figures


if __name__ == "__main__":  # python -m benchmarks.intake STEP '{"arg": …}'
    worker(sys.argv[1], json.loads(sys.argv[2]) if len(sys.argv) > 2 else {})

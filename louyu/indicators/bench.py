"""Indicator benchmark (`louyu bench` calls `run_indicator_bench`): full recompute on the city ×10 data on
PostgreSQL, the same building-year aggregation in DuckDB over Parquet exports of the same rows, and an
incremental recompute after a one-month tax import. Writes the "## 指标计算 (indicators)" section.

It never touches your database: it works in its own PostgreSQL database (default `louyu_bench_indicators`
on the server of DATABASE_URL, or LOUYU_BENCH_DATABASE_URL), generated once and reused.
"""
from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SECTION = "## 指标计算 (indicators)"
HOLDOUT = "2024-12-01"
BENCH_DB = "louyu_bench_indicators"


def _bench_url() -> str:
    url = os.environ.get("LOUYU_BENCH_DATABASE_URL")
    if url:
        return url
    current = urlsplit(os.environ.get("DATABASE_URL", ""))
    if current.scheme in ("postgres", "postgresql"):
        return urlunsplit(("postgres", current.netloc, f"/{BENCH_DB}", "", ""))
    return f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def run_indicator_bench(output_path, *, seed: int = 1, scale: float = 10.0, generator: str = "auto") -> dict:
    """Run the benchmark in a subprocess on the bench database and write the figures into output_path."""
    url = _bench_url()
    _ensure_database(url)
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="louyu.settings")
    cmd = [sys.executable, "-m", "louyu.indicators.bench", "--seed", str(seed), "--scale", str(scale), "--generator", generator]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise RuntimeError("指标计算基准运行失败")
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    figures["database"] = url.rsplit("@", 1)[-1]
    write_section(Path(output_path), render(figures))
    return figures


def write_section(path: Path, text: str) -> None:
    """Replace this benchmark's section of the performance document, leaving the others alone."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# 性能 (performance)\n"
    start = old.find(SECTION)
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        nxt = old.find("\n## ", start + len(SECTION))
        new = old[:start] + text + (old[nxt + 1:] if nxt >= 0 else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def render(f: dict) -> str:
    d = f["data"]
    ratio = f["full_median_s"] / f["duckdb_best_s"] if f["duckdb_best_s"] else float("nan")
    same = f["pg_same_aggregation_best_s"] / f["duckdb_best_s"] if f["duckdb_best_s"] else float("nan")
    lines = [
        SECTION, "",
        f"测得于 {f['when']}，{f['machine']}，PostgreSQL {f['pg_version']}（基准库 `{f['database']}`），"
        f"DuckDB {f['duckdb_version']}。数据：{f['generator']}（seed {f['seed']}，scale {f['scale']}）——"
        f"楼宇 {d['buildings']:,} 幢、企业 {d['enterprises']:,} 家、入驻 {d['tenancies']:,} 条、"
        f"税收 {d['tax']:,} 条（2021–2024 年逐月）、运营报告 {d['operation_reports']:,} 条。", "",
        "| 项目 | 用时 | 说明 |", "|---|---|---|",
        f"| 全量重算（`louyu compute`） | {f['full_median_s']:.2f} 秒（{', '.join(f'{x:.2f}' for x in f['full_runs_s'])}） |"
        f" 全部事实表：楼宇月度/年度、产业结构、未归属、地区/全市、7 类预警 |",
        f"| 其中：楼宇-年度税收归属（PostgreSQL 单条 SQL） | {f['pg_same_aggregation_best_s']:.2f} 秒 | 与 DuckDB 完全相同的查询 |",
        f"| DuckDB 同一楼宇-年度聚合（Parquet） | {f['duckdb_best_s']:.2f} 秒 | 不含导出 Parquet 的 {f['parquet_export_s']:.1f} 秒 |",
        f"| 增量重算：导入 1 个月税收（{f['incremental_rows']:,} 行）后 | {f['incremental_s']:.2f} 秒 |"
        f" 经导入钩子，只算受影响的月份与年度 |",
        "",
        f"- 全量 / DuckDB = {ratio:.1f} 倍（目标 ≤ 2 倍）；相同聚合 PostgreSQL / DuckDB = {same:.1f} 倍。",
        f"- 增量 {f['incremental_s']:.2f} 秒（目标 ≤ 2 秒）；增量结果与随后全量重算逐行一致："
        f"{'是' if f['incremental_equals_full'] else '否'}；DuckDB 与引擎的楼宇年度税收逐行一致："
        f"{'是' if f['duckdb_equals_engine'] else '否'}。",
        f"- 亿元楼宇（2024）：{f['buildings_100m_2024']:,} 幢；未归属税收占比（2024）：{f['unattributed_share_2024']}。", "",
        "复现 / Reproduce:", "",
        "```", ".venv/bin/pip install -r requirements-bench.txt",
        "louyu bench --only indicators            # 或: make bench",
        "# 单独运行: .venv/bin/python -c \"import django,os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','louyu.settings');"
        " django.setup(); from louyu.indicators.bench import run_indicator_bench; run_indicator_bench('docs/performance.md')\"",
        "```", "",
        "English: full recompute of every indicator fact on the city ×10 data vs. DuckDB doing only the building-year "
        "tax aggregation over Parquet copies of the same rows; incremental = the import hook after one month of tax.", "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- worker (runs inside the bench database)

def _timed(fn):
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def _snapshot():
    from louyu.indicators.models import BuildingMonth, BuildingYear, DistrictYear

    fields = ["building_id", "year", "total_tax", "tax_tier", "is_new_100m", "present_count", "registered_count",
              "occupancy_rate", "occupancy_avg", "concentration", "lead_category_id", "featured_status", "tax_growth"]
    return (sorted(BuildingYear.objects.values_list(*fields)),
            sorted(BuildingMonth.objects.values_list("building_id", "period", "total_tax", "present_count", "occupancy_rate")),
            sorted(DistrictYear.objects.values_list("district_id", "year", "cumulative_100m", "new_100m", "total_tax",
                                                    "unattributed_tax")))


def _attribution_sql(tax: str, month: str, ten: str) -> str:
    return (f"SELECT t.building_id, m.year, SUM(r.total_tax) AS tax FROM {tax} r JOIN {month} m ON m.period = r.period"
            f" JOIN {ten} t ON t.enterprise_id = r.enterprise_id AND t.kind IN ('registered_present', 'registered_only')"
            f" AND t.move_in <= m.month_end AND (t.move_out IS NULL OR t.move_out > m.month_end) GROUP BY t.building_id, m.year")


def _duckdb(workdir: Path):
    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq
    from django.db import connection

    from louyu.indicators.sqlbits import TBL

    def export(sql: str, name: str, schema: pa.Schema):
        with connection.cursor() as cursor:
            raw = cursor.cursor
            raw.execute(sql)
            writer = pq.ParquetWriter(workdir / f"{name}.parquet", schema)
            while rows := raw.fetchmany(500_000):
                writer.write_table(pa.Table.from_pylist([dict(zip(schema.names, r)) for r in rows], schema=schema))
            writer.close()

    export_s, _ = _timed(lambda: [
        export(f"SELECT enterprise_id, period, total_tax FROM {TBL.tax}", "tax",
               pa.schema([("enterprise_id", pa.int64()), ("period", pa.date32()), ("total_tax", pa.decimal128(18, 2))])),
        export(f"SELECT id, enterprise_id, building_id, kind, move_in, move_out FROM {TBL.ten}", "tenancy",
               pa.schema([("id", pa.int64()), ("enterprise_id", pa.int64()), ("building_id", pa.int64()), ("kind", pa.string()),
                          ("move_in", pa.date32()), ("move_out", pa.date32())])),
        export(f"SELECT period, month_end, year FROM {TBL.month}", "month",
               pa.schema([("period", pa.date32()), ("month_end", pa.date32()), ("year", pa.int32())])),
    ])
    sql = _attribution_sql(*(f"read_parquet('{workdir / n}.parquet')" for n in ("tax", "month", "tenancy")))
    sql = f"SELECT building_id, year, tax, CASE WHEN tax >= 1000000000 THEN 10 WHEN tax >= 500000000 THEN 5 WHEN tax >= 100000000 THEN 1 ELSE 0 END AS tier FROM ({sql})"
    runs, result = [], None
    for _ in range(3):
        con = duckdb.connect()
        seconds, result = _timed(lambda: con.execute(sql).fetchall())
        runs.append(seconds)
        con.close()
    return export_s, runs, sorted((b, y, t) for b, y, t, _tier in result), duckdb.__version__


def worker(seed: int, scale: float, generator: str) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from louyu.core.reference import reference_data_load
    from louyu.enterprises.models import TaxRecord
    from louyu.indicators import engine
    from louyu.indicators.models import BuildingYear, CityYear
    from louyu.indicators.sqlbits import TBL, fetch

    call_command("migrate", interactive=False, verbosity=0)
    reference_data_load()
    with connection.cursor() as cursor:  # restore a month held out by an interrupted run
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_holdout AS SELECT * FROM " + TBL.tax + " WITH NO DATA")
        cursor.execute(f"INSERT INTO {TBL.tax} SELECT * FROM bench_holdout ON CONFLICT DO NOTHING")
        cursor.execute("TRUNCATE bench_holdout")
    used = "自带生成器 louyu/indicators/benchdata.py"
    if not TaxRecord.objects.exists():
        if generator in ("auto", "demo"):
            try:
                call_command("demo_data", seed=seed, scale=scale, stdout=sys.stderr)
                used = "louyu demo-data"
            except Exception as exc:  # noqa: BLE001 — fall back to our own generator, and say so
                if generator == "demo":
                    raise
                print(f"demo-data 不可用（{exc}），改用自带生成器", file=sys.stderr)
        if not TaxRecord.objects.exists():
            from louyu.indicators.benchdata import generate

            generate(seed=seed, scale=scale, stdout=sys.stderr)
    else:
        used = "已有基准数据（" + ("louyu demo-data" if not fetch(f"SELECT 1 FROM {TBL.bld} WHERE code LIKE 'BB%%' LIMIT 1")
                               else "自带生成器 louyu/indicators/benchdata.py") + "）"
    counts = {name: fetch(f"SELECT COUNT(*) FROM {getattr(TBL, t)}")[0][0] for name, t in
              (("buildings", "bld"), ("enterprises", "ent"), ("tenancies", "ten"), ("tax", "tax"), ("operation_reports", "op"))}

    # 1. hold out the last month, compute everything up to the month before.
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO bench_holdout SELECT * FROM {TBL.tax} WHERE period = %s", [HOLDOUT])
        cursor.execute(f"DELETE FROM {TBL.tax} WHERE period = %s", [HOLDOUT])
        cursor.execute("ANALYZE")
    engine.compute()
    # 2. "import" the month, then the intake hook's incremental refresh.
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TBL.tax} SELECT * FROM bench_holdout")
        cursor.execute("SELECT enterprise_id FROM bench_holdout")
        enterprises = {r[0] for r in cursor.fetchall()}
        cursor.execute("TRUNCATE bench_holdout")
        cursor.execute("ANALYZE " + TBL.tax)
    import datetime as dt

    affected = {"buildings": set(), "enterprises": enterprises, "months": {dt.date.fromisoformat(HOLDOUT)}}
    incremental_s, _ = _timed(lambda: engine.refresh_after_import(None, affected))  # no transaction: runs at once
    after_incremental = _snapshot()
    # 3. full recomputes.
    full_runs = [_timed(engine.compute)[0] for _ in range(3)]
    full_equal = after_incremental == _snapshot()
    # 4. the same aggregation alone in PostgreSQL, then in DuckDB.
    pg_runs = [_timed(lambda: fetch(_attribution_sql(TBL.tax, TBL.month, TBL.ten)))[0] for _ in range(3)]
    with tempfile.TemporaryDirectory() as tmp:
        export_s, duck_runs, duck_rows, duck_version = _duckdb(Path(tmp))
    engine_rows = sorted(BuildingYear.objects.exclude(total_tax=0).values_list("building_id", "year", "total_tax"))
    duck_rows = [(b, y, t) for b, y, t in duck_rows if t != 0]
    city = CityYear.objects.get(year=2024)
    return {
        "when": time.strftime("%Y-%m-%d"), "machine": f"{os.cpu_count()} 核 {platform.machine()}, Python {platform.python_version()}",
        "pg_version": fetch("SHOW server_version")[0][0], "duckdb_version": duck_version, "generator": used,
        "seed": seed, "scale": scale, "data": counts,
        "full_runs_s": full_runs, "full_median_s": statistics.median(full_runs),
        "pg_same_aggregation_best_s": min(pg_runs), "duckdb_best_s": min(duck_runs), "duckdb_runs_s": duck_runs,
        "parquet_export_s": export_s, "incremental_s": incremental_s, "incremental_rows": len(enterprises),
        "incremental_equals_full": full_equal, "duckdb_equals_engine": duck_rows == engine_rows,
        "buildings_100m_2024": BuildingYear.objects.filter(year=2024, is_100m=True).count(),
        "unattributed_share_2024": f"{city.unattributed_tax / city.total_tax:.2%}" if city.total_tax else "—",
    }


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="指标计算基准（内部进程）")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--generator", default="auto", choices=["auto", "demo", "own"])
    args = parser.parse_args()
    print(json.dumps(worker(args.seed, args.scale, args.generator), ensure_ascii=False, default=str))

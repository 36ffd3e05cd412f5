"""The full recompute's peers: the engine's tax-attribution and building facts computed by a columnar engine
(DuckDB; optionally Spark in local mode) over the same rows, and checked equal to what the engine stored.

The facts, as the engine defines them (louyu/indicators/facts.py), written once in plain SQL that both DuckDB
and Spark SQL run:
  taxpayer_year     building × enterprise × year: tax attributed to the registered tenancy active at the
                    month's end (a later registered tenancy supersedes an earlier one), months with tax
  unattributed_tax  enterprise × year: tax no registered tenancy claims
  building_month    building × month: tax, taxpayers, month-end present / registered / registered-and-present
                    enterprises
  building_year     building × year: tax, 亿元 tier, 亿元楼宇, year-end present and registered enterprises
The engine does more (occupancy, industry structure, districts, alerts, writing only changed rows); these are
the facts every other one is built from, and the part that grows with the tax rows.

Runs inside the benchmark database's process (Django set up, DATABASE_URL = that database).
"""
from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

REG = "('registered_present', 'registered_only')"
PRES = "('registered_present', 'present_only')"
SOURCES = {  # name → (SQL over the register's tables, DuckDB/Spark column types)
    "tax": ("SELECT enterprise_id, period, total_tax FROM {tax_record}",
            {"enterprise_id": "BIGINT", "period": "DATE", "total_tax": "DECIMAL(18,2)"}),
    "tenancy": ("SELECT id, enterprise_id, building_id, kind, move_in, move_out FROM {tenancy}",
                {"id": "BIGINT", "enterprise_id": "BIGINT", "building_id": "BIGINT", "kind": "STRING",
                 "move_in": "DATE", "move_out": "DATE"}),
    "month": ("SELECT period, month_end, year FROM {month}", {"period": "DATE", "month_end": "DATE", "year": "INT"}),
}


def fact_sql(tiers: list[tuple[int, Decimal]], op: str) -> dict[str, str]:
    """The facts as SQL over the tables `tax`, `tenancy`, `month` (in order: later ones read earlier ones)."""
    tier_case = "CASE " + " ".join(f"WHEN y.total_tax {op} {amount} THEN {t}" for t, amount in tiers) + " ELSE 0 END"
    # [move_in, move_out) with an open end as a far date: two plain inequalities, which a range join can use
    active = "t.move_in <= m.month_end AND COALESCE(t.move_out, DATE '9999-12-31') > m.month_end"
    return {
        "attribution": f"""
            SELECT enterprise_id, period, year, total_tax, building_id FROM (
                SELECT r.enterprise_id, r.period, m.year, r.total_tax, t.building_id,
                    ROW_NUMBER() OVER (PARTITION BY r.enterprise_id, r.period ORDER BY t.move_in DESC, t.id DESC) AS rk
                FROM tax r JOIN month m ON m.period = r.period
                LEFT JOIN tenancy t ON t.enterprise_id = r.enterprise_id AND t.kind IN {REG} AND {active}
            ) x WHERE rk = 1""",
        "taxpayer_year": """
            SELECT building_id, enterprise_id, year, SUM(total_tax) AS total_tax, COUNT(*) AS months
            FROM attribution WHERE building_id IS NOT NULL GROUP BY building_id, enterprise_id, year""",
        "unattributed_tax": """
            SELECT enterprise_id, year, SUM(total_tax) AS total_tax, COUNT(*) AS months
            FROM attribution WHERE building_id IS NULL GROUP BY enterprise_id, year""",
        "snapshot": f"""
            SELECT building_id, period, SUM(p) AS present_count, SUM(r) AS registered_count,
                SUM(x) AS registered_present_count
            FROM (SELECT t.building_id, m.period, t.enterprise_id,
                      MAX(CASE WHEN t.kind IN {PRES} THEN 1 ELSE 0 END) AS p,
                      MAX(CASE WHEN t.kind IN {REG} THEN 1 ELSE 0 END) AS r,
                      MAX(CASE WHEN t.kind = 'registered_present' THEN 1 ELSE 0 END) AS x
                  FROM tenancy t JOIN month m ON {active}
                  GROUP BY t.building_id, m.period, t.enterprise_id) e
            GROUP BY building_id, period""",
        "building_month": """
            SELECT COALESCE(a.building_id, s.building_id) AS building_id, COALESCE(a.period, s.period) AS period,
                COALESCE(a.total_tax, 0) AS total_tax, COALESCE(a.payers, 0) AS taxpayer_count,
                COALESCE(s.present_count, 0) AS present_count, COALESCE(s.registered_count, 0) AS registered_count,
                COALESCE(s.registered_present_count, 0) AS registered_present_count
            FROM (SELECT building_id, period, SUM(total_tax) AS total_tax, COUNT(*) AS payers FROM attribution
                  WHERE building_id IS NOT NULL GROUP BY building_id, period) a
            FULL OUTER JOIN snapshot s ON s.building_id = a.building_id AND s.period = a.period""",
        "building_year": f"""
            SELECT y.building_id, y.year, y.total_tax, {tier_case} AS tax_tier,
                COALESCE(l.present_count, 0) AS present_count, COALESCE(l.registered_count, 0) AS registered_count
            FROM (SELECT bm.building_id, m.year, SUM(bm.total_tax) AS total_tax FROM building_month bm
                  JOIN month m ON m.period = bm.period GROUP BY bm.building_id, m.year) y
            JOIN (SELECT year, MAX(period) AS last FROM month GROUP BY year) e ON e.year = y.year
            LEFT JOIN building_month l ON l.building_id = y.building_id AND l.period = e.last""",
    }


COMPARED = {  # fact → (columns compared, in this order; the first ones are the key)
    "taxpayer_year": ("building_id", "enterprise_id", "year", "total_tax", "months"),
    "unattributed_tax": ("enterprise_id", "year", "total_tax", "months"),
    "building_month": ("building_id", "period", "total_tax", "taxpayer_count", "present_count", "registered_count",
                       "registered_present_count"),
    "building_year": ("building_id", "year", "total_tax", "tax_tier", "present_count", "registered_count"),
}


def _normal(rows) -> list[tuple]:
    """Sorted, with amounts as Decimal and all-zero building months left out (the engine stores a row for every
    building and month; the peers only where something happened)."""
    out = []
    for r in rows:
        r = tuple(Decimal(str(v)) if isinstance(v, (float, Decimal)) else v for v in r)
        if not any(r[2:]):
            continue
        out.append(r)
    return sorted(out)


def engine_facts() -> dict[str, list[tuple]]:
    from louyu.indicators.sqlbits import TBL, fetch

    return {name: _normal(fetch(f"SELECT {', '.join(cols)} FROM {getattr(TBL, name)}")) for name, cols in COMPARED.items()}


def export(workdir: Path) -> dict[str, Path]:
    """The source rows as CSV (PostgreSQL COPY), one file per table; not part of any peer's time."""
    from django.db import connection

    from louyu.indicators.sqlbits import TBL

    files = {}
    with connection.cursor() as cursor:
        for name, (sql, _) in SOURCES.items():
            path = files[name] = workdir / f"{name}.csv"
            query = sql.format(tax_record=TBL.tax_record, tenancy=TBL.tenancy, month=TBL.month)
            with path.open("wb") as f, cursor.cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT csv)") as copy:
                for block in copy:
                    f.write(block)
    return files


def _engine_rules() -> tuple[list[tuple[int, Decimal]], str]:
    from louyu.indicators import definitions

    return definitions.tier_thresholds(), definitions.hundred_million_op()


def duckdb_facts(files: dict[str, Path]) -> dict:
    """Load the CSVs into DuckDB tables (timed apart), then compute every fact as a table (timed)."""
    import duckdb

    con = duckdb.connect()
    started = time.perf_counter()
    for name, (_, types) in SOURCES.items():
        columns = ", ".join(f"'{c}': '{'VARCHAR' if t == 'STRING' else t}'" for c, t in types.items())
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv('{files[name]}', header = false, columns = {{{columns}}})")
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    for name, sql in fact_sql(*_engine_rules()).items():
        con.execute(f"CREATE TABLE {name} AS {sql}")
    compute_s = time.perf_counter() - started
    facts = {name: _normal(con.execute(f"SELECT {', '.join(cols)} FROM {name}").fetchall()) for name, cols in COMPARED.items()}
    return {"load_s": load_s, "compute_s": compute_s, "facts": facts, "version": duckdb.__version__,
            "threads": con.execute("SELECT current_setting('threads')").fetchone()[0]}


def spark_facts(files: dict[str, Path]) -> dict:
    """The same SQL on Spark in local mode (all cores): the CSVs read and cached (timed apart), then every fact
    computed and cached (timed)."""
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[*]").appName("louyu-facts").config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "8").config("spark.driver.memory", "2g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        started = time.perf_counter()
        for name, (_, types) in SOURCES.items():
            schema = ", ".join(f"{c} {t}" for c, t in types.items())
            frame = spark.read.csv(str(files[name]), schema=schema).cache()
            frame.count()
            frame.createOrReplaceTempView(name)
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        for name, sql in fact_sql(*_engine_rules()).items():
            frame = spark.sql(sql).cache()
            frame.count()
            frame.createOrReplaceTempView(name)
        compute_s = time.perf_counter() - started
        facts = {name: _normal(tuple(r) for r in spark.sql(f"SELECT {', '.join(cols)} FROM {name}").collect())
                 for name, cols in COMPARED.items()}
        import pyspark

        return {"load_s": load_s, "compute_s": compute_s, "facts": facts, "version": pyspark.__version__,
                "threads": spark.sparkContext.defaultParallelism}
    finally:
        spark.stop()


def differences(engine: dict, peer: dict) -> dict[str, int]:
    """Per fact, how many rows differ (0 everywhere: equal)."""
    out = {}
    for name in COMPARED:
        a, b = set(engine[name]), set(peer[name])
        out[name] = len(a ^ b)
    return out

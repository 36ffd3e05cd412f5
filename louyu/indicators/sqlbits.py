"""Small SQL helpers shared by the engine's statements, so the same text runs on SQLite and PostgreSQL.

Money: PostgreSQL sums numeric exactly; SQLite keeps decimals as floating point, so there money is summed
in integer 分 — a sum of twelve floats must not decide whether a building reaches exactly 1亿. Ratios are
rounded to 6 places in SQL so that threshold comparisons and tie-breaks see the same value on both backends.
"""
from __future__ import annotations

from contextlib import contextmanager

from django.db import connection

from louyu.buildings.models import Building, OperationReport, RenovationProject
from louyu.enterprises.models import Enterprise, FeaturedCategory, Tenancy, TaxRecord
from louyu.geo.models import District

from . import models as m

REG = "('registered_present', 'registered_only')"  # tax follows registration
PRES = "('registered_present', 'present_only')"  # occupancy follows presence
NOT_BUILT = "('planned', 'under_construction')"


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


class T:
    """Quoted table names, by the model's name in snake case: TBL.building_year is BuildingYear's table."""

    def __getattr__(self, name):
        models = {
            "tax_record": TaxRecord, "tenancy": Tenancy, "building": Building, "operation_report": OperationReport,
            "enterprise": Enterprise, "district": District, "featured_category": FeaturedCategory,
            "renovation_project": RenovationProject, "month": m.Month, "industry_category_map": m.IndustryCategoryMap,
            "building_month": m.BuildingMonth, "unattributed_tax": m.UnattributedTax, "taxpayer_year": m.TaxpayerYear,
            "building_year": m.BuildingYear, "building_industry_year": m.BuildingIndustryYear,
            "district_year": m.DistrictYear, "city_year": m.CityYear, "featured_recognition": m.FeaturedRecognition,
            "superseded_tenancy": m.SupersededTenancy, "alert": m.Alert,
        }
        return table(models[name])


TBL = T()


def is_pg() -> bool:
    return connection.vendor == "postgresql"


def money(col: str) -> str:
    """A money value in the engine's exact unit: 元 as numeric on PostgreSQL, integer 分 on SQLite."""
    if is_pg():
        return col
    return f"CAST(ROUND({col} * 100) AS INTEGER)"


def msum(col: str) -> str:
    return f"SUM({money(col)})"


def yuan(expr: str) -> str:
    """A value in the engine's money unit back to 元 for storage (the column's 2 decimals make it exact)."""
    return expr if is_pg() else f"(({expr}) / 100.0)"


def mlit(amount) -> str:
    """A money threshold as an SQL literal in the engine's unit."""
    from decimal import Decimal

    value = Decimal(str(amount))
    return format(value.quantize(Decimal("0.01")), "f") if is_pg() else str(int((value * 100).to_integral_value()))


def date_param() -> str:
    """A date parameter typed as a date (SQLite keeps dates as ISO text; a CAST there would make it a number)."""
    return "CAST(%s AS DATE)" if is_pg() else "%s"


def month_start(expr: str) -> str:
    if is_pg():
        return f"CAST(date_trunc('month', {expr}) AS date)"
    return f"date({expr}, 'start of month')"


def stage(name: str, select_sql: str, params=(), *, analyze: bool = True) -> str:
    """Materialise a heavy SELECT into a temporary table (PostgreSQL runs CREATE TABLE AS in parallel, an
    INSERT … SELECT never). Returns the table name; drop it with `unstage`."""
    execute(f"DROP TABLE IF EXISTS {name}")
    rows = execute(f"CREATE TEMPORARY TABLE {name} AS {select_sql}", params)
    if analyze and is_pg() and rows > 1000:  # temporary tables have no statistics until analysed: joins would guess
        execute(f"ANALYZE {name}")
    return name


ANALYZE_AFTER = 10_000  # rows inserted or deleted by one merge


def merge(model, select_sql: str, params=(), *, keys: tuple[str, ...], scope: str = "", scope_params=()) -> None:
    """Make the model's rows within `scope` (an SQL condition, "" = all) equal to the rows of `select_sql`,
    whose columns are named like the model's. Writes only differences — unchanged facts are not rewritten,
    changed ones are updated in place (no index churn), vanished ones deleted — so a recompute of data that
    barely changed is cheap, and readers keep seeing the old facts until the transaction commits."""
    q = connection.ops.quote_name
    fact = table(model)
    columns = [f.column for f in model._meta.concrete_fields if f.column != "id"]
    values = [c for c in columns if c not in keys]
    src = stage("_ind_merge", select_sql, params)
    if not is_pg():  # SQLite: its anti-joins below probe the staged rows by key, a full scan per fact row without this
        execute(f"CREATE INDEX _ind_merge_keys ON {src} ({', '.join(q(k) for k in keys)})")
    match = " AND ".join(f"{fact}.{q(k)} = s.{q(k)}" for k in keys)
    changed = " OR ".join(f"{fact}.{q(c)} IS DISTINCT FROM s.{q(c)}" for c in values)
    with key_joins(fact) as written:
        written.append(execute(f"DELETE FROM {fact} WHERE {scope or '1 = 1'} AND NOT EXISTS (SELECT 1 FROM {src} s WHERE {match})",
                               scope_params))
        execute(f"UPDATE {fact} SET {', '.join(f'{q(c)} = s.{q(c)}' for c in values)} FROM {src} s WHERE {match} AND ({changed})")
        written.append(execute(
            f"INSERT INTO {fact} ({', '.join(q(c) for c in columns)}) SELECT {', '.join(f's.{q(c)}' for c in columns)}"
            f" FROM {src} s WHERE NOT EXISTS (SELECT 1 FROM {fact} WHERE {match}) ORDER BY {', '.join(f's.{q(k)}' for k in keys)}"))
    unstage(src)


@contextmanager
def key_joins(fact: str):
    """Around statements that write `fact` through key equi-joins. PostgreSQL: hash or merge joins (a stale row
    estimate must not turn them into loops); afterwards, when the rows inserted and deleted (append their
    counts to the yielded list) exceed ANALYZE_AFTER, fresh statistics, as later statements read the table."""
    written: list[int] = []
    if is_pg():
        execute("SET LOCAL enable_nestloop = off")
    yield written
    if is_pg():
        execute("SET LOCAL enable_nestloop = on")
        if sum(written) > ANALYZE_AFTER:
            execute(f"ANALYZE {fact}")


def unstage(*names: str) -> None:
    for name in names:
        execute(f"DROP TABLE IF EXISTS {name}")


def ratio(num: str, den: str) -> str:
    """num / den rounded to 6 places; NULL when den is not positive."""
    return f"(CASE WHEN ({den}) > 0 THEN ROUND(({num}) * 1.0 / ({den}), 6) END)"


def num(placeholder: str = "%s") -> str:
    """A decimal parameter compared as a number (SQLite would otherwise compare text with numbers)."""
    return f"CAST({placeholder} AS NUMERIC)"


def active_on(alias: str, day: str) -> str:
    """Tenancy `alias` active on `day` (an SQL expression): [move_in, move_out)."""
    return f"({alias}.move_in <= {day} AND ({alias}.move_out IS NULL OR {alias}.move_out > {day}))"


def greatest3(a: str, b: str, c: str) -> str:
    return f"(CASE WHEN {a} >= {b} AND {a} >= {c} THEN {a} WHEN {b} >= {c} THEN {b} ELSE {c} END)"


def in_list(column: str, values, params: list) -> str:
    """`AND column IN (...)` for a finite list (None: no restriction)."""
    if values is None:
        return ""
    values = list(values)
    if not values:
        return " AND 1 = 0"
    params.extend(values)
    return f" AND {column} IN ({', '.join(['%s'] * len(values))})"


def execute(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.rowcount


def fetch(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()

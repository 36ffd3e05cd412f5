"""Tables that grow with time, partitioned by year on PostgreSQL (declarative RANGE partitions); SQLite unchanged.

Each table keeps its columns, its constraints' names and meanings and its indexes; PostgreSQL requires the
partition key in every unique constraint, so the primary key becomes (id, key) in the database while Django
keeps `id` as its primary key (one identity sequence feeds every partition, so `id` stays unique). The other
unique constraints already contain the key (one tax row per enterprise per month: (enterprise, period)).
A DEFAULT partition takes any year that has no partition yet, so no insert ever fails; `partitions_ensure()`
(run after every import and compute job, and by `louyu init`) gives such years their own partition, moving
their rows out of the default one in the same transaction.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connection as default_connection
from django.db import transaction


@dataclass(frozen=True)
class Partitioned:
    table: str
    key: str  # the column partitioned by year
    kind: str  # "date" (a month's first day), "timestamp" or "year" (an integer year)
    storage: str = ""  # each partition's storage parameters (a partitioned table has none of its own)

    def with_storage(self) -> str:
        return f" WITH ({self.storage})" if self.storage else ""

    def bounds(self, year: int) -> tuple[str, str]:
        if self.kind == "year":
            return str(year), str(year + 1)
        if self.kind == "timestamp":
            return f"'{year}-01-01 00:00:00 {settings.TIME_ZONE}'", f"'{year + 1}-01-01 00:00:00 {settings.TIME_ZONE}'"
        return f"'{year}-01-01'", f"'{year + 1}-01-01'"

    def year_of(self, column: str) -> str:
        if self.kind == "year":
            return column
        if self.kind == "timestamp":
            return f"EXTRACT(YEAR FROM {column} AT TIME ZONE '{settings.TIME_ZONE}')::int"
        return f"EXTRACT(YEAR FROM {column})::int"


TABLES = [
    Partitioned("enterprises_taxrecord", "period", "date"),
    Partitioned("indicators_buildingmonth", "period", "date", "fillfactor = 80"),  # as indicators 0002 set them
    Partitioned("indicators_taxpayeryear", "year", "year", "fillfactor = 80"),
    Partitioned("core_auditentry", "timestamp", "timestamp"),
]


def is_partitioned(table: str, connection=default_connection) -> bool:
    with connection.cursor() as c:
        c.execute("SELECT 1 FROM pg_partitioned_table p JOIN pg_class r ON r.oid = p.partrelid WHERE r.relname = %s", [table])
        return c.fetchone() is not None


def partition_tables(schema_editor) -> None:
    """Migration step: turn each table into a year-partitioned one, keeping rows, constraints and indexes."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    for spec in TABLES:
        if not is_partitioned(spec.table, connection):
            _convert(spec, connection)
    partitions_ensure(connection=connection)


def _convert(spec: Partitioned, connection) -> None:
    t, old = spec.table, f"{spec.table}__unpartitioned"
    with connection.cursor() as c:
        c.execute("""SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint
                     WHERE conrelid = %s::regclass ORDER BY contype, conname""", [t])
        constraints = c.fetchall()
        c.execute("""SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN
                     (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)""", [t, t])
        indexes = c.fetchall()
        c.execute(f'ALTER TABLE "{t}" RENAME TO "{old}"')
        for name, _, kind in constraints:  # names must be free for the new table's constraints
            if kind in ("p", "u", "f", "c"):
                c.execute(f'ALTER TABLE "{old}" DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            c.execute(f'DROP INDEX "{name}"')
        c.execute(f'CREATE TABLE "{t}" (LIKE "{old}" INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING STORAGE) '
                  f'PARTITION BY RANGE ("{spec.key}")')
        c.execute(f'CREATE TABLE "{t}_default" PARTITION OF "{t}" DEFAULT{spec.with_storage()}')
        c.execute(f'SELECT DISTINCT {spec.year_of(spec.key)} FROM "{old}"')
        for (year,) in c.fetchall():
            _create(spec, year, c)
        c.execute(f'INSERT INTO "{t}" OVERRIDING SYSTEM VALUE SELECT * FROM "{old}"')
        c.execute(f'DROP TABLE "{old}"')
        c.execute(f"SELECT setval(pg_get_serial_sequence('\"{t}\"', 'id'), COALESCE((SELECT max(id) FROM \"{t}\"), 0) + 1, false)")
        for name, definition, kind in constraints:
            if kind == "p":
                definition = f'PRIMARY KEY (id, "{spec.key}")'
            c.execute(f'ALTER TABLE "{t}" ADD CONSTRAINT "{name}" {definition}')
        for _, definition in indexes:  # read before the rename: they name the table itself
            c.execute(definition)


def _create(spec: Partitioned, year: int, cursor) -> None:
    lo, hi = spec.bounds(year)
    cursor.execute(f'CREATE TABLE IF NOT EXISTS "{spec.table}_y{year}" PARTITION OF "{spec.table}" '
                   f'FOR VALUES FROM ({lo}) TO ({hi}){spec.with_storage()}')


def partition_years(table: str, connection=default_connection) -> list[int]:
    with connection.cursor() as c:
        c.execute("""SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                     WHERE i.inhparent = %s::regclass""", [table])
        return sorted(int(name.rsplit("_y", 1)[1]) for (name,) in c.fetchall() if name.rpartition("_y")[2].isdigit())


def partitions_ensure(*, years=(), connection=default_connection) -> dict[str, list[int]]:
    """Give every year that has rows in a DEFAULT partition (plus `years`, and this year and next) its own
    partition, moving those rows in one transaction. Returns the partitions created. A no-op on SQLite."""
    if connection.vendor != "postgresql":
        return {}
    this_year = dt.date.today().year
    created: dict[str, list[int]] = {}
    for spec in TABLES:
        if not is_partitioned(spec.table, connection):
            continue
        with transaction.atomic(using=connection.alias), connection.cursor() as c:
            # One maintainer at a time (two imports may finish together); what exists is read under the lock.
            c.execute("SELECT pg_advisory_xact_lock(hashtext('louyu.partitions'))")
            have = set(partition_years(spec.table, connection))
            c.execute(f'SELECT DISTINCT {spec.year_of(spec.key)} FROM "{spec.table}_default"')
            stray = {year for (year,) in c.fetchall()}
            for year in sorted((stray | set(years) | {this_year, this_year + 1}) - have):
                _move_out_of_default(spec, year, stray, c)
                created.setdefault(spec.table, []).append(year)
    return created


def _move_out_of_default(spec: Partitioned, year: int, stray: set[int], c) -> None:
    if year not in stray:
        _create(spec, year, c)
        return
    # A year with rows in the default partition: detach-free move (lock, copy out, attach) in this transaction.
    t, part = spec.table, f"{spec.table}_y{year}"
    lo, hi = spec.bounds(year)
    c.execute(f'LOCK TABLE "{t}_default" IN ACCESS EXCLUSIVE MODE')
    c.execute(f'CREATE TABLE "{part}" (LIKE "{t}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS){spec.with_storage()}')
    c.execute(f'WITH moved AS (DELETE FROM "{t}_default" WHERE "{spec.key}" >= {lo} AND "{spec.key}" < {hi} RETURNING *) '
              f'INSERT INTO "{part}" SELECT * FROM moved')
    c.execute(f'ALTER TABLE "{t}" ATTACH PARTITION "{part}" FOR VALUES FROM ({lo}) TO ({hi})')

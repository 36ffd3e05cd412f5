"""Tax rows in bulk: a per-import TEMP staging table (no WAL) filled with COPY (PostgreSQL) or executemany
(SQLite), then set-based SQL: one join of the staging table with the register into a second TEMP table, the
plan (the rows that are new or differ from the stored row); one audit INSERT for the changed rows (old → new,
before the write, rows locked); one UPDATE … FROM the plan; one INSERT … SELECT for the new rows; and a single
audit entry for all the inserted rows (decision 12 in docs/decisions.md). Unchanged rows are never written.
Never one ORM save per row. Works on PostgreSQL and SQLite ≥ 3.33.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from louyu.core.audit import actor_label, record_bulk_create
from louyu.enterprises.models import REGISTERED_KINDS, TaxRecord, Tenancy

TAX = TaxRecord._meta.db_table
ENTERPRISE = "enterprises_enterprise"
AUDIT = "core_auditentry"
FLUSH_ROWS = 20_000
WRITE_LOCK = 0x10_7A_01  # pg_advisory_xact_lock key: one tax import writes at a time


class ConcurrentWrite(Exception):
    """The register changed under the import's write; the transaction is rolled back."""


def _pg() -> bool:
    return connection.vendor == "postgresql"


class TaxStaging:
    """One import's staged tax rows: (row_no, enterprise_id, period, total_tax, breakdown, source, verification)."""

    def __init__(self, batch_id: int):
        self.table = f"intake_tax_stage_{batch_id}"
        self.plan = f"{self.table}_plan"  # the rows to write, filled by `write`
        self.buffer: list[tuple] = []
        self.count = 0
        self.pg = _pg()
        if self.pg:
            columns = ("enterprise_id bigint NOT NULL, period date NOT NULL, total_tax numeric(18,2) NOT NULL, breakdown jsonb, "
                       "source varchar(200), verification varchar(12)")
            tables = ((self.table, f"row_no integer NOT NULL, {columns}"), (self.plan, f"{columns}, tax_id bigint"))
        else:
            columns = ("enterprise_id integer NOT NULL, period date NOT NULL, total_tax decimal NOT NULL, breakdown text, "
                       "source varchar(200), verification varchar(12)")
            tables = ((self.table, f"row_no integer NOT NULL, {columns}"), (self.plan, f"{columns}, tax_id integer"))
        with connection.cursor() as c:
            for name, definition in tables:
                c.execute(f"CREATE TEMP TABLE {name} ({definition}){' ON COMMIT DROP' if self.pg else ''}")

    def add(self, row: tuple) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        rows, self.buffer = self.buffer, []
        self.count += len(rows)
        with connection.cursor() as c:
            if self.pg:
                # psycopg 3: COPY on the connection Django's transaction runs on.
                with c.connection.cursor() as raw, raw.copy(f"COPY {self.table} FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                c.executemany(
                    f"INSERT INTO {self.table} VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    [(r[0], r[1], r[2].isoformat(), str(r[3]), r[4], r[5], r[6]) for r in rows],
                )

    def finish_loading(self) -> None:
        self.flush()
        if self.pg:
            with connection.cursor() as c:
                c.execute(f"ANALYZE {self.table}")

    def drop(self) -> None:
        with connection.cursor() as c:
            for table in (self.table, self.plan):
                c.execute(f"DROP TABLE IF EXISTS {table}")

    # -- rules across rows ------------------------------------------------------------------------------
    def duplicates(self) -> dict[tuple[int, dt.date], list[int]]:
        """(enterprise_id, period) → row numbers, for keys that occur more than once in the file."""
        sql = (
            f"SELECT s.enterprise_id, s.period, s.row_no FROM {self.table} s JOIN (SELECT enterprise_id, period FROM {self.table} "
            f"GROUP BY enterprise_id, period HAVING count(*) > 1) d ON d.enterprise_id = s.enterprise_id AND d.period = s.period "
            "ORDER BY s.row_no"
        )
        groups: dict[tuple, list[int]] = defaultdict(list)
        with connection.cursor() as c:
            c.execute(sql)
            for enterprise_id, period, row_no in c.fetchall():
                groups[(enterprise_id, _as_date(period))].append(row_no)
        return dict(groups)

    def delete_rows(self, rows: set[int]) -> None:
        ordered = sorted(rows)
        with connection.cursor() as c:
            for start in range(0, len(ordered), 5000):
                chunk = ordered[start : start + 5000]
                c.execute(f"DELETE FROM {self.table} WHERE row_no IN ({', '.join(['%s'] * len(chunk))})", chunk)
        self.count -= len(rows)

    # -- the write --------------------------------------------------------------------------------------
    def _proposed(self) -> dict[str, str]:
        """The values each staged row would leave in the register (t = the stored row, NULL when new)."""
        empty = "'{}'::jsonb" if self.pg else "'{}'"
        breakdown = f"COALESCE(s.breakdown, t.breakdown, {empty})"
        data_differs = f"(t.total_tax <> s.total_tax OR t.breakdown <> {breakdown})"
        source = f"COALESCE(s.source, CASE WHEN t.id IS NULL OR {data_differs} THEN %(default_source)s ELSE t.source END)"
        verification = "COALESCE(s.verification, t.verification, 'unverified')"
        differs = f"({data_differs} OR t.source <> {source} OR t.verification <> {verification})"
        return {"breakdown": breakdown, "source": source, "verification": verification, "differs": differs}

    def _join(self) -> str:
        return f"FROM {self.table} s LEFT JOIN {TAX} t ON t.enterprise_id = s.enterprise_id AND t.period = s.period"

    def preview(self, default_source: str) -> tuple[int, int, int]:
        """(inserted, updated, unchanged) the write would give — for a dry run."""
        p = self._proposed()
        sql = f"SELECT count(*), count(t.id), coalesce(sum(CASE WHEN t.id IS NOT NULL AND {p['differs']} THEN 1 ELSE 0 END), 0) {self._join()}"
        with connection.cursor() as c:
            c.execute(sql, {"default_source": default_source})
            total, existing, changed = c.fetchone()
        return total - existing, changed, existing - changed

    def write(self, *, batch, actor, default_source: str) -> tuple[int, int, int]:
        """Audit and apply the updates, insert the new rows, record the inserts once; (inserted, updated, unchanged).

        First the rows to write (new, or different from the stored row) go into a second temp table, the plan:
        one join of the staging table with the register, and the statements after it never read the table they
        write (an INSERT that probes its own target while it grows can turn quadratic on an empty register).
        Unchanged rows are never written: an ON CONFLICT … DO NOTHING/UPDATE would still lock, and so write,
        each of them, and its speculative insertion costs new rows about a third more. Tax imports take turns
        for this write (an advisory lock), and the audit statement locks the rows it records, so its old values
        are exactly the ones the update replaces."""
        p = self._proposed()
        now = timezone.now()
        params = {
            "default_source": default_source, "batch": batch.pk, "ts": connection.ops.adapt_datetimefield_value(now),
            "actor": getattr(actor, "pk", None) if hasattr(actor, "get_username") else None,
            "actor_label": actor_label(actor), "ct": ContentType.objects.get_for_model(TaxRecord).pk,
        }
        plan = self.plan
        with connection.cursor() as c:
            if self.pg:
                c.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
            c.execute(
                f"INSERT INTO {plan} (enterprise_id, period, total_tax, breakdown, source, verification, tax_id) SELECT s.enterprise_id, "
                f"s.period, s.total_tax, s.breakdown, s.source, s.verification, t.id {self._join()} WHERE t.id IS NULL OR {p['differs']}",
                params,
            )
            if self.pg:
                c.execute(f"ANALYZE {plan}")
            c.execute(self._audit_updates_sql(p), params)
            updated = c.rowcount
            c.execute(
                f"UPDATE {TAX} AS t SET total_tax = s.total_tax, breakdown = {p['breakdown']}, source = {p['source']}, "
                f"verification = {p['verification']}, source_batch_id = %(batch)s, updated_at = %(ts)s "
                f"FROM {plan} s WHERE t.id = s.tax_id AND {p['differs']}",
                params,
            )
            if c.rowcount != updated:
                raise ConcurrentWrite("导入期间其他操作修改了相同企业+所属期的税收记录，本次导入未写入，请重新导入")
            empty = "'{}'::jsonb" if self.pg else "'{}'"
            c.execute(
                f"INSERT INTO {TAX} (enterprise_id, period, total_tax, breakdown, source, verification, source_batch_id, created_at, updated_at) "
                f"SELECT s.enterprise_id, s.period, s.total_tax, COALESCE(s.breakdown, {empty}), COALESCE(s.source, %(default_source)s), "
                f"COALESCE(s.verification, 'unverified'), %(batch)s, %(ts)s, %(ts)s FROM {plan} s WHERE s.tax_id IS NULL",
                params,
            )
            inserted = c.rowcount
        if inserted:
            record_bulk_create(actor=actor, model=TaxRecord, count=inserted, batch=batch, timestamp=now, district_id=batch.district_id)
        return inserted, updated, self.count - inserted - updated

    def _audit_columns(self) -> str:
        return f"INSERT INTO {AUDIT} (timestamp, actor_id, actor_label, action, content_type_id, object_id, object_repr, district_id, changes, batch_id, note) "

    def _repr(self) -> str:
        month = "to_char(t.period, 'YYYY-MM')" if self.pg else "strftime('%%Y-%%m', t.period)"
        return f"substr(e.name || ' ' || {month}, 1, 300)"

    def _audit_updates_sql(self, p: dict) -> str:
        def change(field, old, new, cond):
            if self.pg:
                return f"'{field}', CASE WHEN {cond} THEN jsonb_build_array({old}, {new}) END"
            return f"'{field}', CASE WHEN {cond} THEN json_array({old}, {new}) END"

        if self.pg:
            money = lambda x: f"{x}::text"  # noqa: E731
            as_json = lambda x: x  # noqa: E731
        else:
            money = lambda x: f"printf('%%.2f', {x})"  # noqa: E731
            as_json = lambda x: f"json({x})"  # noqa: E731
        parts = ", ".join([
            change("total_tax", money("t.total_tax"), money("s.total_tax"), "t.total_tax <> s.total_tax"),
            change("breakdown", as_json("t.breakdown"), as_json(p["breakdown"]), f"t.breakdown <> {p['breakdown']}"),
            change("source", "t.source", p["source"], f"t.source <> {p['source']}"),
            change("verification", "t.verification", p["verification"], f"t.verification <> {p['verification']}"),
        ])
        changes = f"jsonb_strip_nulls(jsonb_build_object({parts}))" if self.pg else f"json_patch('{{}}', json_object({parts}))"
        return (
            self._audit_columns()
            + f"SELECT %(ts)s, %(actor)s, %(actor_label)s, 'update', %(ct)s, CAST(t.id AS varchar(64)), {self._repr()}, e.district_id, "
            f"{changes}, %(batch)s, '' FROM {self.plan} s JOIN {TAX} t ON t.id = s.tax_id "
            f"JOIN {ENTERPRISE} e ON e.id = s.enterprise_id WHERE {p['differs']}" + (" FOR UPDATE OF t" if self.pg else "")
        )

    def affected(self) -> dict[str, set]:
        """Enterprises and months the write changed (the plan's rows), and the buildings those enterprises are
        registered in."""
        with connection.cursor() as c:
            c.execute(f"SELECT DISTINCT enterprise_id FROM {self.plan}")
            enterprises = {r[0] for r in c.fetchall()}
            c.execute(f"SELECT DISTINCT period FROM {self.plan}")
            months = {_as_date(r[0]) for r in c.fetchall()}
        buildings = set()
        ids = sorted(enterprises)
        for start in range(0, len(ids), 5000):
            buildings.update(Tenancy.objects.filter(kind__in=REGISTERED_KINDS, enterprise_id__in=ids[start : start + 5000])
                             .values_list("building_id", flat=True).distinct())
        return {"enterprises": enterprises, "months": months, "buildings": buildings}


def _as_date(value) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def breakdown_keys(queryset=None) -> list[str]:
    """The tax types used in stored breakdowns (in TAX_TYPES order; unknown names are not exported)."""
    from .kinds.tax import TAX_TYPES

    sql = (
        f"SELECT DISTINCT jsonb_object_keys(breakdown) FROM {TAX} WHERE breakdown <> '{{}}'::jsonb" if _pg()
        else f"SELECT DISTINCT j.key FROM {TAX}, json_each({TAX}.breakdown) j WHERE {TAX}.breakdown <> '{{}}'"
    )
    with connection.cursor() as c:
        c.execute(sql)
        used = {r[0] for r in c.fetchall()}
    return [name for name in TAX_TYPES if name in used]

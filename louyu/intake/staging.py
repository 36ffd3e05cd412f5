"""Tax rows in bulk: a per-import TEMP staging table (no WAL) filled with COPY (PostgreSQL) or executemany
(SQLite), then set-based SQL: one join of the staging table with the register into a second TEMP table, the
plan (the rows that are new or differ from the stored row); one audit INSERT for the changed rows (old → new,
before the write, rows locked); one UPDATE … FROM the plan; one INSERT … SELECT for the new rows; and a single
audit entry for all the inserted rows (decision 12 in docs/decisions.md). Unchanged rows are never written.
When the register has no row in any of the file's months (a new month's file), every row is new and
`write_new` inserts them straight from the staging table instead (no duplicate-key query, no plan). On
PostgreSQL the COPY blocks are sent by a second thread while the import reads on. Never one ORM save per
row. Works on PostgreSQL and SQLite ≥ 3.33.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from concurrent.futures import Future, ThreadPoolExecutor

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
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
        self.written = self.plan  # the table `affected` reads: the plan, or the staging table itself (`write_new`)
        self.buffer: list[tuple] = []
        self.count = 0
        self.periods: dict[dt.date, str] = {}  # the months staged (as COPY text)
        self.analyzed = False
        self.pg = _pg()
        self.sender: ThreadPoolExecutor | None = None  # PostgreSQL: one thread sends the COPY blocks
        self.sending: Future | None = None
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
        """PostgreSQL: the buffered rows as one block of COPY text, sent by a second thread while this one reads
        and validates the next rows (psycopg releases the GIL while it waits on the server; the connection's
        lock makes any other statement wait for the COPY). One block in flight at a time."""
        if not self.buffer:
            return
        rows, self.buffer = self.buffer, []
        self.count += len(rows)
        with connection.cursor() as c:
            if self.pg:
                text = copy_text(rows, self.periods)
                self._wait()
                if self.sender is None:
                    self.sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tax-copy")
                self.sending = self.sender.submit(self._copy, c.connection, text)
            else:
                self.periods.update((r[2], "") for r in rows if r[2] not in self.periods)
                c.executemany(
                    f"INSERT INTO {self.table} VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    [(r[0], r[1], r[2].isoformat(), str(r[3]), r[4], r[5], r[6]) for r in rows],
                )

    def _copy(self, raw_connection, text: str) -> None:
        # (the sending thread) psycopg 3: COPY on the connection Django's transaction runs on
        with raw_connection.cursor() as raw, raw.copy(f"COPY {self.table} FROM STDIN") as copy:
            copy.write(text)

    def _wait(self) -> None:
        """Until the block in flight is in (raises its error, if any)."""
        sending, self.sending = self.sending, None
        if sending is not None:
            sending.result()

    def finish_loading(self) -> None:
        try:
            self.flush()
            self._wait()
        finally:
            self._stop_sender()

    def abandon(self) -> None:
        """After a failure while loading: wait for the block in flight and stop the sending thread. A failed COPY
        is raised (it is then the cause of whatever failed next on the connection)."""
        sending, self.sending = self.sending, None
        self._stop_sender()
        error = sending.exception() if sending is not None else None
        if error is not None:
            raise error

    def _stop_sender(self) -> None:
        if self.sender is not None:
            self.sender.shutdown(wait=True)
            self.sender = None

    def _analyze(self) -> None:
        """Statistics for the joins over the staging table (not needed by `write_new`)."""
        if self.pg and not self.analyzed:
            with connection.cursor() as c:
                c.execute(f"ANALYZE {self.table}")
        self.analyzed = True

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
        self._analyze()
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
        self._analyze()
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
        now, params = self._params(batch, actor, default_source)
        plan = self.plan
        self._analyze()
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
            inserted = self._insert(c, f"{plan} s WHERE s.tax_id IS NULL", params)
        self.written = plan
        if inserted:
            record_bulk_create(actor=actor, model=TaxRecord, count=inserted, batch=batch, timestamp=now, district_id=batch.district_id)
        return inserted, updated, self.count - inserted - updated

    def write_new(self, *, batch, actor, default_source: str) -> int | None:
        """The write when the register holds no row in any of the staged months (a new month's file): every
        staged row is new, so it is one INSERT … SELECT straight from the staging table — no duplicate-key
        query, no plan, no ANALYZE. Returns the rows inserted, or None when this does not apply and nothing
        was written: the register has rows in those months, or the INSERT hit the unique (enterprise, period)
        key — a key repeated in the file (which `duplicates` then reports) or a row written meanwhile by
        something other than a tax import (which take turns under the advisory lock)."""
        if not self.periods or not self.count:
            return None
        now, params = self._params(batch, actor, default_source)
        months = sorted(self.periods)
        with connection.cursor() as c:
            if self.pg:
                c.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
            c.execute(f"SELECT 1 FROM {TAX} WHERE period IN ({', '.join(['%s'] * len(months))}) LIMIT 1", months)
            if c.fetchone() is not None:
                return None
            try:
                with transaction.atomic():
                    inserted = self._insert(c, f"{self.table} s", params)
            except IntegrityError:
                return None
        self.written = self.table
        record_bulk_create(actor=actor, model=TaxRecord, count=inserted, batch=batch, timestamp=now, district_id=batch.district_id)
        return inserted

    def _params(self, batch, actor, default_source: str) -> tuple[dt.datetime, dict]:
        now = timezone.now()
        return now, {
            "default_source": default_source, "batch": batch.pk, "ts": connection.ops.adapt_datetimefield_value(now),
            "actor": getattr(actor, "pk", None) if hasattr(actor, "get_username") else None,
            "actor_label": actor_label(actor), "ct": ContentType.objects.get_for_model(TaxRecord).pk,
        }

    def _insert(self, c, source: str, params: dict) -> int:
        """New rows into the register (`source`: the rows to insert, aliased s); their count."""
        c.execute(self._insert_sql(source), params)
        return c.rowcount

    def _insert_sql(self, source: str) -> str:
        empty = "'{}'::jsonb" if self.pg else "'{}'"
        return (
            f"INSERT INTO {TAX} (enterprise_id, period, total_tax, breakdown, source, verification, source_batch_id, created_at, updated_at) "
            f"SELECT s.enterprise_id, s.period, s.total_tax, COALESCE(s.breakdown, {empty}), COALESCE(s.source, %(default_source)s), "
            f"COALESCE(s.verification, 'unverified'), %(batch)s, %(ts)s, %(ts)s FROM {source}"
        )

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
        """Enterprises and months the write changed (the rows written), and the buildings those enterprises are
        registered in; `tax_only`: nothing but tax rows changed (the indicator refresh keeps tenancy facts)."""
        with connection.cursor() as c:
            c.execute(f"SELECT DISTINCT enterprise_id FROM {self.written}")
            enterprises = {r[0] for r in c.fetchall()}
            if self.written == self.table:
                months = set(self.periods)
            else:
                c.execute(f"SELECT DISTINCT period FROM {self.plan}")
                months = {_as_date(r[0]) for r in c.fetchall()}
        buildings = set()
        ids = sorted(enterprises)
        for start in range(0, len(ids), 5000):
            buildings.update(Tenancy.objects.filter(kind__in=REGISTERED_KINDS, enterprise_id__in=ids[start : start + 5000])
                             .values_list("building_id", flat=True).distinct())
        return {"enterprises": enterprises, "months": months, "buildings": buildings, "tax_only": True}


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_field(value: str | None) -> str:
    return "\\N" if value is None else value.translate(_COPY_ESCAPES)


def copy_text(rows: list[tuple], days: dict[dt.date, str]) -> str:
    """Staging rows (row_no, enterprise_id, period, total_tax, breakdown, source, verification) in COPY's text
    format; the text fields escaped, None as \\N. Most rows have no breakdown, source or verification.
    `days` caches each month's text (and so collects the months staged)."""
    lines: list[str] = []
    add = lines.append
    tail = "\t\\N\t\\N\t\\N\n"
    for row_no, enterprise_id, period, total_tax, breakdown, source, verification in rows:
        day = days.get(period)
        if day is None:
            day = days[period] = period.isoformat()
        if breakdown is None and source is None and verification is None:
            add(f"{row_no}\t{enterprise_id}\t{day}\t{total_tax}{tail}")
        else:
            add(f"{row_no}\t{enterprise_id}\t{day}\t{total_tax}\t{_copy_field(breakdown)}\t{_copy_field(source)}\t{_copy_field(verification)}\n")
    return "".join(lines)


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

"""The kernel records an official row's import batch and an audit entry's district and batch as ids, not foreign
keys (decision 42): the migrations drop the constraints — on PostgreSQL from the year-partitioned audit table and
so from each of its partitions — and keep the columns, their data and their indexes."""
from django.apps import apps
from django.db import connection

from louyu import factories as f
from louyu.core import audit
from louyu.core.models import AuditEntry, SourcedModel

ID_COLUMNS = [(AuditEntry._meta.db_table, "district_id"), (AuditEntry._meta.db_table, "batch_id")] + [
    (m._meta.db_table, "source_batch_id") for m in apps.get_models() if issubclass(m, SourcedModel)]


def _constraints(table: str) -> dict:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table)


def _partitions(table: str) -> list[str]:
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                       "WHERE i.inhparent = %s::regclass", [table])
        return [r[0] for r in cursor.fetchall()]


def test_the_id_columns_have_no_foreign_key_and_keep_their_index(db):
    assert len(ID_COLUMNS) > 20  # the audit's two and every register's source batch
    for table, column in ID_COLUMNS:
        for name in [table, *_partitions(table)]:
            on_column = [c for c in _constraints(name).values() if c["columns"] == [column]]
            assert not [c for c in on_column if c["foreign_key"]], f"{name}.{column} still has a foreign key"
            assert [c for c in on_column if c["index"]], f"{name}.{column} lost its index"


def test_an_audit_entry_keeps_the_district_and_batch_it_was_written_with(db):
    building = f.BuildingFactory(district=f.district("姑苏区"))
    batch = f.ImportBatchFactory()
    entry = audit.record(actor=None, action="update", obj=building, changes={"name": ["甲", "乙"]}, batch=batch)
    entry.refresh_from_db()
    assert (entry.district_id, entry.batch_id) == (building.district_id, batch.pk)

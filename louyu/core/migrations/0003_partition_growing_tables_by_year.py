"""PostgreSQL: the tables that grow with time become partitioned by year (louyu.core.partitions). SQLite: unchanged."""
from django.db import migrations


def partition(apps, schema_editor):
    from louyu.core.partitions import partition_tables

    partition_tables(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_auditentry_drop_redundant_indexes"),
        ("enterprises", "0003_taxrecord_source_batch_no_db_constraint"),
        ("indicators", "0004_new_100m_unknown_without_prior_year"),
    ]
    # Reversing leaves the partitioned tables: same columns, constraints and indexes, so the older code runs on them.
    operations = [migrations.RunPython(partition, migrations.RunPython.noop)]

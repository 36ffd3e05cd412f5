"""The import batch is kept as an id, not a foreign key (decision 42; louyu.core.migration_ops)."""
from django.db import migrations

from louyu.core.migration_ops import source_batch_as_id


class Migration(migrations.Migration):
    dependencies = [
        ("investment", "0002_vacantunit_vacant_unit_unique_place"),
    ]

    operations = [
        source_batch_as_id("demand"),
        source_batch_as_id("lead"),
        source_batch_as_id("vacantunit"),
    ]

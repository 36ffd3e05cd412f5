"""The import batch is kept as an id, not a foreign key (decision 42; louyu.core.migration_ops)."""
from django.db import migrations

from louyu.core.migration_ops import source_batch_as_id


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0004_district_move"),
    ]

    operations = [
        source_batch_as_id("enterprise"),
        source_batch_as_id("taxrecord", constrained=False),
        source_batch_as_id("tenancy"),
    ]

"""The import batch is kept as an id, not a foreign key (decision 42; louyu.core.migration_ops)."""
from django.db import migrations

from louyu.core.migration_ops import source_batch_as_id


class Migration(migrations.Migration):
    dependencies = [
        ("buildings", "0003_merge_filing_and_present_count"),
    ]

    operations = [
        source_batch_as_id("building"),
        source_batch_as_id("newbuildingproject"),
        source_batch_as_id("operationreport"),
        source_batch_as_id("renovationproject"),
    ]

"""An audit entry keeps its district's and import batch's ids, not foreign keys (decision 42): the constraints
are dropped (on PostgreSQL from the year-partitioned table and so from every partition); the columns, their
data and their indexes stay, and only Django's state renames the fields (district → district_id, batch → batch_id)."""
from django.db import migrations, models


def as_id(name: str, target: str, label: str):
    return migrations.SeparateDatabaseAndState(
        database_operations=[migrations.AlterField("auditentry", name, models.ForeignKey(
            target, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False,
        ))],
        state_operations=[
            migrations.RemoveField("auditentry", name),
            migrations.AddField("auditentry", f"{name}_id", models.BigIntegerField(label, null=True, blank=True, db_index=True)),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_userprofile_moves_to_accounts"),
        ("geo", "0001_initial"),
        ("intake", "0001_initial"),
    ]

    operations = [as_id("district", "geo.District", "地区"), as_id("batch", "intake.ImportBatch", "导入批次")]

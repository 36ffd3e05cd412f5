"""Migration operations that several apps' migrations share (kept stable: applied migrations call them)."""
from django.db import migrations, models


def source_batch_as_id(model_name: str, constrained: bool = True):
    """SourcedModel.source_batch (a foreign key) becomes source_batch_id (an id; decision 42): the table's
    constraint is dropped, its column, data and index stay, and only Django's state renames the field."""
    return migrations.SeparateDatabaseAndState(
        database_operations=[migrations.AlterField(model_name, "source_batch", models.ForeignKey(
            "intake.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False,
        ))] if constrained else [],
        state_operations=[
            migrations.RemoveField(model_name, "source_batch"),
            migrations.AddField(model_name, "source_batch_id",
                                models.BigIntegerField("来源导入批次", null=True, blank=True, db_index=True)),
        ],
    )

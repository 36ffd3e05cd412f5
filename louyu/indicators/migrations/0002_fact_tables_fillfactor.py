"""PostgreSQL: leave room in fact-table pages so a recompute updates changed rows in place (HOT updates,
no index writes). Other databases: nothing to do."""
from django.db import migrations

TABLES = ["indicators_buildingmonth", "indicators_buildingyear", "indicators_taxpayeryear", "indicators_unattributedtax",
          "indicators_buildingindustryyear"]


def set_fillfactor(apps, schema_editor, value=80):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f'ALTER TABLE "{table}" SET (fillfactor = {int(value)})')


def reset_fillfactor(apps, schema_editor):
    set_fillfactor(apps, schema_editor, value=100)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor)]

"""UserProfile moved to the accounts app (core refers to no domain table). State only: the table stays."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0005_merge_accounts_and_security"),
        ("accounts", "0001_userprofile_from_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="UserProfile")]),
    ]

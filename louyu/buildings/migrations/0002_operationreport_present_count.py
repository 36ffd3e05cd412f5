# 入驻企业数 is `present_count` everywhere (glossary); a rename keeps every stored value.
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("buildings", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="operationreport", old_name="tenant_count", new_name="present_count"),
    ]

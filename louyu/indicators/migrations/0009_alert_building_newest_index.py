"""A building page reads its alerts newest first: one (building, period) index serves that and every lookup
by building, so the single-column one goes (decision 43)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('buildings', '0004_source_batch_is_an_id'),
        ('enterprises', '0005_source_batch_is_an_id'),
        ('geo', '0001_initial'),
        ('indicators', '0008_alert_kinds_vacancy_gap_top_request'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='alert',
            name='building',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='alerts', to='buildings.building', verbose_name='楼宇'),
        ),
        migrations.AddIndex(
            model_name='alert',
            index=models.Index(fields=['building', '-period'], name='alert_building_newest'),
        ),
    ]

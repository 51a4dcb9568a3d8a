"""The registry list of a city or province officer, newest first, from one index
(docs/performance.md#perkasa-at-province-scale)."""

from django.db import migrations, models

from payung.core.migration_ops import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("perkasa", "0005_monitoring_appeals_api"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="registrant",
            index=models.Index(fields=["-created_at", "-id"], name="perkasa_reg_recent_idx"),
        ),
    ]

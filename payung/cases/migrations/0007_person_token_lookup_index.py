"""Name search by token at national scale: one (token, person) index serves the lookup
index-only and replaces the single-column token index (docs/performance.md)."""

from django.db import migrations, models

from payung.core.migration_ops import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0006_case_list_indexes"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="personnametoken",
            index=models.Index(fields=["token", "person"], name="person_token_lookup_idx"),
        ),
        migrations.AlterField(
            model_name="personnametoken",
            name="token",
            field=models.CharField(max_length=32),
        ),
    ]

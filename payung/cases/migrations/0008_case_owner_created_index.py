"""A case manager's own cases newest first, from one index (docs/performance.md)."""

from django.db import migrations, models

from payung.core.migration_ops import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0007_person_token_lookup_index"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="case",
            index=models.Index(
                fields=["owner", "-created_at", "-id"],
                include=["region_code"],
                name="case_owner_created_idx",
            ),
        ),
    ]

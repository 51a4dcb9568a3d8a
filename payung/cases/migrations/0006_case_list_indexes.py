"""Indexes for case lists at national scale (docs/performance.md): newest first by index,
and the running number. Built CONCURRENTLY on PostgreSQL so a live table is not locked."""

from django.db import migrations, models

from payung.core.migration_ops import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0005_unify_service_codes"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="case",
            index=models.Index(fields=["-created_at", "-id"], name="case_created_idx"),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="case",
            index=models.Index(fields=["sequence"], name="case_sequence_idx"),
        ),
    ]

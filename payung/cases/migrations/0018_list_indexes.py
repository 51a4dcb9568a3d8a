"""Indexes for the case lists at national scale (issue #16, docs/performance.md): open
deadlines by due date (the overdue filter and each row's badge) and each scope's cases in
creation order (deep pages). Built CONCURRENTLY on PostgreSQL."""

from django.db import migrations, models

from payung.core.migration_ops import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0017_case_processing_restricted_and_anonymised"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="case",
            index=models.Index(
                fields=["region_code", "created_at", "id"],
                opclasses=["varchar_pattern_ops", "timestamptz_ops", "int8_ops"],
                name="case_region_created_idx",
            ),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="casedeadline",
            index=models.Index(
                condition=models.Q(state="terbuka"),
                fields=["due_at", "case"],
                name="case_deadline_open_due_idx",
            ),
        ),
    ]

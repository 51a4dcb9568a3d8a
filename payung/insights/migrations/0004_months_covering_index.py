"""The months chart of a province or the country reads its 36 months from an index that
starts with the date (issue #13): the scope index, region first, made it read every year of
the province. The new index also replaces the date-only one. Built CONCURRENTLY before the
old one is dropped.
"""

from django.db import migrations, models

from payung.core.migration_ops import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("insights", "0003_covering_indexes"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="victimcasefact",
            index=models.Index(
                fields=["opened_on", "region_code"],
                include=("case_id",),
                name="insights_fact_opened_cover_idx",
                opclasses=["date_ops", "varchar_pattern_ops"],
            ),
        ),
        migrations.RemoveIndex(model_name="victimcasefact", name="insights_fact_opened_idx"),
    ]

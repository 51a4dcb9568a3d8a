"""The scope index of the cases carries what visibility tests (issue #16, measured at the
national million): ``restricted``, ``processing_restricted``, and the status and closing date
of the everyday list. The case list's capped count and the report list's check of each
report's case then read the index alone instead of the cases (58 ms and 121 ms for the
busiest kota of the national data set). Built CONCURRENTLY before the index it replaces (the
same key) is dropped.
"""

from django.db import migrations, models

from payung.core.migration_ops import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0021_empowerment_referral"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="case",
            index=models.Index(
                fields=["region_code", "created_at", "id"],
                include=("restricted", "processing_restricted", "status", "closed_at"),
                name="case_region_visible_idx",
                opclasses=["varchar_pattern_ops", "timestamptz_ops", "int8_ops"],
            ),
        ),
        migrations.RemoveIndex(model_name="case", name="case_region_created_idx"),
    ]

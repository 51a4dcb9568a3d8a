"""The summary tables' scope indexes become covering (issue #13, measured at the national
million): a province's dashboard counted ~25,000 rows per chart by reading each row from the
table; with the counted columns in the index (``INCLUDE``, PostgreSQL) it reads the index
alone. Each new index is built CONCURRENTLY before the one it replaces is dropped.
"""

from django.db import migrations, models

from payung.core.migration_ops import AddIndexConcurrentlyOnPostgres

NEW = {
    "deadlinefact": models.Index(
        fields=["region_code", "due_at"],
        include=("state", "met_at"),
        name="insights_deadline_cover_idx",
        opclasses=["varchar_pattern_ops", "timestamptz_ops"],
    ),
    "referralfact": models.Index(
        fields=["region_code", "completed_at"],
        include=("days",),
        name="insights_referral_cover_idx",
        opclasses=["varchar_pattern_ops", "timestamptz_ops"],
    ),
    "reportfact": models.Index(
        fields=["region_code", "received_at"],
        include=("triaged", "triage_hours", "triage_met"),
        name="insights_reportfact_cover_idx",
        opclasses=["varchar_pattern_ops", "timestamptz_ops"],
    ),
    "servicefact": models.Index(
        fields=["region_code", "delivered_on"],
        include=("simfoni_category", "case_id"),
        name="insights_servicefact_cover_idx",
        opclasses=["varchar_pattern_ops", "date_ops"],
    ),
    "victimcasefact": models.Index(
        fields=["region_code", "opened_on"],
        include=(
            "case_id",
            "violence_tags",
            "victim_age_group",
            "victim_sex",
            "place_category",
            "relationship",
        ),
        name="insights_fact_cover_idx",
        opclasses=["varchar_pattern_ops", "date_ops"],
    ),
}
OLD = {
    "deadlinefact": "insights_deadlinefact_idx",
    "referralfact": "insights_referralfact_idx",
    "reportfact": "insights_reportfact_idx",
    "servicefact": "insights_servicefact_idx",
    "victimcasefact": "insights_fact_scope_idx",
}


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("insights", "0002_kpi_summary_tables"),
    ]

    operations = [
        *(AddIndexConcurrentlyOnPostgres(model_name=m, index=i) for m, i in NEW.items()),
        *(migrations.RemoveIndex(model_name=m, name=n) for m, n in OLD.items()),
    ]

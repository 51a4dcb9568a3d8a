import django.db.models.deletion
from django.db import migrations, models

# The rows of every case already stored, from its people's name tokens and whole-name
# indexes (models.people.CaseNameToken); plain SQL that SQLite and PostgreSQL both run.
FILL = """
INSERT INTO cases_casenametoken (case_id, region_code, token)
SELECT p.case_id, c.region_code, t.token
FROM cases_caseparty p
JOIN cases_case c ON c.id = p.case_id
JOIN cases_personnametoken t ON t.person_id = p.person_id
UNION
SELECT p.case_id, c.region_code, pe.name_index
FROM cases_caseparty p
JOIN cases_case c ON c.id = p.case_id
JOIN cases_person pe ON pe.id = p.person_id
WHERE pe.name_index <> ''
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0022_case_region_visible_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseNameToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("region_code", models.CharField(max_length=13)),
                ("token", models.CharField(max_length=32)),
                (
                    "case",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="cases.case",
                    ),
                ),
            ],
            options={
                "verbose_name": "token nama kasus",
                "verbose_name_plural": "token nama kasus",
                "indexes": [
                    models.Index(
                        fields=["token", "region_code"],
                        include=("case",),
                        name="case_name_token_region_idx",
                        opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
                    ),
                    models.Index(fields=["case", "token"], name="case_name_token_case_idx"),
                ],
            },
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]

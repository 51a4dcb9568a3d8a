"""A staff member's organisation is now ``partners.Organisation`` (the same table,
``care_organisation``): state only, the column and its constraint stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_account_approval"),
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="user",
                    name="organisation",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Wajib untuk staf penyedia layanan dan staf rumah aman.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="staff",
                        to="partners.organisation",
                        verbose_name="lembaga",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]

"""The service catalogue and partner organisations now live in ``partners`` (same tables).

State only: care's foreign keys point at ``partners.Service`` / ``partners.Organisation``
and the old models leave care's state. No table, column, constraint or row changes.
"""

import django.db.models.deletion
from django.db import migrations, models

FK = django.db.models.deletion.PROTECT


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0007_service_labels_in_indonesian"),
        ("partners", "0001_initial"),
        # The user's foreign key must leave care.Organisation before that model goes.
        ("accounts", "0005_user_organisation_in_partners"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="shelter",
                    name="organisation",
                    field=models.OneToOneField(
                        limit_choices_to={"kind": "rumah_aman"},
                        on_delete=FK,
                        related_name="shelter",
                        to="partners.organisation",
                        verbose_name="lembaga",
                    ),
                ),
                migrations.AlterField(
                    model_name="referral",
                    name="organisation",
                    field=models.ForeignKey(
                        on_delete=FK,
                        related_name="referrals",
                        to="partners.organisation",
                        verbose_name="lembaga tujuan",
                    ),
                ),
                migrations.AlterField(
                    model_name="referral",
                    name="service",
                    field=models.ForeignKey(
                        on_delete=FK,
                        related_name="referrals",
                        to="partners.service",
                        verbose_name="layanan",
                    ),
                ),
                migrations.AlterField(
                    model_name="servicerecord",
                    name="organisation",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=FK,
                        related_name="service_records",
                        to="partners.organisation",
                        verbose_name="lembaga penyedia",
                    ),
                ),
                migrations.AlterField(
                    model_name="servicerecord",
                    name="service",
                    field=models.ForeignKey(
                        on_delete=FK,
                        related_name="records",
                        to="partners.service",
                        verbose_name="layanan",
                    ),
                ),
                migrations.AlterField(
                    model_name="task",
                    name="service",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=FK,
                        related_name="+",
                        to="partners.service",
                        verbose_name="layanan",
                    ),
                ),
                migrations.AlterField(
                    model_name="visumletter",
                    name="organisation",
                    field=models.ForeignKey(
                        on_delete=FK,
                        related_name="visum_letters",
                        to="partners.organisation",
                        verbose_name="ditujukan kepada",
                    ),
                ),
                migrations.DeleteModel(name="Organisation"),
                migrations.DeleteModel(name="Service"),
            ],
            database_operations=[],
        ),
    ]

"""Casework and care share one list of service codes (``payung.care.choices.ServiceCode``).

Cases used to spell two services its own way: ``bantuan_hukum`` (now ``hukum``) and
``tokoh_agama`` (now ``rohani``). Stored plan items are converted; the reverse converts back.
Values are literals: a data migration never imports application code.
"""

from django.db import migrations, models

FORWARD = {"bantuan_hukum": "hukum", "tokoh_agama": "rohani"}


def _convert(apps, mapping):
    PlanItem = apps.get_model("cases", "PlanItem")
    for old, new in mapping.items():
        PlanItem.objects.filter(service=old).update(service=new)


def forward(apps, schema_editor):
    _convert(apps, FORWARD)


def backward(apps, schema_editor):
    _convert(apps, {new: old for old, new in FORWARD.items()})


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_seed_case_deadline_rules")]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.AlterField(
            model_name="planitem",
            name="service",
            field=models.CharField(
                choices=[
                    ("pengaduan", "Penanganan pengaduan"),
                    ("medis", "Layanan medis"),
                    ("medikolegal", "Layanan medikolegal"),
                    ("psikososial", "Layanan psikososial"),
                    ("hukum", "Bantuan hukum"),
                    ("rohani", "Layanan tokoh agama"),
                    ("reintegrasi", "Pemulangan / reintegrasi"),
                    ("kunjungan_rumah", "Kunjungan rumah (home visit)"),
                    ("rumah_aman", "Rumah aman (tempat aman)"),
                    ("visum", "Visum gratis"),
                ],
                max_length=20,
                verbose_name="layanan",
            ),
        ),
    ]

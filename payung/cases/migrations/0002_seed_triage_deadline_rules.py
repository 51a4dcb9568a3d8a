"""Default triage response deadlines (docs/domain.md#deadlines); the system admin edits them."""

from __future__ import annotations

from django.db import migrations

RULES = [
    ("tinggi", 0, False, "Risiko tinggi: dilayani segera (alur layanan UPTD PPA, Permen PPPA 2/2022)."),
    ("sedang", 6, False, "Risiko sedang: ditangani dalam sekitar 6 jam."),
    ("rendah", 72, True, "Risiko rendah: ditindaklanjuti dalam 3 hari kerja (standar layanan yang dipublikasikan salah satu kota)."),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("cases", "TriageDeadlineRule")
    for level, hours, working_days, basis in RULES:
        Rule.objects.get_or_create(
            risk_level=level, defaults={"hours": hours, "working_days": working_days, "basis": basis}
        )


def unseed(apps, schema_editor):
    apps.get_model("cases", "TriageDeadlineRule").objects.filter(risk_level__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]

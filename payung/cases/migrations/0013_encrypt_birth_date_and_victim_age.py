"""Encrypt a person's birth date and a report's victim age (issue #14).

The clear columns are renamed, the encrypted ones added and filled in batches, the clear
ones dropped. ``birth_year`` stays in clear for counting by age.
"""

from django.db import migrations, models

import payung.core.fields


def encrypt_values(apps, schema_editor):
    Person = apps.get_model("cases", "Person")
    Report = apps.get_model("cases", "Report")
    batch = []
    for person in Person.objects.exclude(birth_date_clear=None).only("pk", "birth_date_clear").iterator(
        chunk_size=1000
    ):
        person.birth_date = person.birth_date_clear
        person.birth_year = person.birth_date_clear.year
        batch.append(person)
        if len(batch) >= 1000:
            Person.objects.bulk_update(batch, ["birth_date", "birth_year"])
            batch = []
    Person.objects.bulk_update(batch, ["birth_date", "birth_year"])
    batch = []
    for report in Report.objects.exclude(victim_age_clear=None).only("pk", "victim_age_clear").iterator(
        chunk_size=1000
    ):
        report.victim_age = report.victim_age_clear
        batch.append(report)
        if len(batch) >= 1000:
            Report.objects.bulk_update(batch, ["victim_age"])
            batch = []
    Report.objects.bulk_update(batch, ["victim_age"])


def decrypt_values(apps, schema_editor):
    Person = apps.get_model("cases", "Person")
    Report = apps.get_model("cases", "Report")
    for person in Person.objects.exclude(birth_date=None).only("pk", "birth_date").iterator():
        Person.objects.filter(pk=person.pk).update(birth_date_clear=person.birth_date)
    for report in Report.objects.exclude(victim_age=None).only("pk", "victim_age").iterator():
        Report.objects.filter(pk=report.pk).update(victim_age_clear=report.victim_age)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_report_perpetrator_and_kdrt"),
    ]

    operations = [
        migrations.RenameField("person", "birth_date", "birth_date_clear"),
        migrations.RenameField("report", "victim_age", "victim_age_clear"),
        migrations.AddField(
            model_name="person",
            name="birth_date",
            field=payung.core.fields.EncryptedDateField(
                blank=True, null=True, verbose_name="tanggal lahir"
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="birth_year",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="tahun lahir"),
        ),
        migrations.AddField(
            model_name="report",
            name="victim_age",
            field=payung.core.fields.EncryptedIntegerField(
                blank=True, null=True, verbose_name="usia korban"
            ),
        ),
        migrations.RunPython(encrypt_values, decrypt_values),
        migrations.RemoveField("person", "birth_date_clear"),
        migrations.RemoveField("report", "victim_age_clear"),
    ]

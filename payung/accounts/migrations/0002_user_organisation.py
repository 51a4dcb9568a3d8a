import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("care", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                help_text="Wajib untuk staf penyedia layanan dan staf rumah aman.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="staff",
                to="care.organisation",
                verbose_name="lembaga",
            ),
        ),
    ]

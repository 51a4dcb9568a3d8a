"""Overrides, appeals, re-assessments, graduation and follow-ups, idempotent API writes; and
monitoring policy version 1 (re-assess every 6 months; graduate after two consecutive
assessments above "rentan" and a business running six months; follow up at 6 and 12 months)."""

import django.db.models.deletion
import payung.core.fields
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def publish_policy_v1(apps, schema_editor):
    MonitoringPolicy = apps.get_model("perkasa", "MonitoringPolicy")
    if MonitoringPolicy.objects.filter(version=1).exists():
        return
    MonitoringPolicy.objects.create(
        version=1,
        reassess_months=6,
        criteria={"above_category": "rentan", "consecutive": 2, "business_months": 6},
        followup_months=[6, 12],
        notes="Kebijakan awal (issue #12): dua penilaian berturut-turut di atas rentan dan usaha berjalan enam bulan.",
        published_at=timezone.now(),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('perkasa', '0004_programmes_in_the_field'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='MonitoringPolicy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(unique=True, verbose_name='versi')),
                ('reassess_months', models.PositiveSmallIntegerField(default=6, verbose_name='penilaian ulang tiap (bulan)')),
                ('criteria', models.JSONField(default=dict, verbose_name='kriteria kelulusan')),
                ('followup_months', models.JSONField(default=list, verbose_name='tindak lanjut setelah lulus (bulan)')),
                ('notes', models.TextField(blank=True, verbose_name='catatan')),
                ('published_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'ordering': ('-version',),
            },
        ),
        migrations.CreateModel(
            name='ApiWrite',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key_hash', models.CharField(max_length=64, unique=True)),
                ('operation', models.CharField(max_length=40)),
                ('fingerprint', models.CharField(max_length=64)),
                ('object_id', models.PositiveBigIntegerField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'indexes': [models.Index(fields=['created_at'], name='perkasa_apiwrite_age_idx')],
            },
        ),
        migrations.CreateModel(
            name='Appeal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, editable=False, max_length=13)),
                ('received_on', models.DateField(verbose_name='tanggal diterima')),
                ('grounds', payung.core.fields.EncryptedTextField(verbose_name='alasan keberatan')),
                ('due_on', models.DateField(verbose_name='batas keputusan')),
                ('state', models.CharField(choices=[('menunggu', 'Menunggu keputusan'), ('diterima', 'Diterima'), ('ditolak', 'Ditolak')], default='menunggu', max_length=10)),
                ('outcome_category', models.CharField(blank=True, choices=[('sangat_miskin', 'Sangat miskin'), ('miskin', 'Miskin'), ('rentan', 'Rentan'), ('tidak_miskin', 'Tidak miskin')], max_length=16, verbose_name='kategori baru')),
                ('outcome_status', models.CharField(blank=True, choices=[('pra_daftar', 'Pra-daftar'), ('terverifikasi', 'Terverifikasi'), ('layak', 'Layak'), ('tidak_layak', 'Tidak layak'), ('peserta', 'Peserta'), ('lulus', 'Lulus'), ('keluar', 'Keluar'), ('digabung', 'Digabung (duplikat)')], max_length=16, verbose_name='status baru')),
                ('decision_reason', payung.core.fields.EncryptedTextField(blank=True, verbose_name='alasan keputusan')),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('registrant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='appeals', to='perkasa.registrant')),
            ],
            options={
                'ordering': ('due_on', 'id'),
            },
        ),
        migrations.CreateModel(
            name='Assessment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('assessed_on', models.DateField(verbose_name='tanggal penilaian')),
                ('facts', models.JSONField(default=dict)),
                ('total', models.IntegerField(verbose_name='skor')),
                ('category', models.CharField(choices=[('sangat_miskin', 'Sangat miskin'), ('miskin', 'Miskin'), ('rentan', 'Rentan'), ('tidak_miskin', 'Tidak miskin')], max_length=16, verbose_name='kategori')),
                ('breakdown', models.JSONField(default=list)),
                ('note', payung.core.fields.EncryptedTextField(blank=True, verbose_name='catatan')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('model', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='perkasa.scoringmodel')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('registrant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assessments', to='perkasa.registrant')),
            ],
            options={
                'ordering': ('-assessed_on', '-id'),
            },
        ),
        migrations.CreateModel(
            name='CategoryOverride',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_category', models.CharField(blank=True, choices=[('sangat_miskin', 'Sangat miskin'), ('miskin', 'Miskin'), ('rentan', 'Rentan'), ('tidak_miskin', 'Tidak miskin')], max_length=16, verbose_name='kategori menurut skor')),
                ('category', models.CharField(choices=[('sangat_miskin', 'Sangat miskin'), ('miskin', 'Miskin'), ('rentan', 'Rentan'), ('tidak_miskin', 'Tidak miskin')], max_length=16, verbose_name='kategori usulan')),
                ('reason', payung.core.fields.EncryptedTextField(verbose_name='alasan')),
                ('state', models.CharField(choices=[('diusulkan', 'Menunggu persetujuan'), ('disetujui', 'Disetujui'), ('ditolak', 'Ditolak')], default='diusulkan', max_length=10)),
                ('proposed_at', models.DateTimeField(auto_now_add=True)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('decision_note', payung.core.fields.EncryptedTextField(blank=True, verbose_name='catatan keputusan')),
                ('appeal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='perkasa.appeal')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('proposed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('registrant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='overrides', to='perkasa.registrant')),
                ('score', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='perkasa.score')),
            ],
            options={
                'ordering': ('-proposed_at', '-id'),
            },
        ),
        migrations.CreateModel(
            name='Graduation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('graduated_on', models.DateField(verbose_name='tanggal lulus')),
                ('reason', payung.core.fields.EncryptedTextField(verbose_name='alasan')),
                ('criteria_results', models.JSONField(default=list)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('registrant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='graduations', to='perkasa.registrant')),
                ('policy', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='perkasa.monitoringpolicy')),
            ],
            options={
                'ordering': ('-graduated_on', '-id'),
            },
        ),
        migrations.CreateModel(
            name='FollowUp',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, editable=False, max_length=13)),
                ('months', models.PositiveSmallIntegerField(verbose_name='bulan setelah lulus')),
                ('due_on', models.DateField(verbose_name='jatuh tempo')),
                ('done_on', models.DateField(blank=True, null=True, verbose_name='tanggal dilakukan')),
                ('relapse', models.BooleanField(default=False, verbose_name='kembali rentan')),
                ('outcome', payung.core.fields.EncryptedTextField(blank=True, verbose_name='hasil')),
                ('assessment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='perkasa.assessment')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('registrant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='perkasa.registrant')),
                ('graduation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='followups', to='perkasa.graduation')),
            ],
            options={
                'ordering': ('due_on', 'id'),
            },
        ),
        migrations.AddIndex(
            model_name='appeal',
            index=models.Index(fields=['state', 'due_on'], name='perkasa_appeal_due_idx'),
        ),
        migrations.AddIndex(
            model_name='assessment',
            index=models.Index(fields=['registrant', '-assessed_on'], name='perkasa_assess_reg_idx'),
        ),
        migrations.AddConstraint(
            model_name='categoryoverride',
            constraint=models.UniqueConstraint(condition=models.Q(('state', 'diusulkan')), fields=('registrant',), name='perkasa_one_pending_override'),
        ),
        migrations.AddConstraint(
            model_name='followup',
            constraint=models.UniqueConstraint(fields=('graduation', 'months'), name='perkasa_followup_once'),
        ),
        migrations.RunPython(publish_policy_v1, migrations.RunPython.noop),
    ]

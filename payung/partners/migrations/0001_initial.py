"""The service catalogue and partner organisations move from ``care`` to ``partners``.

State only: the tables stay where they are (``care_service``, ``care_organisation``,
``care_organisation_services``, named by ``Meta.db_table`` and the M2M's ``db_table``) and no
row is copied. ``care.0005`` and ``accounts.0005`` then point their foreign keys at the
models here and ``care.0005`` removes the old models from the state, again without touching
the database.
"""

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('regions', '0002_kota_pasuruan_reference'),
        # The tables were created (and the catalogue seeded) by care's migrations.
        ('care', '0007_service_labels_in_indonesian'),
    ]

    state_operations = [
        migrations.CreateModel(
            name='Service',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(choices=[('pengaduan', 'Penanganan pengaduan'), ('medis', 'Layanan medis'), ('medikolegal', 'Layanan medikolegal'), ('psikososial', 'Layanan psikososial'), ('hukum', 'Bantuan hukum'), ('rohani', 'Layanan tokoh agama'), ('reintegrasi', 'Pemulangan / reintegrasi'), ('kunjungan_rumah', 'Kunjungan rumah'), ('rumah_aman', 'Rumah aman (tempat aman)'), ('visum', 'Visum gratis')], max_length=30, unique=True, verbose_name='kode')),
                ('simfoni_category', models.CharField(choices=[('pengaduan', 'Pengaduan'), ('kesehatan', 'Kesehatan'), ('bantuan_hukum', 'Bantuan hukum'), ('penegakan_hukum', 'Penegakan hukum'), ('rehabilitasi_sosial', 'Rehabilitasi sosial'), ('reintegrasi_sosial', 'Reintegrasi sosial'), ('pemulangan', 'Pemulangan'), ('pendampingan_tokoh_agama', 'Pendampingan tokoh agama')], max_length=30, verbose_name='kategori SIMFONI-PPA')),
                ('simfoni_alternatives', models.JSONField(blank=True, default=list, verbose_name='kategori SIMFONI-PPA lain yang boleh dipakai')),
                ('description', models.TextField(blank=True, help_text='Penjelasan singkat layanan untuk staf dan mitra, dalam Bahasa Indonesia.', verbose_name='keterangan')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='urutan')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='diubah')),
            ],
            options={
                'verbose_name': 'layanan',
                'verbose_name_plural': 'layanan',
                'db_table': 'care_service',
                'ordering': ['position', 'code'],
                'constraints': [models.CheckConstraint(condition=models.Q(('code__in', ['pengaduan', 'medis', 'medikolegal', 'psikososial', 'hukum', 'rohani', 'reintegrasi', 'kunjungan_rumah', 'rumah_aman', 'visum'])), name='care_service_code_known'), models.CheckConstraint(condition=models.Q(('simfoni_category__in', ['pengaduan', 'kesehatan', 'bantuan_hukum', 'penegakan_hukum', 'rehabilitasi_sosial', 'reintegrasi_sosial', 'pemulangan', 'pendampingan_tokoh_agama'])), name='care_service_simfoni_category_known')],
            },
        ),
        migrations.CreateModel(
            name='Organisation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='dibuat')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='diubah')),
                ('kind', models.CharField(choices=[('puskesmas', 'Puskesmas'), ('rsud', 'Rumah sakit (RSUD)'), ('unit_ppa', 'Unit PPA kepolisian'), ('lbh', 'Lembaga bantuan hukum (LBH)'), ('psikolog', 'Psikolog'), ('kua', 'KUA / Kemenag (konselor agama)'), ('rumah_aman', 'Rumah aman'), ('sekolah', 'Sekolah'), ('dinsos', 'Dinas Sosial'), ('lainnya', 'Lainnya')], max_length=20, verbose_name='jenis')),
                ('name', models.CharField(max_length=150, verbose_name='nama')),
                ('region_code', models.CharField(db_index=True, max_length=13, verbose_name='kode wilayah')),
                ('address', models.CharField(blank=True, help_text='Alamat kantor. Untuk rumah aman dikosongkan: alamatnya dirahasiakan.', max_length=300, verbose_name='alamat')),
                ('contact_name', models.CharField(blank=True, max_length=150, verbose_name='nama narahubung')),
                ('phone', models.CharField(blank=True, max_length=40, verbose_name='telepon')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail')),
                ('is_active', models.BooleanField(default=True, help_text='Lembaga nonaktif tidak menerima rujukan; stafnya tidak dapat melihat apa pun.', verbose_name='aktif')),
                ('region', models.ForeignKey(help_text='Kelurahan tempat lembaga berada, atau kota bila melayani seluruh kota.', on_delete=django.db.models.deletion.PROTECT, related_name='organisations', to='regions.region', verbose_name='wilayah')),
                ('services', models.ManyToManyField(blank=True, db_table='care_organisation_services', related_name='organisations', to='partners.service', verbose_name='layanan yang diberikan')),
            ],
            options={
                'verbose_name': 'lembaga mitra',
                'verbose_name_plural': 'lembaga mitra',
                'db_table': 'care_organisation',
                'ordering': ['name'],
                'indexes': [models.Index(fields=['kind', 'is_active'], name='care_organi_kind_42c4e8_idx')],
                'constraints': [models.UniqueConstraint(django.db.models.functions.text.Lower('name'), name='care_organisation_name_unique'), models.CheckConstraint(condition=models.Q(models.Q(('kind', 'rumah_aman'), _negated=True), ('address', ''), _connector='OR'), name='care_shelter_has_no_public_address')],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[]),
    ]

"""Every ``ServiceCode`` has its row in the catalogue (``partners.Service``).

``care/migrations/0002_seed_service_catalogue.py`` seeded the ten rows when the catalogue
was care's; this migration is the partner registry's own guarantee: it creates the row of any
code that has none and leaves existing rows alone (the system admin may have edited their
description or SIMFONI-PPA mapping). A service added to ``ServiceCode`` later is added here
the same way, in a new migration. Values are literals: a data migration never imports
application code (tests/partners/test_registry.py checks they agree with the enum).
"""

from django.db import migrations

SERVICES = [
    (
        "pengaduan",
        "pengaduan",
        [],
        "Menerima dan mencatat pengaduan kekerasan terhadap perempuan dan anak dari korban, "
        "keluarga, atau warga; identifikasi awal, penilaian risiko, dan tindak lanjut.",
    ),
    (
        "medis",
        "kesehatan",
        [],
        "Pemeriksaan dan perawatan kesehatan korban di puskesmas atau rumah sakit mitra.",
    ),
    (
        "medikolegal",
        "kesehatan",
        [],
        "Pemeriksaan medis untuk kepentingan hukum, termasuk pendampingan ke dokter forensik "
        "dan penyimpanan bukti medis.",
    ),
    (
        "psikososial",
        "rehabilitasi_sosial",
        [],
        "Konseling dan pemulihan psikologis korban oleh psikolog atau konselor, termasuk "
        "dukungan bagi keluarga.",
    ),
    (
        "hukum",
        "bantuan_hukum",
        ["penegakan_hukum"],
        "Konsultasi dan pendampingan hukum oleh LBH atau advokat, serta pendampingan korban "
        "saat melapor ke polisi dan selama proses peradilan.",
    ),
    (
        "rohani",
        "pendampingan_tokoh_agama",
        [],
        "Pendampingan rohani oleh tokoh agama atau konselor KUA/Kemenag sesuai keyakinan korban.",
    ),
    (
        "reintegrasi",
        "reintegrasi_sosial",
        ["pemulangan"],
        "Memulangkan korban ke keluarga atau daerah asal dan membantunya kembali ke sekolah, "
        "pekerjaan, dan lingkungan sosial.",
    ),
    (
        "kunjungan_rumah",
        "rehabilitasi_sosial",
        ["pengaduan"],
        "Kunjungan petugas ke rumah korban untuk memantau keadaan dan keamanan korban serta "
        "dukungan keluarga.",
    ),
    (
        "rumah_aman",
        "rehabilitasi_sosial",
        [],
        "Tempat tinggal sementara yang aman dan dirahasiakan bagi korban yang terancam bahaya.",
    ),
    (
        "visum",
        "kesehatan",
        [],
        "Visum et repertum tanpa biaya bagi korban, atas permintaan penyidik, di rumah sakit mitra.",
    ),
]


def seed(apps, schema_editor):
    Service = apps.get_model("partners", "Service")
    for position, (code, category, alternatives, description) in enumerate(SERVICES, start=1):
        Service.objects.get_or_create(
            code=code,
            defaults={
                "simfoni_category": category,
                "simfoni_alternatives": alternatives,
                "description": description,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    # Reversing creates nothing back: the rows were care's seed's before this ran.
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

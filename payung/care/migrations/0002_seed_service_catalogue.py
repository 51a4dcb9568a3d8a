"""The ten services of P2TP2A / UPTD PPA Kota Pasuruan and their SIMFONI-PPA categories.

The mapping (docs/care.md explains each choice):

| code            | SIMFONI-PPA category       | may also be recorded as |
|-----------------|----------------------------|-------------------------|
| pengaduan       | pengaduan                  |                         |
| medis           | kesehatan                  |                         |
| medikolegal     | kesehatan                  |                         |
| psikososial     | rehabilitasi sosial        |                         |
| hukum           | bantuan hukum              | penegakan hukum         |
| rohani          | pendampingan tokoh agama   |                         |
| reintegrasi     | reintegrasi sosial         | pemulangan              |
| kunjungan_rumah | rehabilitasi sosial        | pengaduan               |
| rumah_aman      | rehabilitasi sosial        |                         |
| visum           | kesehatan                  |                         |

Values are written here as literals: a data migration never imports application code.
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
    Service = apps.get_model("care", "Service")
    for position, (code, category, alternatives, description) in enumerate(SERVICES, start=1):
        Service.objects.update_or_create(
            code=code,
            defaults={
                "simfoni_category": category,
                "simfoni_alternatives": alternatives,
                "description": description,
                "position": position,
            },
        )


def unseed(apps, schema_editor):
    Service = apps.get_model("care", "Service")
    Service.objects.filter(code__in=[row[0] for row in SERVICES]).delete()


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

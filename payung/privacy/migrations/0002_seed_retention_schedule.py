"""The retention schedule's first rows (docs/dpia.md#retention). The DPO edits them later;
rows the DPO changed are left alone if this runs again."""

from __future__ import annotations

from django.db import migrations

ROWS = [
    (
        "laporan_bukan_kasus",
        24,
        "tanggal laporan dinilai bukan kasus",
        "dianonimkan: identitas, kontak, kronologi dan lampiran dikosongkan; kategori disimpan",
        "UU 27/2022 PDP Pasal 16 ayat (2) huruf h dan Pasal 43: data tidak lagi diperlukan",
        True,
    ),
    (
        "kasus_ditutup",
        60,
        "tanggal kasus ditutup (tidak ditahan karena perkara)",
        "dianonimkan: identitas, indeks buta, token nama, alamat, kronologi, catatan dan lampiran "
        "dikosongkan; tanggal lahir menjadi kelompok usia; fakta statistik disimpan",
        "UU 27/2022 PDP Pasal 16 ayat (2), Pasal 43–44; masa 5 tahun mengikuti daluwarsa "
        "penuntutan yang umum (KUHP Pasal 78) — ditinjau DPO",
        True,
    ),
    (
        "cuplikan_rujukan",
        60,
        "tanggal kasus ditutup",
        "data yang dibagikan kepada lembaga dikosongkan bersama kasusnya; lembaga mitra wajib "
        "memusnahkan salinannya menurut perjanjian berbagi data",
        "UU 27/2022 PDP Pasal 37 dan perjanjian berbagi data",
        True,
    ),
    (
        "lampiran",
        60,
        "tanggal kasus ditutup atau laporan dinilai bukan kasus",
        "isi berkas terenkripsi dikosongkan bersama kasus atau laporannya",
        "UU 27/2022 PDP Pasal 43–44",
        True,
    ),
    (
        "ip_laporan",
        0,
        "pengiriman laporan",
        "hitungan pembatas laju per alamat hanya di cache dan kedaluwarsa sendiri "
        "(REPORT_RATE_WINDOW_SECONDS); alamat IP yang tercatat di jejak audit mengikuti "
        "rincian log akses",
        "UU 27/2022 PDP Pasal 16 ayat (2) huruf b: pengumpulan terbatas",
        False,
    ),
    (
        "rincian_log_akses",
        120,
        "waktu pencatatan",
        "tidak diubah: rantai hash hanya menyimpan nomor kasus dan id baris (nama pengguna "
        "staf, tanpa nama korban), sehingga tetap dapat diverifikasi setelah anonimisasi",
        "UU 27/2022 PDP Pasal 31 (rekam jejak pemrosesan); Pasal 35 (keamanan)",
        False,
    ),
]


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    for record_type, months, trigger, action, basis, automated in ROWS:
        RetentionRule.objects.get_or_create(
            record_type=record_type,
            defaults={
                "months": months,
                "trigger": trigger,
                "action": action,
                "basis": basis,
                "automated": automated,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_registers")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

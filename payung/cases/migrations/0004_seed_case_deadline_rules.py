"""Seed the case deadline rules of docs/domain.md#deadlines with their legal basis (admin edits)."""

from django.db import migrations

RULES = [
    # code, name, trigger, hours, working_days, tracks_protection, protection_days, basis
    (
        "respons-risiko-tinggi",
        "Respons pertama (risiko tinggi)",
        "risiko_tinggi",
        0,
        False,
        False,
        None,
        "Standar layanan UPTD PPA (Permen PPPA 2/2022): kasus berisiko tinggi dilayani segera.",
    ),
    (
        "respons-risiko-sedang",
        "Respons pertama (risiko sedang)",
        "risiko_sedang",
        6,
        False,
        False,
        None,
        "Standar pelayanan kota: risiko sedang direspons dalam sekitar 6 jam.",
    ),
    (
        "respons-risiko-rendah",
        "Tindak lanjut pertama (risiko rendah)",
        "risiko_rendah",
        72,
        True,
        False,
        None,
        "Standar pelayanan kota: risiko rendah ditindaklanjuti dalam 3 hari kerja.",
    ),
    (
        "asesmen",
        "Asesmen biopsikososial",
        "kasus_dibuka",
        72,
        True,
        False,
        None,
        "Permen PPPA 2/2022 (alur layanan UPTD PPA): asesmen kebutuhan fisik, psikologis, "
        "sosial, ekonomi dan pendidikan setelah identifikasi. Batas 3 hari kerja adalah "
        "standar kota dan dapat diubah.",
    ),
    (
        "rencana-intervensi",
        "Rencana intervensi disepakati",
        "kasus_dibuka",
        168,
        False,
        False,
        None,
        "Permen PPPA 2/2022: rencana intervensi disusun bersama korban (dan wali bagi anak). "
        "Batas 7 hari adalah standar kota dan dapat diubah.",
    ),
    (
        "tpks-laporan-polisi",
        "Laporan ke kepolisian oleh UPTD PPA (TPKS)",
        "tpks",
        72,
        False,
        False,
        None,
        "UU 12/2022 tentang TPKS Pasal 41: UPTD PPA melaporkan kepada kepolisian paling lambat "
        "3×24 jam sejak korban melapor.",
    ),
    (
        "tpks-perlindungan-sementara",
        "Perlindungan sementara oleh kepolisian (TPKS)",
        "tpks",
        24,
        False,
        True,
        14,
        "UU 12/2022 Pasal 42: dalam 1×24 jam sejak menerima laporan, kepolisian dapat "
        "memberikan perlindungan sementara, paling lama 14 hari.",
    ),
    (
        "tpks-permintaan-lpsk",
        "Permintaan perlindungan kepada LPSK (TPKS)",
        "tpks",
        24,
        False,
        True,
        None,
        "UU 12/2022 Pasal 43: dalam 1×24 jam kepolisian wajib mengajukan permintaan "
        "perlindungan kepada LPSK.",
    ),
    (
        "kdrt-perlindungan-sementara",
        "Perlindungan sementara oleh kepolisian (KDRT)",
        "kdrt",
        24,
        False,
        True,
        7,
        "UU 23/2004 tentang PKDRT Pasal 16 ayat (1)–(2): dalam 1×24 jam sejak mengetahui atau "
        "menerima laporan, kepolisian wajib memberikan perlindungan sementara, paling lama 7 "
        "hari.",
    ),
    (
        "kdrt-permohonan-perintah-perlindungan",
        "Permohonan penetapan perintah perlindungan ke pengadilan (KDRT)",
        "kdrt",
        24,
        False,
        True,
        None,
        "UU 23/2004 Pasal 16 ayat (3): dalam 1×24 jam sejak pemberian perlindungan sementara, "
        "kepolisian wajib meminta surat penetapan perintah perlindungan dari pengadilan.",
    ),
    (
        "evaluasi-pemantauan",
        "Evaluasi pemantauan",
        "pemantauan",
        720,
        False,
        False,
        None,
        "Permen PPPA 2/2022: pemantauan dan evaluasi sebelum terminasi. Batas 30 hari sejak "
        "masuk tahap pemantauan adalah standar kota dan dapat diubah.",
    ),
]


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    for order, (code, name, trigger, hours, working, tracks, days, basis) in enumerate(RULES):
        DeadlineRule.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "trigger": trigger,
                "hours": hours,
                "working_days": working,
                "tracks_protection": tracks,
                "protection_days": days,
                "basis": basis,
                "order": order,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("cases", "DeadlineRule").objects.filter(
        code__in=[rule[0] for rule in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_casework")]

    operations = [migrations.RunPython(seed, unseed)]

"""Indonesia's national holidays and cuti bersama for 2025–2027 (docs/domain.md#working-days).

2025: SKB Menag, Menaker, MenPAN-RB No. 1017/2024, 2/2024, 2/2024, amended by No. 933/2025,
1/2025, 3/2025 (adds cuti bersama on 18 August 2025).
2026: SKB No. 1497/2025, 2/2025, 5/2025 (19 September 2025).
2027: no decree when this was written. The fixed dates are certain; the lunar dates (Islamic,
Chinese, Balinese Saka, Buddhist) are expected dates, and no cuti bersama is seeded. Every
2027 row is marked provisional: the system admin corrects them and adds the cuti bersama
from the SKB for 2027 on the holiday page.

Rows already present (edited by the admin) are left alone.
"""

from django.db import migrations

N = "nasional"
C = "cuti_bersama"

HOLIDAYS = [
    # --- 2025 -------------------------------------------------------------------------------
    ("2025-01-01", N, "Tahun Baru 2025 Masehi"),
    ("2025-01-27", N, "Isra Mikraj Nabi Muhammad SAW"),
    ("2025-01-28", C, "Cuti bersama Tahun Baru Imlek 2576 Kongzili"),
    ("2025-01-29", N, "Tahun Baru Imlek 2576 Kongzili"),
    ("2025-03-28", C, "Cuti bersama Hari Suci Nyepi (Tahun Baru Saka 1947)"),
    ("2025-03-29", N, "Hari Suci Nyepi (Tahun Baru Saka 1947)"),
    ("2025-03-31", N, "Idul Fitri 1446 Hijriah"),
    ("2025-04-01", N, "Idul Fitri 1446 Hijriah"),
    ("2025-04-02", C, "Cuti bersama Idul Fitri 1446 Hijriah"),
    ("2025-04-03", C, "Cuti bersama Idul Fitri 1446 Hijriah"),
    ("2025-04-04", C, "Cuti bersama Idul Fitri 1446 Hijriah"),
    ("2025-04-07", C, "Cuti bersama Idul Fitri 1446 Hijriah"),
    ("2025-04-18", N, "Wafat Yesus Kristus"),
    ("2025-04-20", N, "Kebangkitan Yesus Kristus (Paskah)"),
    ("2025-05-01", N, "Hari Buruh Internasional"),
    ("2025-05-12", N, "Hari Raya Waisak 2569 BE"),
    ("2025-05-13", C, "Cuti bersama Hari Raya Waisak 2569 BE"),
    ("2025-05-29", N, "Kenaikan Yesus Kristus"),
    ("2025-05-30", C, "Cuti bersama Kenaikan Yesus Kristus"),
    ("2025-06-01", N, "Hari Lahir Pancasila"),
    ("2025-06-06", N, "Idul Adha 1446 Hijriah"),
    ("2025-06-09", C, "Cuti bersama Idul Adha 1446 Hijriah"),
    ("2025-06-27", N, "1 Muharam Tahun Baru Islam 1447 Hijriah"),
    ("2025-08-17", N, "Proklamasi Kemerdekaan"),
    ("2025-08-18", C, "Cuti bersama HUT ke-80 Kemerdekaan RI"),
    ("2025-09-05", N, "Maulid Nabi Muhammad SAW"),
    ("2025-12-25", N, "Kelahiran Yesus Kristus"),
    ("2025-12-26", C, "Cuti bersama Kelahiran Yesus Kristus"),
    # --- 2026 -------------------------------------------------------------------------------
    ("2026-01-01", N, "Tahun Baru 2026 Masehi"),
    ("2026-01-16", N, "Isra Mikraj Nabi Muhammad SAW"),
    ("2026-02-16", C, "Cuti bersama Tahun Baru Imlek 2577 Kongzili"),
    ("2026-02-17", N, "Tahun Baru Imlek 2577 Kongzili"),
    ("2026-03-18", C, "Cuti bersama Hari Suci Nyepi (Tahun Baru Saka 1948)"),
    ("2026-03-19", N, "Hari Suci Nyepi (Tahun Baru Saka 1948)"),
    ("2026-03-20", C, "Cuti bersama Idul Fitri 1447 Hijriah"),
    ("2026-03-21", N, "Idul Fitri 1447 Hijriah"),
    ("2026-03-22", N, "Idul Fitri 1447 Hijriah"),
    ("2026-03-23", C, "Cuti bersama Idul Fitri 1447 Hijriah"),
    ("2026-03-24", C, "Cuti bersama Idul Fitri 1447 Hijriah"),
    ("2026-04-03", N, "Wafat Yesus Kristus"),
    ("2026-04-05", N, "Kebangkitan Yesus Kristus (Paskah)"),
    ("2026-05-01", N, "Hari Buruh Internasional"),
    ("2026-05-14", N, "Kenaikan Yesus Kristus"),
    ("2026-05-15", C, "Cuti bersama Kenaikan Yesus Kristus"),
    ("2026-05-27", N, "Idul Adha 1447 Hijriah"),
    ("2026-05-28", C, "Cuti bersama Idul Adha 1447 Hijriah"),
    ("2026-05-31", N, "Hari Raya Waisak 2570 BE"),
    ("2026-06-01", N, "Hari Lahir Pancasila"),
    ("2026-06-16", N, "1 Muharam Tahun Baru Islam 1448 Hijriah"),
    ("2026-08-17", N, "Proklamasi Kemerdekaan"),
    ("2026-08-25", N, "Maulid Nabi Muhammad SAW"),
    ("2026-12-24", C, "Cuti bersama Kelahiran Yesus Kristus"),
    ("2026-12-25", N, "Kelahiran Yesus Kristus"),
]

# Expected 2027 dates (provisional). Lunar dates: Islamic by the MABIMS visibility criteria
# Indonesia's government uses (a day after the Umm al-Qura date when the young moon is too
# low on the 29th); Chinese, Balinese Saka and Buddhist from the new and full moons.
HOLIDAYS_2027 = [
    ("2027-01-01", N, "Tahun Baru 2027 Masehi"),
    ("2027-01-06", N, "Isra Mikraj Nabi Muhammad SAW"),
    ("2027-02-06", N, "Tahun Baru Imlek 2578 Kongzili"),
    ("2027-03-08", N, "Hari Suci Nyepi (Tahun Baru Saka 1949)"),
    ("2027-03-10", N, "Idul Fitri 1448 Hijriah"),
    ("2027-03-11", N, "Idul Fitri 1448 Hijriah"),
    ("2027-03-26", N, "Wafat Yesus Kristus"),
    ("2027-03-28", N, "Kebangkitan Yesus Kristus (Paskah)"),
    ("2027-05-01", N, "Hari Buruh Internasional"),
    ("2027-05-06", N, "Kenaikan Yesus Kristus"),
    ("2027-05-17", N, "Idul Adha 1448 Hijriah"),
    ("2027-05-20", N, "Hari Raya Waisak 2571 BE"),
    ("2027-06-01", N, "Hari Lahir Pancasila"),
    ("2027-06-06", N, "1 Muharam Tahun Baru Islam 1449 Hijriah"),
    ("2027-08-15", N, "Maulid Nabi Muhammad SAW"),
    ("2027-08-17", N, "Proklamasi Kemerdekaan"),
    ("2027-12-25", N, "Kelahiran Yesus Kristus"),
]


def seed(apps, schema_editor):
    Holiday = apps.get_model("calendar", "Holiday")
    for rows, provisional in ((HOLIDAYS, False), (HOLIDAYS_2027, True)):
        for day, kind, name in rows:
            Holiday.objects.get_or_create(
                date=day, defaults={"kind": kind, "name": name, "provisional": provisional}
            )


def unseed(apps, schema_editor):
    apps.get_model("calendar", "Holiday").objects.filter(
        date__in=[row[0] for row in HOLIDAYS + HOLIDAYS_2027]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("calendar", "0001_holiday")]
    operations = [migrations.RunPython(seed, unseed)]

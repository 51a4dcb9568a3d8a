"""Outreach coverage board and "did reporting follow?" with 10 years of activities for 500
kelurahan: median (and p90) response time.

Adds synthetic kelurahan under Kota Pasuruan until the city has ``BENCH_KELURAHAN`` (default
500; fictional codes 35.75.05.2001…, with populations and label points), generates
``BENCH_PER_YEAR`` held sessions per kelurahan and year (default 6) over ``BENCH_YEARS``
years (default 10) and ``BENCH_REPORTS_PER_YEAR`` reports per kelurahan and year (default 12),
all with ``bulk_create`` in a scratch database, then times the pages in-process with Django's
test client as the city's outreach officer.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres BENCH_DB=payung_bench_outreach \
        .venv/bin/python bench/outreach.py
    (BENCH_REPEAT requests per page, default 20; the scratch database is created and dropped)
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings_test")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
os.environ.setdefault("TEST_DATABASE_NAME", os.environ.get("BENCH_DB", "payung_bench_outreach"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

KELURAHAN = int(os.environ.get("BENCH_KELURAHAN", "500"))
YEARS = int(os.environ.get("BENCH_YEARS", "10"))
PER_YEAR = int(os.environ.get("BENCH_PER_YEAR", "6"))
REPORTS_PER_YEAR = int(os.environ.get("BENCH_REPORTS_PER_YEAR", "12"))
BATCH = 5000


def add_kelurahan(rng: random.Random) -> list:
    from payung.regions.models import Region, RegionLevel

    city = Region.objects.get(code="35.75")
    existing = list(Region.objects.within("35.75").villages())
    missing = KELURAHAN - len(existing)
    new = []
    per_district = 99
    district_no = 5
    while missing > 0:
        district = Region.objects.create(
            code=f"35.75.{district_no:02d}",
            name=f"Kecamatan Sintetis {district_no}",
            level=RegionLevel.DISTRICT,
            parent=city,
        )
        for i in range(min(per_district, missing)):
            new.append(
                Region(
                    code=f"35.75.{district_no:02d}.{2001 + i}",
                    name=f"Sintetis {district_no}-{i + 1}",
                    level=RegionLevel.URBAN_VILLAGE,
                    parent=district,
                    population=rng.randint(3_000, 25_000),
                    label_lat=-7.6 - rng.random() * 0.1,
                    label_lng=112.85 + rng.random() * 0.1,
                )
            )
        missing -= per_district
        district_no += 1
    Region.objects.bulk_create(new, batch_size=BATCH)
    for region in existing:
        if not region.population:
            region.population = rng.randint(5_000, 20_000)
            region.save(update_fields=["population"])
    return list(Region.objects.within("35.75").villages())


def generate(rng: random.Random, villages: list, this_year: int) -> tuple[int, int]:
    from payung.cases import codes
    from payung.cases.models import Report
    from payung.outreach.models import Activity, ActivityType

    types = list(ActivityType.objects.all())
    tz = timezone.get_current_timezone()
    pin_hash = codes.hash_pin("123456")
    activities: list = []
    reports: list = []
    n_activities = n_reports = 0
    first_year = this_year - YEARS + 1
    now = timezone.now()

    def when(year: int) -> datetime:
        moment = datetime(year, 1, 1, 9, tzinfo=tz) + timedelta(
            days=rng.randint(0, 364), hours=rng.randint(0, 10)
        )
        return min(moment, now - timedelta(hours=1))

    for year in range(first_year, this_year + 1):
        for region in villages:
            for _n in range(PER_YEAR):
                women, men, girls, boys = (rng.randint(0, 40) for _ in range(4))
                activities.append(
                    Activity(
                        type=rng.choice(types),
                        title="Sosialisasi sintetis",
                        region_id=region.pk,
                        region_code=region.code,
                        venue="Balai",
                        starts_at=when(year),
                        status="dilaporkan",
                        women=women,
                        men=men,
                        girls=girls,
                        boys=boys,
                        total=women + men + girls + boys,
                    )
                )
            for _n in range(REPORTS_PER_YEAR):
                received = when(year)
                reports.append(
                    Report(
                        code=codes.new_code(),
                        pin_hash=pin_hash,
                        channel=rng.choice(["web", "datang_langsung", "penjangkauan"]),
                        received_at=received,
                        region_code=region.code,
                        kelurahan_id=region.pk,
                        place_category=rng.choice(["rumah_tangga", "daring", "sekolah"]),
                        reporter_relation="tetangga",
                        contact_channel="jangan",
                        violence_forms=["fisik"],
                        description="Laporan sintetis",
                        victim_sex="p",
                        victim_is_child="tidak_tahu",
                        victim_disability="tidak_tahu",
                        risk_level="sedang",
                        due_at=received + timedelta(days=1),
                        status="baru",
                        consent=True,
                    )
                )
            if len(activities) >= BATCH:
                Activity.objects.bulk_create(activities, batch_size=BATCH)
                n_activities += len(activities)
                activities = []
            if len(reports) >= BATCH:
                Report.objects.bulk_create(reports, batch_size=BATCH)
                n_reports += len(reports)
                reports = []
    Activity.objects.bulk_create(activities, batch_size=BATCH)
    Report.objects.bulk_create(reports, batch_size=BATCH)
    return n_activities + len(activities), n_reports + len(reports)


def timed(client: Client, url: str, repeat: int) -> tuple[float, float, int]:
    client.get(url)  # warm the session and caches
    samples = []
    status = 0
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - began) * 1000)
        status = response.status_code
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.9) - 1)], status


def main() -> None:
    repeat = int(os.environ.get("BENCH_REPEAT", "20"))
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from payung.accounts.roles import Role
        from payung.accounts.services import user_create
        from payung.regions.models import Region

        rng = random.Random(11)
        city = Region.objects.get(code="35.75")
        officer = user_create(
            actor=None,
            username="bench_sos",
            password="bench-password-123",
            role=Role.OUTREACH_OFFICER,
            region=city,
            email="bench_sos@example.invalid",
            validate=False,
        )
        this_year = timezone.localdate().year
        began = time.perf_counter()
        villages = add_kelurahan(rng)
        n_act, n_rep = generate(rng, villages, this_year)
        generated = time.perf_counter() - began
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        client = Client()
        client.force_login(officer)
        print(
            f"{connection.vendor}: {len(villages)} kelurahan, {n_act} activities and {n_rep} "
            f"reports over {YEARS} years generated in {generated:.1f} s; {repeat} requests per page"
        )
        pages = [
            ("coverage board, this year (map + table)", f"/sosialisasi/cakupan/?tahun={this_year}"),
            ("coverage board, last year", f"/sosialisasi/cakupan/?tahun={this_year - 1}"),
            ("did reporting follow?, this year", f"/sosialisasi/dampak/?tahun={this_year}"),
            ("did reporting follow?, last year", f"/sosialisasi/dampak/?tahun={this_year - 1}"),
            ("outreach officer's home (not reached)", "/akun/"),
            ("API plans, this year", f"/api/v1/outreach/plans/?year={this_year}"),
        ]
        for label, url in pages:
            median, p90, status = timed(client, url, repeat)
            print(f"{label:<44} median {median:8.1f} ms   p90 {p90:8.1f} ms   (HTTP {status})")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

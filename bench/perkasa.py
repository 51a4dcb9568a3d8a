"""Perkasa at province scale (issue #12, "Scale"): the registry list, a search by NIK and a
household page (target p95 50 ms, as the case pages), and re-scoring every household under a
new scoring model version (target under 60 s), on PostgreSQL.

Creates a scratch database (``BENCH_DB``, default ``payung_bench_perkasa``), migrates,
generates ``BENCH_HOUSEHOLDS`` households (default 100,000) with 3 members each, 50
programmes, 200,000 enrolments and 500,000 grant tranches (``payung.synthetic.perkasa``:
bulk inserts, fields encrypted, blind indexes filled), times the pages in-process with
Django's test client as the province's Perkasa officer (``BENCH_REPEAT`` requests each,
default 50, after a warm-up; p50/p95), then re-scores every scored household under version 2
exactly as the re-scoring job does (``services.rescore`` over ``services.scored_registrants``)
and drops the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/perkasa.py
    (BENCH_SCALE=0.1 for a tenth of every count)
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings_test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
os.environ.setdefault("TEST_DATABASE_NAME", os.environ.get("BENCH_DB", "payung_bench_perkasa"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
HOUSEHOLDS = int(int(os.environ.get("BENCH_HOUSEHOLDS", "100000")) * SCALE)


def timed(client: Client, url: str, repeat: int) -> tuple[float, float, int]:
    for _ in range(3):
        client.get(url)  # warm the session, caches and plans
    samples = []
    status = 0
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - began) * 1000)
        status = response.status_code
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)], status


def main() -> None:
    repeat = int(os.environ.get("BENCH_REPEAT", "50"))
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from payung.accounts.roles import Role
        from payung.accounts.services import user_create
        from payung.perkasa import services
        from payung.perkasa.models import Registrant, ScoringModel
        from payung.regions.models import Region
        from payung.synthetic.perkasa import generate_perkasa

        officer = user_create(
            actor=None,
            username="bench_perkasa",
            password="bench-password-123",
            role=Role.PERKASA_OFFICER,
            region=Region.objects.get(code="35.75"),
            email="bench_perkasa@example.invalid",
            validate=False,
        )
        began = time.perf_counter()
        counts = generate_perkasa(
            households=HOUSEHOLDS,
            members=HOUSEHOLDS * 3,
            programmes=50,
            enrolments=HOUSEHOLDS * 2,
            disbursements=HOUSEHOLDS * 5,
            progress=lambda m: print(f"  {m}", flush=True) if m.endswith("done") else None,
        )
        generated = time.perf_counter() - began
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(f"{connection.vendor}: {counts} generated in {generated:.0f} s", flush=True)

        # Score everybody under v1 first (the state a new version meets), untimed.
        v1 = ScoringModel.objects.get(version=1)
        region_q = officer.region_q("region_code")
        services.rescore(v1, services.scored_rows(region_q).iterator(chunk_size=2000))

        client = Client()
        client.force_login(officer)
        sample = Registrant.objects.order_by("pk")[HOUSEHOLDS // 2]
        pages = [
            ("registry list", "/perkasa/"),
            ("registry list, status filter", "/perkasa/?status=peserta"),
            ("search by NIK", f"/perkasa/?q={sample.nik}"),
            ("household page", sample.get_absolute_url()),
        ]
        for label, url in pages:
            median, p95, status = timed(client, url, repeat)
            print(f"{label:<32} p50 {median:7.1f} ms   p95 {p95:7.1f} ms   (HTTP {status})")

        v2 = ScoringModel.objects.create(
            version=2,
            name="Model uji skala",
            indicators=[
                {**i, "points": {k: v + 1 for k, v in i["points"].items()}} for i in v1.indicators
            ],
            thresholds=v1.thresholds,
            state=ScoringModel.State.PUBLISHED,
        )
        registrants = services.scored_registrants(region_q)
        total = registrants.count()
        began = time.perf_counter()
        rows = services.scored_rows(region_q).iterator(chunk_size=2000)
        result = services.rescore(v2, rows, total=total)
        took = time.perf_counter() - began
        print(f"re-score {total} households under v2: {took:.1f} s  {result}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

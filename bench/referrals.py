"""A provider's referral inbox with 10,000 referrals: median (and p90) response time.

Generates cases (as bench/casework.py does) and 10,000 referrals to one hospital with
``bulk_create`` — every status, both urgencies, a fifth of the open ones overdue, each with
its encrypted snapshot and first history row — plus as many to another organisation, whose
rows the inbox must skip. Then times, in-process with Django's test client as the hospital's
provider staff: the inbox (open referrals, the default work order), every referral, a deep
page, the API inbox, and one referral's page (which decrypts the snapshot and is logged).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/referrals.py
    (options: N referrals, default 10000; BENCH_REPEAT requests per page, default 30;
     BENCH_DB scratch database name, default payung_bench — created and dropped)
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings_test")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
os.environ.setdefault("TEST_DATABASE_NAME", os.environ.get("BENCH_DB", "payung_bench"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.casework import generate as generate_cases  # noqa: E402
from bench.casework import timed  # noqa: E402

STATUSES = [
    ("dikirim", 0.25),
    ("diterima", 0.15),
    ("dijadwalkan", 0.15),
    ("selesai", 0.35),
    ("ditolak", 0.05),
    ("dibatalkan", 0.05),
]


def generate_referrals(n: int, organisation, other, sender, seed: int = 11) -> None:
    from payung.care.models import Referral, ReferralEvent
    from payung.cases.models import CaseParty
    from payung.partners.models import Service

    rng = random.Random(seed)
    visum = Service.objects.get(code="visum")
    victims = list(
        CaseParty.objects.filter(role="korban").select_related("case").only("id", "case__number")
    )
    now = timezone.now()
    weights = [w for _s, w in STATUSES]
    statuses = [s for s, _w in STATUSES]
    batch = 1000
    for target in (organisation, other):
        for start in range(0, n, batch):
            rows = []
            for _ in range(start, min(n, start + batch)):
                party = rng.choice(victims)
                status = rng.choices(statuses, weights)[0]
                urgency = "segera" if rng.random() < 0.3 else "biasa"
                sent = now - timedelta(hours=rng.randint(1, 24 * 400))
                hours = 24 if urgency == "segera" else 72
                if status == "dikirim" and rng.random() < 0.8:
                    sent = now - timedelta(hours=rng.randint(0, hours - 1))  # most not overdue
                snapshot = {
                    "case_number": party.case.number,
                    "service": "visum",
                    "service_name": "Visum gratis",
                    "urgency": urgency,
                    "alias": "Bunga",
                    "age_group": "25-44",
                    "age_group_label": "25–44 tahun",
                    "sex": "p",
                    "sex_label": "Perempuan",
                    "note": "Catatan uji untuk penyedia layanan.",
                }
                done = status == "selesai"
                rows.append(
                    Referral(
                        case_id=party.case_id,
                        victim_id=party.pk,
                        service=visum,
                        organisation=target,
                        urgency=urgency,
                        status=status,
                        snapshot=json.dumps(snapshot, ensure_ascii=False),
                        sent_at=sent,
                        sent_by=sender,
                        due_at=sent + timedelta(hours=hours),
                        status_changed_at=sent,
                        responded_at=None if status in ("dikirim", "dibatalkan") else sent,
                        scheduled_for=sent + timedelta(days=1)
                        if status in ("dijadwalkan", "selesai")
                        else None,
                        completed_at=sent + timedelta(days=1) if done else None,
                        outcome="terlaksana" if done else "",
                        cancelled_at=sent if status == "dibatalkan" else None,
                    )
                )
            created = Referral.objects.bulk_create(rows)
            ReferralEvent.objects.bulk_create(
                [
                    ReferralEvent(
                        referral=r, kind="dikirim", to_status="dikirim", at=r.sent_at, actor=sender
                    )
                    for r in created
                ]
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    repeat = int(os.environ.get("BENCH_REPEAT", "30"))
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from payung.accounts.roles import Role
        from payung.accounts.services import user_create
        from payung.care.models import Referral
        from payung.partners.models import Organisation, Service
        from payung.regions.models import Region

        city = Region.objects.get(code="35.75")
        visum = Service.objects.get(code="visum")

        def organisation(name: str) -> Organisation:
            org = Organisation.objects.create(
                kind="rsud", name=name, region=city, region_code=city.code
            )
            org.services.set([visum])
            return org

        hospital, other = organisation("RSUD Bench"), organisation("RS Lain Bench")

        def make(username: str, role: str, **extra):
            return user_create(
                actor=None,
                username=username,
                password="bench-password-123",
                role=role,
                region=city,
                email=f"{username}@example.invalid",
                validate=False,
                **extra,
            )

        manager = make("bench_mk", Role.CASE_MANAGER)
        provider = make("bench_rsud", Role.PROVIDER_STAFF, organisation=hospital)
        year = timezone.localdate().year
        began = time.perf_counter()
        generate_cases(max(n // 5, 100), [manager], year)
        generate_referrals(n, hospital, other, manager)
        generated = time.perf_counter() - began

        client = Client()
        client.force_login(provider)
        one = Referral.objects.filter(organisation=hospital, status="dikirim").first()
        assert one is not None
        open_count = Referral.objects.filter(
            organisation=hospital, status__in=["dikirim", "diterima", "dijadwalkan"]
        ).count()
        pages = [
            ("inbox, open referrals (default work order)", "/layanan/rujukan-masuk/"),
            ("inbox, every referral", "/layanan/rujukan-masuk/?show=semua"),
            ("inbox, every referral, page 100", "/layanan/rujukan-masuk/?show=semua&page=100"),
            ("API inbox, open, limit 50", "/api/v1/care/inbox/?limit=50"),
            ("one referral (snapshot decrypted, logged)", f"/layanan/rujukan-masuk/{one.pk}/"),
        ]
        print(
            f"{connection.vendor}: {2 * n} referrals ({n} to the provider's organisation, "
            f"{open_count} of them open) generated in {generated:.1f} s; "
            f"{repeat} requests per page"
        )
        for label, url in pages:
            median, p90, status = timed(client, url, repeat)
            print(f"{label:<46} median {median:7.1f} ms   p90 {p90:7.1f} ms   (HTTP {status})")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

"""Case list and case detail with 10,000 cases: median (and p90) response time.

Generates the cases with ``bulk_create`` (victims with encrypted names and their blind-index
tokens, an incident and three deadlines each) in a scratch database, then times the pages
in-process with Django's test client as a supervisor (who sees every case) and as a case
manager (who sees their own). One case is filled in through the services, as a worker would.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/casework.py
    (options: N cases, default 10000; BENCH_REPEAT requests per page, default 30;
     BENCH_DB scratch database name, default payung_bench — created and dropped)
"""

from __future__ import annotations

import os
import random
import statistics
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

FIRST = ["Siti", "Dewi", "Mawar", "Melati", "Ani", "Rina", "Sri", "Wati", "Nur", "Yuni"]
LAST = ["Contoh", "Rahayu", "Lestari", "Fiktif", "Percobaan", "Uji", "Sampel", "Wulandari"]


def generate(n: int, owners: list, year: int) -> None:
    from payung.cases.models import (
        Case,
        CaseDeadline,
        CaseNumberCounter,
        CaseParty,
        DeadlineRule,
        Incident,
        Person,
        PersonNameToken,
    )
    from payung.identity import names
    from payung.regions.models import Region

    rng = random.Random(7)
    villages = list(Region.objects.within("35.75").villages())
    rules = list(
        DeadlineRule.objects.filter(
            code__in=["respons-risiko-sedang", "asesmen", "rencana-intervensi"]
        )
    )
    now = timezone.now()
    statuses = ["baru", "asesmen", "rencana", "layanan", "pemantauan"]
    forms = ["fisik", "psikis", "seksual", "penelantaran", "mental"]
    batch = 1000
    for start in range(0, n, batch):
        cases = []
        for i in range(start, min(n, start + batch)):
            village = rng.choice(villages)
            chosen = sorted(set(rng.sample(forms, rng.randint(1, 2))))
            cases.append(
                Case(
                    number=f"PPA/{year}/{i + 1:05d}",
                    year=year,
                    sequence=i + 1,
                    status=rng.choice(statuses),
                    region_code=village.code,
                    kelurahan=village,
                    risk_level=rng.choice(["tinggi", "sedang", "rendah"]),
                    owner=rng.choice(owners),
                    reported_at=now - timedelta(days=rng.randint(0, 700)),
                    violence_tags="," + ",".join(chosen) + ",",
                    flag_tpks="seksual" in chosen,
                )
            )
        Case.objects.bulk_create(cases)
        people = []
        for _case in cases:
            people.append(
                Person(
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    sex="p",
                    age_estimate=rng.randint(5, 60),
                )
            )
        for person in people:
            person.name_index = names.name_index(person.name)
        Person.objects.bulk_create(people)
        PersonNameToken.objects.bulk_create(
            [PersonNameToken(person=p, token=t) for p in people for t in names.word_tokens(p.name)]
        )
        CaseParty.objects.bulk_create(
            [CaseParty(case=c, person=p, role="korban") for c, p in zip(cases, people, strict=True)]
        )
        Incident.objects.bulk_create(
            [
                Incident(
                    case=c,
                    place_category="rumah_tangga",
                    violence_forms=c.violence_forms(),
                    chronology="Kronologi uji " * 10,
                )
                for c in cases
            ]
        )
        CaseDeadline.objects.bulk_create(
            [
                CaseDeadline(
                    case=c,
                    rule=r,
                    title=r.name,
                    due_at=c.reported_at + timedelta(hours=r.hours or 1),
                )
                for c in cases
                for r in rules
            ]
        )
    CaseNumberCounter.objects.update_or_create(year=year, defaults={"last": n})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


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
    return statistics.median(samples), samples[int(len(samples) * 0.9) - 1], status


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    repeat = int(os.environ.get("BENCH_REPEAT", "30"))
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from payung.accounts.roles import Role
        from payung.accounts.services import user_create
        from payung.cases import services
        from payung.regions.models import Region
        from tests.cases.casework import add_perpetrator, open_case, run_to_services

        city = Region.objects.get(code="35.75")

        def make(username: str, role: str):
            return user_create(
                actor=None,
                username=username,
                password="bench-password-123",
                role=role,
                region=city,
                email=f"{username}@example.invalid",
                validate=False,
            )

        supervisor = make("bench_sup", Role.SUPERVISOR)
        manager = make("bench_mk", Role.CASE_MANAGER)
        manager2 = make("bench_mk2", Role.CASE_MANAGER)
        year = timezone.localdate().year
        began = time.perf_counter()
        generate(n, [manager, manager2], year)
        generated = time.perf_counter() - began

        class Personas:
            case_manager = manager

        case = run_to_services(open_case(Personas), manager)
        add_perpetrator(case, manager)
        for i in range(5):
            services.note_add(actor=manager, case=case, body=f"Catatan {i}")

        sup, mk = Client(), Client()
        sup.force_login(supervisor)
        mk.force_login(manager)
        pages = [
            ("case detail (supervisor)", sup, f"/kasus/{case.pk}/"),
            ("case detail (owner)", mk, f"/kasus/{case.pk}/"),
            ("case list, page 1 (supervisor, all cases)", sup, "/kasus/"),
            ("case list, page 1 (case manager, own cases)", mk, "/kasus/"),
            ("case list, page 100 (supervisor)", sup, "/kasus/?page=100"),
            ("case list, name search 'siti rahayu' (supervisor)", sup, "/kasus/?q=siti+rahayu"),
            (
                "case list, filter seksual + overdue (supervisor)",
                sup,
                "/kasus/?violence_form=seksual&overdue=on",
            ),
            ("API case list (supervisor)", sup, "/api/v1/cases/?limit=50"),
        ]
        print(
            f"{connection.vendor}: {n} cases generated in {generated:.1f} s; {repeat} requests per page"
        )
        for label, client, url in pages:
            median, p90, status = timed(client, url, repeat)
            print(f"{label:<52} median {median:7.1f} ms   p90 {p90:7.1f} ms   (HTTP {status})")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

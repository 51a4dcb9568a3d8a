"""Perkasa at province scale (issue #12, "Scale"): women heads of household, their household
members, programmes with cycles, enrolments and grant tranches, written with ``bulk_create``
in large batches. Identifying fields are really encrypted (``EncryptedTextField`` with the
keys in force — the bench keys in a bench run) and every blind index is filled, exactly as
``perkasa.services.registrant_register`` stores them; all names are obviously fictional.

    from payung.synthetic.perkasa import generate_perkasa
    counts = generate_perkasa(households=100_000, members=300_000, programmes=50,
                              enrolments=200_000, disbursements=500_000)
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from payung.perkasa import choices
from payung.perkasa.models import (
    Disbursement,
    Enrolment,
    HouseholdMember,
    Programme,
    ProgrammeCycle,
    Registrant,
)
from payung.regions.models import Region

BATCH = 5000
FIRST = ("Sumirah", "Kartinah", "Painem", "Sulastri", "Wagiyem", "Juminten", "Rukmini")
LAST = ("Contohwati", "Sintetisari", "Ujicobawati", "Rekaan", "Fiktifah", "Percontohan")
AGENCIES = ("DP3AKB", "Diskop UMKM", "Disnaker", "Dinsos", "Baznas", "CSR Contoh")


def _nik(kecamatan: str, i: int) -> tuple[str, dt.date]:
    """A well-formed, unique woman's NIK (birth day + 40) for the ``i``-th registrant."""
    day, month = 1 + i % 28, 1 + (i // 28) % 12
    year = 1960 + (i // 336) % 40
    serial = 1 + i // 13_440
    born = dt.date(year, month, day)
    return f"{kecamatan}{day + 40:02d}{month:02d}{year % 100:02d}{serial:04d}", born


def generate_perkasa(
    *,
    households: int = 100_000,
    members: int = 300_000,
    programmes: int = 50,
    enrolments: int = 200_000,
    disbursements: int = 500_000,
    seed: int = 12,
    region_code: str = "35.75",
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    rng = random.Random(seed)
    say = progress or (lambda _m: None)
    villages = list(Region.objects.within(region_code).villages())
    statuses = [
        (choices.Status.VERIFIED, 20),
        (choices.Status.ELIGIBLE, 25),
        (choices.Status.PARTICIPANT, 40),
        (choices.Status.NOT_ELIGIBLE, 5),
        (choices.Status.PRE_REGISTERED, 10),
    ]
    status_pool = [s for s, w in statuses for _ in range(w)]
    housing_keys = list(choices.HOUSING_KEYS)
    start = Registrant.objects.count()

    # --- registrants: encrypted fields and blind indexes as the service writes them -------
    batch: list[Registrant] = []
    for n in range(households):
        i = start + n
        village = villages[i % len(villages)]
        kecamatan = village.code.replace(".", "")[:6]
        nik, born = _nik(kecamatan, i)
        r = Registrant(
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
            nik=nik,
            kk=f"{kecamatan}{1 + i % 28:02d}{1 + (i // 28) % 12:02d}{10 + i % 15:02d}{i % 10000:04d}",
            phone=f"0812{i:08d}",
            birth_date=born.isoformat(),
            birth_year=born.year,
            address=f"Jl. Rekaan No. {i % 300 + 1}",
            kelurahan_id=village.pk,
            region_code=village.code,
            head_reason=rng.choice(choices.HeadReason.values),
            livelihood=rng.choice(choices.Livelihood.values),
            income_band=rng.choice(choices.IncomeBand.values),
            has_business=rng.random() < 0.3,
            housing={k: rng.random() < 0.4 for k in housing_keys},
            assistance=rng.sample(choices.Assistance.values, rng.randint(0, 2)),
            dtsen_decile=rng.randint(1, 10) if rng.random() < 0.7 else None,
            status=rng.choice(status_pool),
            source=choices.Source.OFFICER,
            prioritised=rng.random() < 0.01,
        )
        r.refresh_blind_indexes()
        batch.append(r)
        if len(batch) >= BATCH:
            Registrant.objects.bulk_create(batch, batch_size=BATCH)
            batch = []
            say(f"registrants {n + 1}/{households}")
    Registrant.objects.bulk_create(batch, batch_size=BATCH)
    ids = list(Registrant.objects.order_by("pk").values_list("pk", flat=True)[start:])

    # --- members ------------------------------------------------------------------------
    rows: list[HouseholdMember] = []
    for n in range(members):
        age = rng.randint(0, 80)
        rows.append(
            HouseholdMember(
                registrant_id=ids[n % len(ids)],
                relationship=rng.choice(choices.Relationship.values),
                age=age,
                sex=rng.choice(choices.Sex.values),
                schooling=rng.choice(choices.Schooling.values) if age < 18 else "",
                disability=rng.random() < 0.05,
            )
        )
        if len(rows) >= BATCH:
            HouseholdMember.objects.bulk_create(rows, batch_size=BATCH)
            rows = []
    HouseholdMember.objects.bulk_create(rows, batch_size=BATCH)
    say("members done")

    # --- programmes, one cycle each; enrolments; tranches ---------------------------------
    made = Programme.objects.bulk_create(
        Programme(
            name=f"Program Sintetis {p + 1}",
            agency=AGENCIES[p % len(AGENCIES)],
            kind=choices.ProgrammeKind.values[p % len(choices.ProgrammeKind.values)],
            eligibility={},
        )
        for p in range(programmes)
    )
    per_cycle = -(-enrolments // programmes)
    cycles = ProgrammeCycle.objects.bulk_create(
        ProgrammeCycle(programme=p, label="2026", quota=per_cycle, budget=per_cycle * 10_000_000)
        for p in made
    )
    enrolled: list[Enrolment] = []
    for n in range(enrolments):
        # Each registrant at most once per cycle: walk the registrants per cycle.
        cycle = cycles[n % len(cycles)]
        enrolled.append(Enrolment(cycle=cycle, registrant_id=ids[(n // len(cycles)) % len(ids)]))
        if len(enrolled) >= BATCH:
            Enrolment.objects.bulk_create(enrolled, batch_size=BATCH)
            enrolled = []
    Enrolment.objects.bulk_create(enrolled, batch_size=BATCH)
    say("enrolments done")
    enrolment_rows = list(Enrolment.objects.values_list("pk", "cycle_id"))
    tranches: list[Disbursement] = []
    states = Disbursement.State
    for n in range(disbursements):
        enrolment_id, cycle_id = enrolment_rows[n % len(enrolment_rows)]
        tranches.append(
            Disbursement(
                enrolment_id=enrolment_id,
                cycle_id=cycle_id,
                tranche=1 + n // len(enrolment_rows),
                amount=rng.choice((500_000, 1_000_000, 1_500_000)),
                state=states.APPROVED if rng.random() < 0.8 else states.PROPOSED,
                proof_note="Nota sintetis",
            )
        )
        if len(tranches) >= BATCH:
            Disbursement.objects.bulk_create(tranches, batch_size=BATCH)
            tranches = []
    Disbursement.objects.bulk_create(tranches, batch_size=BATCH)
    say("disbursements done")
    return {
        "households": households,
        "members": members,
        "programmes": programmes,
        "enrolments": enrolments,
        "disbursements": disbursements,
    }

"""Clearly fictional Perkasa demo data: a few hundred households across the city's 34
kelurahan at every stage, so `make run` shows a living registry (names end in "-fiktif")."""

from __future__ import annotations

import random
from typing import Any

from django.core.exceptions import ValidationError

from payung.core.actors import command_actor
from payung.perkasa import choices, services
from payung.perkasa.models import Registrant
from payung.regions.models import Region, RegionLevel

FIRST = (
    "Siti",
    "Sri",
    "Nur",
    "Endang",
    "Sumiati",
    "Wartini",
    "Yuliati",
    "Rukmini",
    "Lilik",
    "Fatimah",
    "Aminah",
    "Kasiati",
    "Suwarni",
    "Tutik",
    "Umi",
    "Ponirah",
    "Juariyah",
    "Musrifah",
    "Painem",
    "Rohmah",
)
LAST = ("Contohwati", "Fiktifah", "Rekaan", "Misalnah", "Cobaningsih", "Demowati", "Sampelah")
STAGES = (
    # (share, final status)
    (0.22, choices.Status.PRE_REGISTERED),
    (0.13, choices.Status.VERIFIED),
    (0.20, choices.Status.ELIGIBLE),
    (0.30, choices.Status.PARTICIPANT),
    (0.07, choices.Status.GRADUATED),
    (0.08, choices.Status.NOT_ELIGIBLE),
)


def _nik(rng: random.Random, kelurahan: Region, serial: int) -> str:
    district = "".join(kelurahan.code.split(".")[:3])
    day = rng.randint(1, 28) + 40
    return f"{district}{day:02d}{rng.randint(1, 12):02d}{rng.randint(60, 99):02d}{serial:04d}"


def _stage(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for share, status in STAGES:
        total += share
        if roll < total:
            return status
    return choices.Status.PARTICIPANT


def load(count: int = 300, seed: int = 129) -> int:
    """Create ``count`` households unless Perkasa already holds demo data; returns how many."""
    if Registrant.objects.exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - fictional demo data, not security
    actor = command_actor("load_demo")
    kelurahan = list(
        Region.objects.filter(level=RegionLevel.URBAN_VILLAGE, code__startswith="35.75.")
    )
    if not kelurahan:
        return 0
    created = 0
    for i in range(count):
        place = kelurahan[i % len(kelurahan)]
        members = [
            services.MemberInput(
                relationship=choices.Relationship.CHILD,
                age=rng.randint(1, 17),
                sex=rng.choice(choices.Sex.values),
                schooling=rng.choice(
                    [choices.Schooling.IN_SCHOOL] * 5
                    + [choices.Schooling.DROPPED, choices.Schooling.NOT_YET]
                ),
                disability=rng.random() < 0.05,
            )
            for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4)))
        ]
        if rng.random() < 0.2:
            members.append(
                services.MemberInput(
                    choices.Relationship.PARENT, rng.randint(60, 85), choices.Sex.FEMALE
                )
            )
        data = services.RegistrationInput(
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)}-fiktif",
            nik=_nik(rng, place, i + 1),
            kelurahan=place,
            head_reason=rng.choice(choices.HeadReason.values),
            kk=f"{''.join(place.code.split('.')[:3])}{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(10, 24):02d}{i + 1:04d}",
            phone=f"0812{rng.randint(10_000_000, 99_999_999)}",
            address=f"Jl. Contoh Gg. {rng.randint(1, 20)} No. {rng.randint(1, 99)}, {place.name}",
            livelihood=rng.choice(choices.Livelihood.values),
            income_band=rng.choice(choices.IncomeBand.values[:4]),
            members=members,
        )
        try:
            registrant = services.registrant_register(
                actor=actor, data=data, source=rng.choice(choices.Source.values[:3])
            ).registrant
        except ValidationError:
            continue
        created += 1
        final = _stage(rng)
        if final == choices.Status.PRE_REGISTERED:
            continue
        services.registrant_verify(
            actor=actor,
            registrant=registrant,
            data=services.VerificationInput(
                livelihood=data.livelihood,
                income_band=data.income_band,
                has_business=rng.random() < 0.4,
                housing={key: rng.random() < 0.35 for key in choices.HOUSING_KEYS},
                assistance=rng.sample(choices.Assistance.values, rng.randint(0, 2)),
                dtsen_decile=rng.choice((None, 1, 2, 3, 4, 5, 6)),
                checklist={key: True for key, _label in services.HOME_VISIT_CHECKLIST},
                note="Kunjungan rumah (data demo).",
            ),
        )
        if final == choices.Status.VERIFIED:
            continue
        eligible = final != choices.Status.NOT_ELIGIBLE
        services.registrant_decide(
            actor=actor,
            registrant=registrant,
            eligible=eligible,
            reason="" if eligible else "Penghasilan di atas batas program (data demo).",
        )
        if final in (choices.Status.PARTICIPANT, choices.Status.GRADUATED):
            services.registrant_move(
                actor=actor, registrant=registrant, to=choices.Status.PARTICIPANT
            )
        if final == choices.Status.GRADUATED:
            services.registrant_move(
                actor=actor, registrant=registrant, to=choices.Status.GRADUATED
            )
    return created


def summary() -> dict[str, Any]:
    return {"registrants": Registrant.objects.count()}

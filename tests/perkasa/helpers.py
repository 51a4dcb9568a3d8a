from __future__ import annotations

from typing import Any

from payung.perkasa import choices, services
from payung.regions.models import Region
from tests.factories import BUGUL_LOR, GENTONG, region

WOMAN_NIK = "3575015205850001"  # born 12 May 1985, female (+40)
MAN_NIK = "3575011205850002"
KK = "3575012003150007"


def kelurahan(code: str = GENTONG) -> Region:
    return region(code)


def registration(**overrides: Any) -> services.RegistrationInput:
    data: dict[str, Any] = {
        "name": "Sumirah Contohwati",
        "nik": WOMAN_NIK,
        "kelurahan": kelurahan(),
        "head_reason": choices.HeadReason.WIDOWED,
        "kk": KK,
        "phone": "081234567890",
        "income_band": choices.IncomeBand.UNDER_500K,
        "livelihood": choices.Livelihood.DAILY,
        "members": [
            services.MemberInput(
                choices.Relationship.CHILD, 9, choices.Sex.MALE, choices.Schooling.IN_SCHOOL
            ),
            services.MemberInput(
                choices.Relationship.CHILD, 14, choices.Sex.FEMALE, choices.Schooling.DROPPED
            ),
        ],
    }
    data.update(overrides)
    return services.RegistrationInput(**data)


def register(actor: Any, **overrides: Any) -> Any:
    return services.registrant_register(actor=actor, data=registration(**overrides)).registrant


def verification(**overrides: Any) -> services.VerificationInput:
    data: dict[str, Any] = {
        "livelihood": choices.Livelihood.DAILY,
        "income_band": choices.IncomeBand.UNDER_500K,
        "has_business": False,
        "housing": {"lantai_tanah": True, "tanpa_jamban": True, "bahan_bakar_kayu": True},
        "assistance": ["pkh"],
        "dtsen_decile": 2,
        "checklist": {
            "ktp_dilihat": True,
            "kk_dilihat": True,
            "tinggal_di_alamat": True,
            "rumah_diamati": True,
            "persetujuan": True,
        },
    }
    data.update(overrides)
    return services.VerificationInput(**data)


__all__ = [
    "BUGUL_LOR",
    "GENTONG",
    "KK",
    "MAN_NIK",
    "WOMAN_NIK",
    "kelurahan",
    "register",
    "registration",
    "verification",
]


def perkasa_disbursement(officer: Any) -> Any:
    """A proposed tranche for a woman of Gentong, proposed by a system actor so that
    ``officer`` may decide it (for the authorisation table)."""
    from payung.core.actors import command_actor
    from payung.perkasa import programmes
    from payung.perkasa.models import Programme, ProgrammeCycle, Registrant

    system = command_actor("authz")
    registrant = Registrant.objects.filter(region_code=GENTONG).first() or register(officer)
    if registrant.status == choices.Status.PRE_REGISTERED:
        services.registrant_verify(actor=system, registrant=registrant, data=verification())
        registrant.refresh_from_db()
    if registrant.status == choices.Status.VERIFIED:
        services.registrant_decide(actor=system, registrant=registrant, eligible=True)
        registrant.refresh_from_db()
    programme = Programme.objects.create(name="Hibah Authz", agency="Diskop UMKM", kind="hibah")
    cycle = ProgrammeCycle.objects.create(
        programme=programme, label="authz", quota=5, budget=1_000_000
    )
    enrolment = programmes.enrol(actor=system, cycle=cycle, registrant=registrant)
    return programmes.disbursement_propose(
        actor=system, enrolment=enrolment, amount=100_000, proof_note="authz"
    )

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
        # Graduates are made by demo_monitoring, through monitoring.graduate (criteria,
        # follow-ups): a bare status change to "lulus" is refused.
    return created


def summary() -> dict[str, Any]:
    return {"registrants": Registrant.objects.count()}


# --- programmes in progress (issue #12 part 5) ---------------------------------------------

# Partner agencies whose staff get a demo account (``accounts.demo``): the username → the
# organisation it belongs to. Fictional names, kind "lainnya" and no services, so they never
# appear among the places a victim can be referred to.
AGENCY_ORGANISATIONS = {"diskop": "Diskop UMKM Kota Pasuruan (fiktif)"}


def load_agencies() -> dict[str, Any]:
    """Create the partner agencies that own demo programmes; ``{demo username: organisation}``."""
    from payung.partners.models import Organisation
    from payung.partners.services import organisation_create

    city = Region.objects.filter(code="35.75").first()
    if city is None:
        return {}
    out: dict[str, Any] = {}
    for username, name in AGENCY_ORGANISATIONS.items():
        organisation = Organisation.objects.filter(name__iexact=name).first()
        if organisation is None:
            organisation = organisation_create(
                actor=command_actor("load_demo"),
                kind="lainnya",
                name=name,
                region=city,
                address="Jl. Contoh Koperasi No. 1 (fiktif)",
                contact_name="Bidang Usaha Mikro",
            )
        out[username] = organisation
    return out


def load_programmes(*, officer: Any, partner: Any = None, seed: int = 1212) -> int:
    """A few programmes of different agencies with a running cycle each, participants from
    the demo households, sessions with attendance, mentoring, businesses, tranches approved
    and one proposed and waiting for the head's approval. Returns how many enrolments."""
    import datetime as dt

    from django.utils import timezone

    from payung.perkasa import programmes
    from payung.perkasa.models import Enrolment, Programme

    if Programme.objects.exists() or officer is None:
        return 0
    rng = random.Random(seed)  # noqa: S311 - fictional demo data, not security
    today = timezone.localdate()
    starts, ends = today - dt.timedelta(days=120), today + dt.timedelta(days=240)
    poor = ["sangat_miskin", "miskin", "rentan"]
    specs: list[tuple[str, str, str, dict[str, Any], Any, tuple[int, int, int]]] = [
        (
            "Hibah Modal Usaha Perempuan Perkasa",
            "Diskop UMKM",
            choices.ProgrammeKind.GRANT,
            {"categories": poor},
            getattr(partner, "organisation", None),
            (40, 150_000_000, 24),
        ),
        (
            "Pelatihan Tata Boga dan Kemasan Produk",
            "DP3AKB",
            choices.ProgrammeKind.TRAINING,
            {},
            None,
            (30, 45_000_000, 20),
        ),
        (
            "Pendampingan Usaha Mikro Zakat Produktif",
            "Baznas",
            choices.ProgrammeKind.MENTORING,
            {"needs_business": True},
            None,
            (20, 30_000_000, 12),
        ),
        (
            "Kepesertaan BPJS Ketenagakerjaan Pekerja Rentan",
            "Disnaker",
            choices.ProgrammeKind.BPJS_TK,
            {"categories": poor},
            None,
            (60, 20_000_000, 15),
        ),
        (
            "Warung Sehat Mitra CSR PT Contoh Sejahtera (fiktif)",
            "Mitra CSR",
            choices.ProgrammeKind.COOPERATIVE,
            {},
            None,
            (15, 25_000_000, 6),
        ),
    ]
    candidates = list(
        Registrant.objects.filter(
            status__in=(choices.Status.ELIGIBLE, choices.Status.PARTICIPANT)
        ).select_related("current_score")
    )
    rng.shuffle(candidates)
    enrolled = 0
    for name, agency, kind, rules, organisation, (quota, budget, wanted) in specs:
        programme = programmes.programme_create(
            actor=officer,
            name=name,
            agency=agency,
            kind=kind,
            eligibility=rules,
            organisation=organisation,
            description="Program contoh untuk demo; semua nama dan angka fiktif.",
        )
        cycle = programmes.cycle_open(
            actor=officer,
            programme=programme,
            label=str(today.year),
            quota=quota,
            budget=budget,
            starts_on=starts,
            ends_on=ends,
        )
        members: list[Enrolment] = []
        for registrant in candidates:
            if len(members) >= wanted:
                break
            try:
                members.append(programmes.enrol(actor=officer, cycle=cycle, registrant=registrant))
            except ValidationError:
                continue
        enrolled += len(members)
        topics = ("Pembukaan dan pembukuan sederhana", "Pemasaran lewat HP", "Kemasan produk")
        for week, topic in enumerate(topics):
            session = programmes.session_create(
                actor=officer,
                cycle=cycle,
                held_on=starts + dt.timedelta(days=14 * (week + 1)),
                topic=topic,
            )
            if members:
                programmes.attendance_record(
                    actor=officer,
                    session=session,
                    marks={
                        e.pk: rng.choice(("hadir",) * 6 + ("tidak_hadir", "izin")) for e in members
                    },
                )
        for index, enrolment in enumerate(members):
            if kind in (choices.ProgrammeKind.GRANT, choices.ProgrammeKind.MENTORING):
                programmes.business_record(
                    actor=officer,
                    enrolment=enrolment,
                    kind=rng.choice(("Warung kelontong", "Jahit", "Kue basah", "Laundry")),
                    revenue_band=rng.choice(choices.RevenueBand.values[:3]),
                    status=rng.choice(("berjalan", "berjalan", "ide")),
                    started_on=today - dt.timedelta(days=rng.randint(30, 900)),
                )
            if kind == choices.ProgrammeKind.MENTORING or index % 4 == 0:
                programmes.mentoring_visit_add(
                    actor=officer,
                    enrolment=enrolment,
                    visited_on=today - dt.timedelta(days=rng.randint(1, 60)),
                    mentor="Ibu Pendamping Fiktif",
                    notes="Pencatatan kas harian mulai rapi (data demo).",
                    next_step="Coba jual lewat grup WhatsApp kampung.",
                )
        if kind == choices.ProgrammeKind.GRANT and partner is not None:
            # The agency proposes, the Perkasa officer approves (maker-checker).
            for index, enrolment in enumerate(members[:14]):
                proposal = programmes.disbursement_propose(
                    actor=partner,
                    enrolment=enrolment,
                    amount=2_500_000,
                    proof_note="Nota pembelian peralatan (demo)",
                )
                if index < 13:
                    programmes.disbursement_decide(
                        actor=officer, disbursement=proposal, approve=True
                    )
    return enrolled

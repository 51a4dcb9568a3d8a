"""Demo partner organisations: fictional but plausible, every name marked "(demo)".

Only loaded by ``manage.py load_demo``, which refuses to run in production. The demo accounts
``rsud`` (provider staff) and ``rumahaman`` (shelter staff) belong to two of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from io import TextIOBase

from django.utils import timezone

from payung.accounts.models import User
from payung.accounts.services import user_update
from payung.care.services import shelter_update
from payung.core.actors import command_actor
from payung.partners.choices import OrganisationKind, ServiceCode
from payung.partners.models import Organisation, Service
from payung.partners.services import organisation_agreement_record, organisation_create
from payung.regions.models import Region

CITY = "35.75"


# Demo data is written by the load_demo command, audited as such.
DEMO = command_actor("load_demo")


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: str
    region_code: str
    services: tuple[str, ...]
    contact_name: str = ""
    phone: str = ""
    address: str = ""
    capacity: int | None = None
    confidential_address: str = ""
    staff: tuple[str, ...] = field(default_factory=tuple)  # demo usernames


DEMO_ORGANISATIONS = [
    DemoOrganisation(
        "RSUD dr. R. Soedarsono (demo)",
        OrganisationKind.HOSPITAL,
        "35.75.02.1002",
        (ServiceCode.MEDICAL, ServiceCode.MEDICOLEGAL, ServiceCode.VISUM, ServiceCode.PSYCHOSOCIAL),
        contact_name="dr. Contoh Forensika (demo)",
        phone="0343 000 101",
        address="Jl. Contoh Rumah Sakit No. 1 (alamat demo)",
        staff=("rsud",),
    ),
    DemoOrganisation(
        "Puskesmas Contoh (demo)",
        OrganisationKind.PUSKESMAS,
        "35.75.01.1002",
        (ServiceCode.MEDICAL, ServiceCode.HOME_VISIT),
        contact_name="Bidan Percontohan (demo)",
        phone="0343 000 102",
        address="Jl. Contoh Sehat No. 2 (alamat demo)",
    ),
    DemoOrganisation(
        "Unit PPA Polres Pasuruan Kota (demo)",
        OrganisationKind.POLICE_PPA,
        CITY,
        (ServiceCode.LEGAL_AID, ServiceCode.VISUM),
        contact_name="Aipda Contoh (demo)",
        phone="0343 000 103",
        address="Jl. Contoh Bhayangkara No. 3 (alamat demo)",
    ),
    DemoOrganisation(
        "LBH Contoh (demo)",
        OrganisationKind.LEGAL_AID,
        "35.75.04.1010",
        (ServiceCode.LEGAL_AID,),
        contact_name="Advokat Percobaan, S.H. (demo)",
        phone="0343 000 104",
        address="Jl. Contoh Keadilan No. 4 (alamat demo)",
    ),
    DemoOrganisation(
        "Biro Psikologi Contoh (demo)",
        OrganisationKind.PSYCHOLOGIST,
        "35.75.03.1002",
        (ServiceCode.PSYCHOSOCIAL,),
        contact_name="Psikolog Ujicoba, M.Psi. (demo)",
        phone="0343 000 105",
        address="Jl. Contoh Tenang No. 5 (alamat demo)",
    ),
    DemoOrganisation(
        "KUA Kecamatan Contoh (demo)",
        OrganisationKind.RELIGIOUS,
        "35.75.04.1010",
        (ServiceCode.RELIGIOUS,),
        contact_name="Penyuluh Agama Contoh (demo)",
        phone="0343 000 106",
        address="Jl. Contoh Damai No. 6 (alamat demo)",
    ),
    DemoOrganisation(
        "Dinas Sosial Contoh (demo)",
        OrganisationKind.SOCIAL_AFFAIRS,
        CITY,
        (ServiceCode.REINTEGRATION, ServiceCode.HOME_VISIT, ServiceCode.PSYCHOSOCIAL),
        contact_name="Pekerja Sosial Contoh (demo)",
        phone="0343 000 107",
        address="Jl. Contoh Sejahtera No. 7 (alamat demo)",
    ),
    DemoOrganisation(
        "Rumah Aman Melati (demo, alamat rahasia)",
        OrganisationKind.SHELTER,
        CITY,
        (ServiceCode.SHELTER,),
        contact_name="Pengelola Rumah Aman (demo)",
        phone="0343 000 108",
        capacity=6,
        confidential_address="Jl. Rahasia Contoh No. 8 (alamat demo, tidak nyata)",
        staff=("rumahaman",),
    ),
]


def load_demo_care(stdout: TextIOBase | None = None) -> dict[str, Organisation]:
    """Create the demo organisations that are missing; return ``{demo username: organisation}``
    for the accounts that belong to one, linking demo accounts that already exist without it."""
    services = {service.code: service for service in Service.objects.all()}
    regions = {
        region.code: region
        for region in Region.objects.filter(code__in={o.region_code for o in DEMO_ORGANISATIONS})
    }
    by_user: dict[str, Organisation] = {}
    created = 0
    for demo in DEMO_ORGANISATIONS:
        organisation = Organisation.objects.filter(name__iexact=demo.name).first()
        if organisation is None:
            organisation = organisation_create(
                actor=DEMO,
                kind=demo.kind,
                name=demo.name,
                region=regions[demo.region_code],
                services=[services[code] for code in demo.services],
                address=demo.address,
                contact_name=demo.contact_name,
                phone=demo.phone,
                email=f"{demo.phone.replace(' ', '')}@demo.payung.invalid",
                capacity=demo.capacity,
            )
            # Fictional agreements, valid for a year from the demo's loading.
            organisation_agreement_record(
                actor=DEMO,
                organisation=organisation,
                reference=f"PKS-DEMO/{created + 1:03d}/DP3AKB",
                valid_until=timezone.localdate() + timedelta(days=365),
            )
            if demo.confidential_address:
                shelter_update(
                    actor=DEMO, shelter=organisation.shelter, address=demo.confidential_address
                )
            created += 1
        for username in demo.staff:
            by_user[username] = organisation
    for user in User.objects.filter(username__in=by_user, organisation__isnull=True):
        user_update(actor=None, user=user, organisation_id=by_user[user.username].pk)
    if stdout is not None:
        stdout.write(
            f"Demo partner organisations: {created} created, "
            f"{len(DEMO_ORGANISATIONS) - created} already there.\n"
        )
    return by_user


def load_demo_referrals(*, users: dict[str, User], stdout: TextIOBase | None = None) -> int:
    """A visum referral for the demo child case ("Bunga"), with the guardian's consent to
    share with the demo RSUD, accepted and scheduled by the demo provider; a visum letter,
    a home visit for the kelurahan's PPT officer and a follow-up task. Made once: a case
    that already has a referral is left alone. Returns the number of referrals made."""
    from payung.care import services as care_services
    from payung.cases import services as case_services
    from payung.cases.models import Case

    manager, provider, ppt = users.get("manajer"), users.get("rsud"), users.get("ppt.gentong")
    rsud = Organisation.objects.filter(name__iexact=DEMO_ORGANISATIONS[0].name).first()
    case = (
        Case.objects.filter(flag_child=True, kelurahan__code="35.75.01.1002", owner=manager)
        .order_by("pk")
        .first()
    )
    if None in (manager, provider, ppt, rsud, case) or case is None or case.referrals.exists():
        return 0
    assert manager is not None and provider is not None and ppt is not None and rsud is not None
    victim = case.parties.select_related("person").filter(role="korban").order_by("pk").first()
    guardian = case.parties.filter(role="wali", guardian_for=victim).order_by("pk").first()
    if victim is None or guardian is None:
        return 0
    now = timezone.now()
    case_services.consent_record(
        actor=manager,
        case=case,
        subject=victim,
        given_by=guardian,
        purpose="berbagi",
        method="tertulis",
        given_on=timezone.localdate(),
        organisation=rsud,
        note="Contoh: ibu korban setuju data dibagikan ke RSUD untuk visum.",
    )
    referral = care_services.referral_send(
        actor=manager,
        case=case,
        victim=victim,
        service=Service.objects.get(code=ServiceCode.VISUM),
        organisation=rsud,
        urgency="segera",
        note="Contoh fiktif: mohon visum et repertum; korban anak didampingi ibunya.",
    )
    care_services.referral_schedule(
        actor=provider,
        referral=referral,
        scheduled_for=now + timedelta(days=1),
        note="Contoh: dokter forensik tersedia besok pagi.",
    )
    care_services.visum_letter_issue(
        actor=manager,
        case=case,
        victim=victim,
        organisation=rsud,
        referral=referral,
        purpose="Contoh fiktif: pemeriksaan untuk laporan polisi.",
    )
    care_services.home_visit_schedule(
        actor=manager,
        case=case,
        victim=victim,
        scheduled_at=now + timedelta(days=2),
        officer=ppt,
        purpose="Contoh: memantau keamanan anak di rumah.",
    )
    care_services.task_add(
        actor=manager,
        case=case,
        title="Contoh: hubungi sekolah korban tentang pendampingan belajar",
        due_at=now + timedelta(hours=20),
        assignee=manager,
    )
    if stdout is not None:
        stdout.write("Demo referrals: 1 created.\n")
    return 1

"""Builders for partner organisations, shelters, cases and stays.

Organisations and shelters are written straight to the database (like ``UserFactory``): the
shared personas need them, and fixtures must not add rows to the audit chain that the audit
tests count. Behaviour is tested through the services.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from payung.accounts.models import User
from payung.care.models import Shelter, Stay
from payung.cases.choices import PartyRole
from payung.cases.models import Case, CaseParty
from payung.partners.choices import OrganisationKind
from payung.partners.models import Organisation, Service
from tests.factories import CITY, UserFactory, region

SHELTER_ADDRESS = "Jl. Rahasia Uji No. 7, RT 01/RW 02"
OTHER_SHELTER_ADDRESS = "Gang Tersembunyi Uji No. 3"


def make_user(**fields: Any) -> User:
    """``UserFactory`` typed as the ``User`` it returns."""
    return cast(User, UserFactory(**fields))


def make_organisation(
    name: str = "RSUD Uji",
    kind: str = OrganisationKind.HOSPITAL,
    region_code: str = CITY,
    services: tuple[str, ...] = ("medis", "visum"),
    **fields: Any,
) -> Organisation:
    where = region(region_code)
    # A current data-sharing agreement, which referrals need (payung/care/services/referrals.py).
    fields.setdefault("sharing_agreement_reference", f"PKS/{name}/2026")
    fields.setdefault("sharing_agreement_valid_until", date(2099, 12, 31))
    organisation = Organisation.objects.create(
        kind=kind, name=name, region=where, region_code=where.code, **fields
    )
    organisation.services.set(Service.objects.filter(code__in=services))
    return organisation


def make_shelter(
    name: str = "Rumah Aman Uji",
    capacity: int = 2,
    address: str = SHELTER_ADDRESS,
    region_code: str = CITY,
    **fields: Any,
) -> Shelter:
    organisation = make_organisation(
        name=name,
        kind=OrganisationKind.SHELTER,
        region_code=region_code,
        services=("rumah_aman",),
        phone="0343 999 000",
        **fields,
    )
    return Shelter.objects.create(organisation=organisation, capacity=capacity, address=address)


def make_case(owner: User, region_code: str = CITY) -> Case:
    from payung.cases.services import case_open

    return case_open(actor=owner, region_code=region_code, risk_level="sedang", owner=owner)


def make_victim(
    case: Case, name: str = "Mawar Contohsari", alias: str = "", actor: User | None = None
) -> CaseParty:
    """A victim party added to ``case`` through the service."""
    from payung.cases import services as case_services

    actor = actor or case.owner
    assert actor is not None
    return case_services.party_add(
        actor=actor,
        case=case,
        role=PartyRole.VICTIM,
        person=case_services.PersonInput(name=name, alias=alias, sex="p", age_estimate=30),
    ).party


def consent_to_shelter(case: Case, victim: CaseParty, shelter: Shelter, actor: User) -> None:
    """The victim consents to sharing their data with the shelter's organisation."""
    from django.utils import timezone

    from payung.cases import services as case_services

    case_services.consent_record(
        actor=actor,
        case=case,
        subject=victim,
        given_by=victim,
        purpose="berbagi",
        method="tertulis",
        given_on=timezone.localdate(),
        organisation=shelter.organisation,
    )


def make_placeable(
    owner: User, shelter: Shelter, name: str = "Mawar Contohsari"
) -> tuple[Case, CaseParty]:
    """A case of ``owner`` with a victim who consented to sharing with ``shelter``."""
    case = make_case(owner)
    victim = make_victim(case, name=name)
    consent_to_shelter(case, victim, shelter, owner)
    return case, victim


def make_stay(
    shelter: Shelter,
    case: Case,
    alias: str = "Mawar",
    party: CaseParty | None = None,
    **fields: Any,
) -> Stay:
    """A stay written directly (capacity is the service's business, tested there), for
    ``party`` or else the case's first victim (added when the case has none)."""
    from django.utils import timezone

    assert case.owner is not None
    if party is None:
        party = case.parties.filter(role=PartyRole.VICTIM).order_by("pk").first()
        party = party or make_victim(case)
    return Stay.objects.create(
        shelter=shelter,
        case=case,
        party=party,
        alias=alias,
        admitted_at=timezone.now(),
        admitted_by=case.owner,
        **fields,
    )

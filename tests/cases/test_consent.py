"""Consent: who gave it (a guardian for a child), to what, withdrawals, and overrides."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from payung.audit.models import AuditEvent
from payung.cases import services
from payung.cases.consent import consent_allows
from tests.cases.casework import add_guardian, open_case, victim_of

pytestmark = pytest.mark.django_db

RSUD = "RSUD dr. R. Soedarsono"


def _consent(case, actor, subject, given_by, purpose="berbagi", organisation=RSUD):
    return services.consent_record(
        actor=actor,
        case=case,
        subject=subject,
        given_by=given_by,
        purpose=purpose,
        method="tertulis",
        given_on=timezone.localdate(),
        organisation=organisation if purpose == "berbagi" else None,
    )


def test_an_adult_consents_to_sharing_with_a_named_provider(personas) -> None:
    case = open_case(personas)
    victim = victim_of(case)
    person = victim.person
    assert not consent_allows(case, person, "berbagi", organisation=RSUD)
    consent = _consent(case, personas.case_manager, victim, victim)
    assert consent_allows(case, person, "berbagi", organisation="  rsud DR. R. soedarsono ")
    assert not consent_allows(case, person, "berbagi", organisation="LBH Surabaya")
    assert not consent_allows(case, person, "pemrosesan")
    services.consent_withdraw(actor=personas.case_manager, case=case, consent=consent, note="minta")
    assert not consent_allows(case, person, "berbagi", organisation=RSUD)


def test_consent_matches_a_care_organisation_by_id(personas) -> None:
    case = open_case(personas)
    victim = victim_of(case)

    # A real partner the case manager may see (an id that names no visible organisation is
    # refused: tests/cases/test_consent_organisation.py).
    organisation = personas.provider.organisation

    _consent(case, personas.case_manager, victim, victim, organisation=organisation)
    assert consent_allows(case, victim.person, "berbagi", organisation=organisation)
    assert consent_allows(case, victim.person, "berbagi", organisation=organisation.pk)
    assert not consent_allows(case, victim.person, "berbagi", organisation=organisation.pk + 1)


def test_a_childs_consent_must_come_from_a_guardian(personas) -> None:
    case = open_case(personas, child=True)
    victim = victim_of(case)
    with pytest.raises(ValidationError, match="wali"):
        _consent(case, personas.case_manager, victim, victim, purpose="pemrosesan")
    guardian = add_guardian(case, personas.case_manager, victim)
    _consent(case, personas.case_manager, victim, guardian, purpose="pemrosesan")
    assert consent_allows(case, victim.person, "pemrosesan")


def test_another_persons_guardian_cannot_consent(personas) -> None:
    case = open_case(personas, child=True)
    victim = victim_of(case)
    other = services.party_add(
        actor=personas.case_manager,
        case=case,
        role="korban",
        person=services.PersonInput(name="Adik Contoh", alias="Adik", age_estimate=8),
    ).party
    guardian_of_other = add_guardian(case, personas.case_manager, other)
    with pytest.raises(ValidationError):
        _consent(case, personas.case_manager, victim, guardian_of_other, purpose="pemrosesan")


def test_a_supervisor_override_allows_sharing_and_is_audited(personas) -> None:
    case = open_case(personas, child=True)
    victim = victim_of(case)
    with pytest.raises(PermissionDenied):
        services.consent_override_record(
            actor=personas.case_manager,
            case=case,
            subject=victim,
            organisation=RSUD,
            reason="Anak dalam bahaya, wali terduga pelaku.",
        )
    with pytest.raises(ValidationError):
        services.consent_override_record(
            actor=personas.supervisor, case=case, subject=victim, organisation=RSUD, reason="x"
        )
    services.consent_override_record(
        actor=personas.supervisor,
        case=case,
        subject=victim,
        organisation=RSUD,
        reason="Anak dalam bahaya, wali terduga pelaku.",
    )
    assert consent_allows(case, victim.person, "berbagi", organisation=RSUD)
    assert not consent_allows(
        case, victim.person, "berbagi", organisation=RSUD, include_overrides=False
    )
    event = AuditEvent.objects.get(action="case.consent_override")
    assert event.actor == personas.supervisor and "Anak dalam bahaya" not in str(event.changes)


def test_sharing_checks_always_name_an_organisation(personas) -> None:
    case = open_case(personas)
    with pytest.raises(ValueError):
        consent_allows(case, victim_of(case).person, "berbagi")

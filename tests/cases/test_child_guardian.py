"""A perpetrator cannot be the guardian who consents for a child (issue #14 §5)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from payung.audit.models import AuditEvent
from payung.cases import services
from payung.cases.choices import PartyRole
from payung.cases.models import Consent
from tests.cases.casework import NIK_WOMAN, open_case, victim_of

pytestmark = pytest.mark.django_db

PERPETRATOR = "Joko Contohpelaku"


def _with_perpetrator(personas, **person):
    case = open_case(personas, child=True)
    services.party_add(
        actor=personas.case_manager,
        case=case,
        role=PartyRole.PERPETRATOR,
        person=services.PersonInput(name=PERPETRATOR, sex="l", **person),
        relationship="orang_tua",
    )
    return case


def _add_guardian(personas, case, actor=None, **kwargs):
    return services.party_add(
        actor=actor or personas.case_manager,
        case=case,
        role=PartyRole.GUARDIAN,
        guardian_for=victim_of(case),
        guardian_relation="ayah",
        **kwargs,
    )


def test_a_guardian_with_the_perpetrators_name_is_refused_with_a_clear_message(personas) -> None:
    case = _with_perpetrator(personas)
    with pytest.raises(ValidationError) as exc:
        _add_guardian(
            personas, case, person=services.PersonInput(name="joko  CONTOHPELAKU", sex="l")
        )
    assert "tercatat sebagai pelaku" in str(exc.value)
    assert not case.parties.filter(role=PartyRole.GUARDIAN).exists()


def test_a_guardian_with_the_perpetrators_nik_is_refused(personas) -> None:
    case = _with_perpetrator(personas, nik=NIK_WOMAN)
    with pytest.raises(ValidationError):
        _add_guardian(
            personas, case, person=services.PersonInput(name="Nama Lain", nik=NIK_WOMAN, sex="l")
        )


def test_the_perpetrators_own_record_is_refused_as_guardian(personas) -> None:
    case = _with_perpetrator(personas)
    perpetrator = case.parties.get(role=PartyRole.PERPETRATOR).person
    with pytest.raises(ValidationError):
        _add_guardian(personas, case, existing_person=perpetrator)


def test_a_supervisor_may_override_with_a_reason_and_it_is_audited(personas) -> None:
    case = _with_perpetrator(personas)
    with pytest.raises(PermissionDenied):
        _add_guardian(
            personas,
            case,
            person=services.PersonInput(name=PERPETRATOR, sex="l"),
            perpetrator_override="tidak ada wali lain",
        )
    result = _add_guardian(
        personas,
        case,
        actor=personas.supervisor,
        person=services.PersonInput(name=PERPETRATOR, sex="l"),
        perpetrator_override="Nama sama tetapi orang berbeda: diperiksa dengan KK",
    )
    assert result.party.role == PartyRole.GUARDIAN
    event = AuditEvent.objects.get(action="case.guardian_perpetrator_override")
    assert event.actor == personas.supervisor and "diperiksa dengan KK" in event.note
    # The consent from that guardian needs its own override.
    with pytest.raises(ValidationError) as exc:
        services.consent_record(
            actor=personas.case_manager,
            case=case,
            subject=victim_of(case),
            given_by=result.party,
            purpose="pemrosesan",
            method="lisan",
            given_on=timezone.localdate(),
        )
    assert "given_by" in exc.value.message_dict
    assert not Consent.objects.exists()


def test_an_unrelated_guardian_consents_for_the_child(personas) -> None:
    case = _with_perpetrator(personas)
    guardian = _add_guardian(
        personas, case, person=services.PersonInput(name="Sri Contohwali", sex="p")
    ).party
    consent = services.consent_record(
        actor=personas.case_manager,
        case=case,
        subject=victim_of(case),
        given_by=guardian,
        purpose="pemrosesan",
        method="lisan",
        given_on=timezone.localdate(),
    )
    assert consent.given_by == guardian

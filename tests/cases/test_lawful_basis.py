"""The lawful basis of each report and case (issue #14 §4): a report of violence is handled
as a legal obligation, not on a neighbour's tick-box; where consent is the basis, the work
past the assessment needs each victim's processing consent."""

from __future__ import annotations

import pytest
from django.utils import timezone

from payung.audit.models import AuditEvent
from payung.cases import services
from payung.cases.choices import CaseStatus, ConsentPurpose, LawfulBasis
from payung.cases.services.report_states import TransitionError
from tests.accounts.conftest import signed_in
from tests.cases.casework import assess, open_case, victim_of

pytestmark = pytest.mark.django_db


def test_a_report_and_its_case_are_processed_as_a_legal_obligation(personas) -> None:
    case = open_case(personas)
    assert case.created_from.lawful_basis == LawfulBasis.LEGAL_OBLIGATION
    assert case.lawful_basis == LawfulBasis.LEGAL_OBLIGATION
    page = signed_in(personas.case_manager).get(f"/kasus/{case.pk}/").content.decode()
    assert "UU 12/2022 TPKS Pasal 41" in page


def test_with_consent_as_the_basis_planning_needs_the_victims_processing_consent(
    personas,
) -> None:
    manager = personas.case_manager
    case = open_case(personas)
    response = signed_in(manager).post(
        f"/kasus/{case.pk}/dasar-pemrosesan/",
        {"basis-basis": LawfulBasis.CONSENT, "basis-note": "Korban dewasa, bukan TPKS"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.lawful_basis == LawfulBasis.CONSENT
    event = AuditEvent.objects.get(action="case.lawful_basis")
    assert event.changes["lawful_basis"] == [LawfulBasis.LEGAL_OBLIGATION, LawfulBasis.CONSENT]
    services.case_transition(actor=manager, case=case, to=CaseStatus.ASSESSMENT)
    assess(case, manager)
    with pytest.raises(TransitionError) as exc:
        services.case_transition(actor=manager, case=case, to=CaseStatus.PLAN)
    assert "persetujuan pemrosesan" in str(exc.value)
    victim = victim_of(case)
    services.consent_record(
        actor=manager,
        case=case,
        subject=victim,
        given_by=victim,
        purpose=ConsentPurpose.PROCESSING,
        method="lisan",
        given_on=timezone.localdate(),
    )
    services.case_transition(actor=manager, case=case, to=CaseStatus.PLAN)
    case.refresh_from_db()
    assert case.status == CaseStatus.PLAN


def test_under_a_legal_obligation_no_processing_consent_is_needed(personas) -> None:
    manager = personas.case_manager
    case = open_case(personas)
    services.case_transition(actor=manager, case=case, to=CaseStatus.ASSESSMENT)
    assess(case, manager)
    services.case_transition(actor=manager, case=case, to=CaseStatus.PLAN)
    case.refresh_from_db()
    assert case.status == CaseStatus.PLAN

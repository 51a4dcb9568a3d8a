"""The case state machine: from an opened case to an approved closure and a reopen."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from payung.audit.models import AuditEvent
from payung.cases import services
from payung.cases.choices import CaseStatus, ClosureRequestState, DeadlineState, PartyRole
from payung.cases.models import CaseStatusChange, ClosureRequest
from payung.notifications.models import Notification
from tests.cases.casework import (
    CHRONOLOGY,
    VICTIM,
    assess,
    open_case,
    run_to_services,
    victim_of,
)

pytestmark = pytest.mark.django_db


def test_opening_from_a_report_starts_the_record(personas) -> None:
    case = open_case(personas)
    assert case.status == CaseStatus.NEW and case.version >= 1
    roles = sorted(case.parties.values_list("role", flat=True))
    assert roles == [PartyRole.VICTIM, PartyRole.REPORTER]
    assert victim_of(case).person.name == VICTIM
    incident = case.incidents.get()
    assert incident.chronology == CHRONOLOGY and incident.victims.get() == victim_of(case)
    # Deadlines derived from the rules: the medium-risk response, assessment and plan.
    codes = set(case.deadlines.values_list("rule__code", flat=True))
    assert {"respons-risiko-sedang", "asesmen", "rencana-intervensi"} <= codes
    assert "tpks-laporan-polisi" not in codes


def test_the_whole_flow_to_an_approved_closure_and_a_reopen(
    personas, django_capture_on_commit_callbacks
) -> None:
    manager, supervisor = personas.case_manager, personas.supervisor
    case = open_case(personas)
    case = run_to_services(case, manager)
    assert case.status == CaseStatus.SERVICES
    services.case_transition(actor=manager, case=case, to=CaseStatus.MONITORING, note="stabil")
    case.refresh_from_db()
    assert case.deadlines.filter(rule__code="evaluasi-pemantauan", state="terbuka").exists()

    with django_capture_on_commit_callbacks(execute=True):
        request = services.closure_request(
            actor=manager,
            case=case,
            reason="tujuan_tercapai",
            note="Tujuan tercapai.",
            undelivered_reasons={case.plan.items.get().pk: "Konseling selesai di luar rencana."},
        )
    # The supervisor hears about it (a number, never a name).
    note = Notification.objects.get(recipient=supervisor, topic="case.closure_request")
    assert case.number in note.title and VICTIM not in note.title
    case.refresh_from_db()
    assert case.status == CaseStatus.MONITORING  # not closed until approved

    with django_capture_on_commit_callbacks(execute=True):
        services.closure_decide(actor=supervisor, request=request, approve=True, note="Setuju.")
    case.refresh_from_db()
    request.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_at is not None
    assert case.closure_reason == "tujuan_tercapai"
    assert request.state == ClosureRequestState.APPROVED and request.decided_by == supervisor
    assert not case.deadlines.filter(state=DeadlineState.OPEN).exists()
    assert Notification.objects.filter(recipient=manager, topic="case.closure_decided").exists()

    # A closed case is read-only …
    with pytest.raises(services.TransitionError):
        services.note_add(actor=manager, case=case, body="setelah ditutup")
    # … until it is reopened, with a reason.
    with pytest.raises(ValidationError):
        services.case_reopen(actor=supervisor, case=case, note=" ")
    services.case_reopen(actor=supervisor, case=case, note="Korban datang lagi.")
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSMENT and case.closed_at is None

    moves = list(case.status_changes.values_list("from_status", "to_status"))
    assert moves == [
        ("baru", "asesmen"),
        ("asesmen", "rencana"),
        ("rencana", "layanan"),
        ("layanan", "pemantauan"),
        ("pemantauan", "ditutup"),
        ("ditutup", "asesmen"),
    ]
    change = CaseStatusChange.objects.filter(case=case, to_status="pemantauan").get()
    assert change.actor == manager and change.note == "stabil"
    actions = set(
        AuditEvent.objects.filter(target_id=str(case.pk), target_type="cases.case").values_list(
            "action", flat=True
        )
    )
    assert {
        "case.transition",
        "case.closure_request",
        "case.closure_approve",
        "case.reopen",
    } <= actions


def test_moves_outside_the_table_are_refused(personas) -> None:
    case = open_case(personas)
    manager = personas.case_manager
    with pytest.raises(services.TransitionError):
        services.case_transition(actor=manager, case=case, to=CaseStatus.SERVICES)
    with pytest.raises(services.TransitionError):
        services.case_transition(actor=manager, case=case, to=CaseStatus.CLOSED)
    services.case_transition(actor=manager, case=case, to=CaseStatus.ASSESSMENT)
    # Planning needs an assessment; services need a plan agreed with the victim or guardian.
    with pytest.raises(services.TransitionError, match="asesmen"):
        services.case_transition(actor=manager, case=case, to=CaseStatus.PLAN)
    assess(case, manager)
    services.case_transition(actor=manager, case=case, to=CaseStatus.PLAN)
    with pytest.raises(services.TransitionError, match="disepakati"):
        services.case_transition(actor=manager, case=case, to=CaseStatus.SERVICES)


def test_leaving_new_meets_the_response_deadline(personas) -> None:
    case = open_case(personas)
    services.case_transition(actor=personas.case_manager, case=case, to=CaseStatus.ASSESSMENT)
    item = case.deadlines.get(rule__code="respons-risiko-sedang")
    assert item.state == DeadlineState.MET and item.met_by == personas.case_manager


def test_a_rejected_closure_keeps_the_case_open_and_needs_a_reason(personas) -> None:
    case = open_case(personas)
    request = services.closure_request(
        actor=personas.case_manager, case=case, reason="korban_menolak"
    )
    with pytest.raises(services.TransitionError):
        services.closure_request(actor=personas.case_manager, case=case, reason="pindah")
    with pytest.raises(ValidationError):
        services.closure_decide(actor=personas.supervisor, request=request, approve=False)
    services.closure_decide(
        actor=personas.supervisor, request=request, approve=False, note="Coba hubungi lagi."
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW
    assert ClosureRequest.objects.get(pk=request.pk).state == ClosureRequestState.REJECTED
    with pytest.raises(services.TransitionError):
        services.closure_decide(actor=personas.supervisor, request=request, approve=True)


def test_other_reason_needs_an_explanation(personas) -> None:
    case = open_case(personas)
    with pytest.raises(ValidationError):
        services.closure_request(actor=personas.case_manager, case=case, reason="lainnya")


def test_assignment_team_and_transfer(personas) -> None:
    case = open_case(personas)
    supervisor = personas.supervisor
    services.case_assign(actor=supervisor, case=case, owner=personas.case_manager2)
    case.refresh_from_db()
    assert case.owner == personas.case_manager2
    services.case_team_add(actor=supervisor, case=case, member=personas.case_manager)
    assert list(case.team.all()) == [personas.case_manager]
    with pytest.raises(ValidationError):
        services.case_assign(actor=supervisor, case=case, owner=personas.ppt_gentong)
    # To the PPT: the kelurahan's post now handles it; back to the centre.
    services.case_transfer(actor=supervisor, case=case, unit="ppt")
    case.refresh_from_db()
    assert case.unit == "ppt" and case.region_code == case.kelurahan.code
    services.case_transfer(actor=supervisor, case=case, unit="pusat")
    case.refresh_from_db()
    assert case.unit == "pusat"


def test_plan_agreement_for_a_child_comes_from_the_guardian(personas) -> None:
    from tests.cases.casework import add_guardian

    manager = personas.case_manager
    case = open_case(personas, child=True)
    victim = victim_of(case)
    with pytest.raises(ValidationError, match="wali"):
        services.plan_save(
            actor=manager,
            case=case,
            version=None,
            goals="",
            agreed=True,
            agreed_on=date.today(),
            agreed_by=victim,
        )
    guardian = add_guardian(case, manager, victim)
    plan = services.plan_save(
        actor=manager,
        case=case,
        version=None,
        goals="Aman di rumah",
        agreed=True,
        agreed_on=date.today(),
        agreed_by=guardian,
        child_views="Ingin tetap sekolah di tempat yang sama.",
        best_interests="Tetap bersekolah dan jauh dari pelaku.",
    )
    assert plan.agreed and plan.agreed_by == guardian
    assert case.deadlines.get(rule__code="rencana-intervensi").state == DeadlineState.MET

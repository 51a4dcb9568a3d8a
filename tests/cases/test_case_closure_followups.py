"""What follows a case's closure and reopening (issue #17): the reporter's public status,
and who may approve a closure (never the supervisor who asked for it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from payung.accounts.roles import Role
from payung.audit.models import AuditEvent
from payung.cases import services
from payung.cases.choices import CaseStatus, ClosureRequestState
from payung.cases.models import Case, ClosureRequest
from tests.accounts.conftest import signed_in
from tests.cases.helpers import make_submission
from tests.factories import CITY, UserFactory, region

pytestmark = pytest.mark.django_db

STATUS = "/lapor/cek/"


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _public_status(client, submission) -> str:
    """What the reporter reads on the public status page with their code and PIN."""
    html = client.post(STATUS, {"code": submission.code, "pin": submission.pin}).content.decode()
    marker = 'id="report-status">'
    assert marker in html
    return html.split(marker, 1)[1].split("<", 1)[0]


def _close(case: Case, *, requester, approver) -> None:
    request = services.closure_request(actor=requester, case=case, reason="tujuan_tercapai")
    services.closure_decide(actor=approver, request=request, approve=True)


# --- 9. the reporter's public status follows the case -------------------------------------------


def test_the_public_status_follows_the_case_through_closure_and_reopening(client, personas) -> None:
    manager, supervisor = personas.case_manager, personas.supervisor
    first = make_submission(victim_name="Mawar Contohsari")
    second = make_submission(victim_name="Mawar Contohsari")  # the same matter, reported again
    assert _public_status(client, first) == "Diterima"

    case = services.report_open_case(actor=manager, report=first.report, owner=manager)
    services.report_attach_to_case(actor=manager, report=second.report, case=case)
    assert _public_status(client, first) == "Sedang ditangani"
    services.case_transition(actor=manager, case=case, to=CaseStatus.ASSESSMENT)
    assert _public_status(client, first) == "Sedang ditangani"

    request = services.closure_request(actor=manager, case=case, reason="tujuan_tercapai")
    # Asked, not yet approved: still in progress.
    assert _public_status(client, first) == "Sedang ditangani"
    services.closure_decide(actor=supervisor, request=request, approve=True)
    assert _public_status(client, first) == "Selesai"
    assert _public_status(client, second) == "Selesai"

    services.case_reopen(actor=supervisor, case=case, note="Korban datang lagi.")
    assert _public_status(client, first) == "Sedang ditangani"
    assert _public_status(client, second) == "Sedang ditangani"

    _close(case, requester=manager, approver=supervisor)
    assert _public_status(client, first) == "Selesai"
    assert _public_status(client, second) == "Selesai"
    # Each change of what the reporter reads is in the audit trail, with no name in it.
    changes = AuditEvent.objects.filter(
        action="report.public_status", target_id=str(first.report.pk)
    ).order_by("id")
    assert [e.changes["public_status"] for e in changes] == [
        ["ditangani", "selesai"],
        ["selesai", "ditangani"],
        ["ditangani", "selesai"],
    ]
    assert all("Mawar" not in str(e.changes) + e.note for e in changes)


def test_a_rejected_closure_leaves_the_public_status_in_progress(client, personas) -> None:
    submission = make_submission()
    case = services.report_open_case(
        actor=personas.case_manager, report=submission.report, owner=personas.case_manager
    )
    request = services.closure_request(
        actor=personas.case_manager, case=case, reason="korban_menolak"
    )
    services.closure_decide(
        actor=personas.supervisor, request=request, approve=False, note="Hubungi lagi."
    )
    assert _public_status(client, submission) == "Sedang ditangani"


# --- 13. closure is approved by someone other than who asked for it -------------------------------


@pytest.fixture
def second_supervisor():
    return UserFactory(username="kepala_uptd", role=Role.SUPERVISOR, region=region(CITY))


def test_a_supervisor_cannot_approve_their_own_closure_request(personas, second_supervisor) -> None:
    supervisor = personas.supervisor
    submission = make_submission()
    case = services.report_open_case(actor=supervisor, report=submission.report, owner=supervisor)
    request = services.closure_request(actor=supervisor, case=case, reason="tujuan_tercapai")

    with pytest.raises(PermissionDenied):
        services.closure_decide(actor=supervisor, request=request, approve=True)
    case.refresh_from_db()
    request.refresh_from_db()
    assert case.status == CaseStatus.NEW and request.state == ClosureRequestState.PENDING

    # A case manager is no decider at all.
    with pytest.raises(PermissionDenied):
        services.closure_decide(actor=personas.case_manager, request=request, approve=False)

    # Another supervisor (or the head) approves it.
    services.closure_decide(actor=second_supervisor, request=request, approve=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    request.refresh_from_db()
    assert request.decided_by == second_supervisor


def test_a_supervisor_may_withdraw_their_own_closure_request(personas) -> None:
    supervisor = personas.supervisor
    case = services.report_open_case(
        actor=supervisor, report=make_submission().report, owner=supervisor
    )
    request = services.closure_request(actor=supervisor, case=case, reason="pindah")
    services.closure_decide(actor=supervisor, request=request, approve=False, note="Ditarik.")
    request.refresh_from_db()
    assert request.state == ClosureRequestState.REJECTED
    assert Case.objects.get(pk=case.pk).status == CaseStatus.NEW


def test_the_queue_offers_no_approval_of_ones_own_request(personas, second_supervisor) -> None:
    supervisor = personas.supervisor
    case = services.report_open_case(
        actor=supervisor, report=make_submission().report, owner=supervisor
    )
    request = services.closure_request(actor=supervisor, case=case, reason="tujuan_tercapai")
    field = f'name="c{request.pk}-decision" value="setuju"'

    own = signed_in(supervisor)
    html = own.get("/kasus/penutupan/").content.decode()
    assert case.number in html and field not in html
    assert f'id="closure-own-{request.pk}"' in html
    # The same page for another supervisor offers the approval.
    other = signed_in(second_supervisor)
    assert field in other.get("/kasus/penutupan/").content.decode()

    # Posting the approval anyway changes nothing.
    response = own.post(
        f"/kasus/penutupan/{request.pk}/",
        {f"c{request.pk}-decision": "setuju", f"c{request.pk}-note": ""},
    )
    assert response.status_code in (302, 403)
    assert ClosureRequest.objects.get(pk=request.pk).state == ClosureRequestState.PENDING
    assert Case.objects.get(pk=case.pk).status == CaseStatus.NEW

    response = other.post(
        f"/kasus/penutupan/{request.pk}/",
        {f"c{request.pk}-decision": "setuju", f"c{request.pk}-note": ""},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED


def test_the_api_refuses_a_supervisors_approval_of_their_own_request(
    client, personas, second_supervisor
) -> None:
    from payung.accounts.services import api_token_create

    supervisor = personas.supervisor
    case = services.report_open_case(
        actor=supervisor, report=make_submission().report, owner=supervisor
    )
    services.closure_request(actor=supervisor, case=case, reason="tujuan_tercapai")

    def decide(user):
        _token, raw = api_token_create(actor=user, name="uji", days=1)
        return client.post(
            f"/api/v1/cases/{case.pk}/closure/decision",
            {"approve": True, "note": ""},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )

    assert decide(supervisor).status_code == 403
    assert Case.objects.get(pk=case.pk).status == CaseStatus.NEW
    assert decide(second_supervisor).status_code == 200
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED

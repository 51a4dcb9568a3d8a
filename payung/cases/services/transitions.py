"""The case's status machine: transitions, closure request and decision, reopening."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.audit.services import audit_event
from payung.cases import extensions, policies, workflow
from payung.cases.choices import (
    CaseStatus,
    ClosureReason,
    ClosureRequestState,
    ConsentPurpose,
    LawfulBasis,
    PartyRole,
    PublicStatus,
)
from payung.cases.consent import consent_allows
from payung.cases.models import (
    Case,
    CaseParty,
    CasePlan,
    CaseStatusChange,
    ClosureRequest,
    Report,
)
from payung.cases.services.deadlines import RISK_TRIGGERS, _meet_rules, deadline_sync
from payung.cases.services.editing import _check_version, _lock_case, _require_open, _revise
from payung.cases.services.notify import _notify_on_commit
from payung.cases.services.report_states import TransitionError

# --- the state machine ---------------------------------------------------------------------


def _reports_follow_case(case: Case, *, actor: User, public_status: str) -> None:
    """The reporter's coarse status follows the case: "Selesai" once it is closed, "Sedang
    ditangani" again when it is reopened (``PUBLIC_STATUS_FOR`` covers the report's own
    moves; this covers the case's)."""
    reports = list(
        Report.objects.filter(case=case)
        .exclude(public_status=public_status)
        .only("pk", "public_status")
    )
    if not reports:
        return
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(
        public_status=public_status, updated_at=timezone.now()
    )
    for report in reports:
        audit_event(
            actor=actor,
            action="report.public_status",
            target=report,
            target_label=report.label,
            changes={"public_status": [report.public_status, public_status]},
            note=case.number,
        )


def _apply_status(
    case: Case,
    *,
    to: str,
    actor: User,
    reason: str = "",
    note: str = "",
    restore_tasks: bool = False,
) -> CaseStatusChange:
    """Every status change of a case goes through here, so whatever follows a closing or a
    reopening (the reporters' status, the extensions' hooks) happens on every path."""
    before = case.status
    now = timezone.now()
    case.status = to
    case.status_changed_at = now
    fields = ["status", "status_changed_at", "updated_at"]
    if to == CaseStatus.CLOSED:
        case.closed_at = now
        case.closure_reason = reason
        fields += ["closed_at", "closure_reason"]
    elif before == CaseStatus.CLOSED:
        case.closed_at = None
        case.closure_reason = ""
        fields += ["closed_at", "closure_reason"]
    case.save(update_fields=fields)
    change = CaseStatusChange.objects.create(
        case=case, from_status=before, to_status=to, at=now, actor=actor, reason=reason, note=note
    )
    labels = dict(CaseStatus.choices)
    _revise(
        case,
        actor=actor,
        object_type="case",
        object_id=case.pk,
        changes={
            "status": {
                "label": str(_("status")),
                "before": str(labels[before]),
                "after": str(labels[to]),
            }
        },
    )
    audit_event(
        actor=actor,
        action="case.transition",
        target=case,
        target_label=case.number,
        changes={"status": [before, to], "reason": [None, reason or None]},
    )
    if before == CaseStatus.NEW:
        # Leaving "baru" is the first response: the risk-based response deadline is met.
        _meet_rules(case, actor=actor, triggers=RISK_TRIGGERS)
    if to == CaseStatus.CLOSED and before != CaseStatus.CLOSED:
        _reports_follow_case(case, actor=actor, public_status=PublicStatus.DONE)
        extensions.case_closed(actor=actor, case=case, reason=reason)
    elif before == CaseStatus.CLOSED and to != CaseStatus.CLOSED:
        _reports_follow_case(case, actor=actor, public_status=PublicStatus.IN_PROGRESS)
        extensions.case_reopened(actor=actor, case=case, restore=restore_tasks)
    deadline_sync(case=case, actor=actor)
    return change


@transaction.atomic
def case_transition(
    *,
    actor: User,
    case: Case,
    to: str,
    reason: str = "",
    note: str = "",
    version: int | None = None,
) -> Case:
    """Move the case one step (see ``workflow.TRANSITIONS``). Closing and reopening have
    their own services."""
    policies.authorize_case(actor, case, "transition")
    case = _lock_case(case)
    _check_version(case, version, object_type="case", object_id=case.pk, fields={"status"})
    if to == CaseStatus.CLOSED:
        raise TransitionError(
            _("Kasus ditutup melalui permintaan penutupan yang disetujui supervisor."),
            code="transition",
        )
    if workflow.is_reopen(case.status, to):
        raise TransitionError(_("Gunakan 'Buka kembali kasus' dengan alasan."), code="transition")
    move = workflow.find_move(case.status, to)
    if move is None:
        raise TransitionError(
            _("Kasus berstatus %(status)s tidak dapat dipindah ke %(to)s.")
            % {"status": case.get_status_display(), "to": dict(CaseStatus.choices).get(to, to)},
            code="transition",
        )
    if move.needs == "assessment" and not case.assessments.exists():
        raise TransitionError(
            _("Catat asesmen biopsikososial dulu sebelum menyusun rencana intervensi."),
            code="precondition",
        )
    if move.needs == "agreed_plan" and not CasePlan.objects.filter(case=case, agreed=True).exists():
        raise TransitionError(
            _("Rencana intervensi harus disepakati korban atau wali sebelum layanan dimulai."),
            code="precondition",
        )
    if (
        case.lawful_basis == LawfulBasis.CONSENT
        and to in (CaseStatus.PLAN, CaseStatus.SERVICES, CaseStatus.MONITORING)
        and _victims_without_processing_consent(case)
    ):
        raise TransitionError(
            _(
                "Dasar pemrosesan kasus ini adalah persetujuan: catat persetujuan pemrosesan "
                "dari setiap korban (atau wali bagi anak) dulu, atau ubah dasar pemrosesannya."
            ),
            code="precondition",
        )
    _apply_status(case, to=to, actor=actor, reason=reason[:30], note=note.strip())
    return case


def _victims_without_processing_consent(case: Case) -> list[CaseParty]:
    victims = CaseParty.objects.filter(
        case=case, role=PartyRole.VICTIM, person__isnull=False
    ).select_related("person")
    return [
        v
        for v in victims
        if v.person is not None and not consent_allows(case, v.person, ConsentPurpose.PROCESSING)
    ]


@transaction.atomic
def closure_request(
    *,
    actor: User,
    case: Case,
    reason: str,
    note: str = "",
    undelivered_reasons: Mapping[int, str] | None = None,
) -> ClosureRequest:
    """A case worker asks a supervisor to close the case (terminasi).

    Every planned service not delivered needs a reason (``undelivered_reasons``: plan item
    id → reason); the closure checklist the supervisor reads is kept with the request."""
    policies.authorize_case(actor, case, "request_closure")
    case = _lock_case(case)
    _require_open(case)
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": _("Pilih alasan dari daftar.")})
    if reason == ClosureReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Jelaskan alasan penutupan.")})
    if case.closure_requests.filter(state=ClosureRequestState.PENDING).exists():
        raise TransitionError(
            _("Sudah ada permintaan penutupan yang menunggu persetujuan."), code="pending"
        )
    request = ClosureRequest.objects.create(
        case=case,
        reason=reason,
        note=note.strip(),
        requested_by=actor,
        requested_at=timezone.now(),
    )
    extensions.closure_requested(actor=actor, request=request, reasons=undelivered_reasons or {})
    audit_event(
        actor=actor,
        action="case.closure_request",
        target=case,
        target_label=case.number,
        changes={"reason": [None, reason]},
    )
    _notify_on_commit(
        case,
        topic="case.closure_request",
        title_text=_("Permintaan penutupan kasus %(number)s menunggu persetujuan"),
        to="supervisors",
    )
    return request


@transaction.atomic
def closure_decide(
    *, actor: User, request: ClosureRequest, approve: bool, note: str = ""
) -> ClosureRequest:
    """A supervisor approves (the case closes) or rejects a closure request.

    Closure is a second person's decision: a supervisor who asked to close a case may
    withdraw (reject) their own request, but another supervisor approves it."""
    policies.authorize_case(actor, request.case, "approve_closure")
    case = _lock_case(request.case)
    request = ClosureRequest.objects.select_for_update().get(pk=request.pk)
    request.case = case
    if not policies.can_decide_closure(actor, request, approve=False):
        raise PermissionDenied
    if not policies.can_decide_closure(actor, request, approve=approve):
        raise PermissionDenied(
            _("Penutupan yang Anda minta sendiri harus disetujui supervisor lain.")
        )
    if request.state != ClosureRequestState.PENDING:
        raise TransitionError(_("Permintaan ini sudah diputuskan."), code="decided")
    if not approve and not note.strip():
        raise ValidationError({"note": _("Tulis alasan penolakan untuk manajer kasus.")})
    request.state = ClosureRequestState.APPROVED if approve else ClosureRequestState.REJECTED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_note = note.strip()
    request.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    if approve:
        _require_open(case)
        _apply_status(
            case, to=CaseStatus.CLOSED, actor=actor, reason=request.reason, note=request.note
        )
    audit_event(
        actor=actor,
        action="case.closure_approve" if approve else "case.closure_reject",
        target=case,
        target_label=case.number,
        changes={"closure_request": [ClosureRequestState.PENDING, request.state]},
    )
    _notify_on_commit(
        case,
        topic="case.closure_decided",
        title_text=(
            _("Penutupan kasus %(number)s disetujui")
            if approve
            else _("Penutupan kasus %(number)s ditolak")
        ),
        to=[request.requested_by],
    )
    return request


@transaction.atomic
def case_reopen(*, actor: User, case: Case, note: str, restore_tasks: bool = False) -> Case:
    """A supervisor reopens a closed case, with a reason. ``restore_tasks`` puts back the
    follow-up tasks the closure cancelled (extensions decide what that means)."""
    policies.authorize_case(actor, case, "reopen")
    case = _lock_case(case)
    if case.status != CaseStatus.CLOSED:
        raise TransitionError(_("Hanya kasus yang ditutup yang dapat dibuka kembali."))
    if not note.strip():
        raise ValidationError({"note": _("Tulis alasan membuka kembali kasus.")})
    _apply_status(
        case,
        to=CaseStatus.ASSESSMENT,
        actor=actor,
        reason="dibuka_kembali",
        note=note,
        restore_tasks=restore_tasks,
    )
    audit_event(
        actor=actor,
        action="case.reopen",
        target=case,
        target_label=case.number,
        changes={"restore_tasks": [None, restore_tasks]},
    )
    return case

"""The report's state machine: allowed moves and the reporter's coarse status."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.audit.services import audit_event
from payung.cases.choices import (
    PublicStatus,
    ReportStatus,
)
from payung.cases.models import (
    Report,
    ReportEvent,
)
from payung.core.actors import SystemActor, person
from payung.core.statemachine import StateMachine


class TransitionError(ValidationError):
    """The report is not in a state that allows this action."""


class IdempotencyConflict(Exception):
    """The same idempotency key was used before with a different request body."""

    def __init__(self, report: Report) -> None:
        super().__init__("idempotency key reused with a different request")
        self.report = report


# ---------------------------------------------------------------------------------------
# The state machine
# ---------------------------------------------------------------------------------------

TRANSITIONS: dict[str, frozenset[str]] = {
    ReportStatus.NEW: frozenset(
        {ReportStatus.IN_CASE, ReportStatus.REFERRED_OUT, ReportStatus.NOT_A_CASE}
    ),
    ReportStatus.IN_CASE: frozenset(),
    ReportStatus.REFERRED_OUT: frozenset(),
    ReportStatus.NOT_A_CASE: frozenset(),
}

MACHINE = StateMachine(TRANSITIONS, states=ReportStatus.values)

# What the reporter sees for each internal status: nothing finer than this.
PUBLIC_STATUS_FOR: dict[str, str] = {
    ReportStatus.NEW: PublicStatus.RECEIVED,
    ReportStatus.IN_CASE: PublicStatus.IN_PROGRESS,
    ReportStatus.REFERRED_OUT: PublicStatus.DONE,
    ReportStatus.NOT_A_CASE: PublicStatus.DONE,
}


def _check_transition(report: Report, to: str) -> None:
    if not MACHINE.allows(report.status, to):
        raise TransitionError(
            _("Laporan ini sudah ditriase (%(status)s); tindakan ini tidak dapat dilakukan lagi.")
            % {"status": report.get_status_display()},
            code="transition",
        )


def _record(
    report: Report,
    *,
    kind: str,
    actor: User | SystemActor | None,
    data: dict[str, Any] | None = None,
    note: str = "",
) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report,
        kind=kind,
        at=timezone.now(),
        actor=person(actor),
        data=data or {},
        note=note,
    )


def _move(
    report: Report,
    *,
    to: str,
    actor: User,
    kind: str,
    action: str,
    data: dict[str, Any],
    note: str,
    message: str | None,
    extra_fields: tuple[str, ...] = (),
) -> Report:
    """Validate and apply a status move, with its history row and audit event."""
    _check_transition(report, to)
    before = {"status": report.status, "public_status": report.public_status}
    report.status = to
    report.public_status = PUBLIC_STATUS_FOR[to]
    report.triaged_at = timezone.now()
    report.triaged_by = actor
    fields = ["status", "public_status", "triaged_at", "triaged_by", "updated_at"]
    if message is not None and message.strip():
        report.public_message = message.strip()
        fields.append("public_message")
    report.save(update_fields=[*fields, *extra_fields])
    _record(report, kind=kind, actor=actor, data=data, note=note)
    audit_event(
        actor=actor,
        action=action,
        target=report,
        target_label=report.label,
        changes={
            "status": [before["status"], report.status],
            "public_status": [before["public_status"], report.public_status],
            **{k: [None, v] for k, v in data.items()},
        },
    )
    return report

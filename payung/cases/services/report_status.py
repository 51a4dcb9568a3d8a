"""The reporter's status check: tracking code and PIN, with lockout."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from payung.accounts.models import User
from payung.audit.services import audit_event
from payung.cases import codes, policies
from payung.cases.choices import (
    ReportEventKind,
)
from payung.cases.models import (
    Report,
)
from payung.cases.services.report_states import _record
from payung.cases.services.triage import _lock
from payung.core.actors import PUBLIC_FORM

# ---------------------------------------------------------------------------------------
# The reporter's status check
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PinCheck:
    outcome: str  # "ok", "wrong", "locked"
    report: Report | None = None
    failures_left: int = 0


def max_pin_failures() -> int:
    return int(getattr(settings, "REPORT_PIN_MAX_FAILURES", 10))


_DUMMY_HASH: list[str] = []


def _dummy_check(pin: str) -> None:
    """Spend the same time on an unknown code as on a known one."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(codes.hash_pin("000000"))
    codes.check_pin(pin, _DUMMY_HASH[0])


@transaction.atomic
def report_pin_check(*, code: str, pin: str) -> PinCheck:
    """Check a reporter's code and PIN. After ``REPORT_PIN_MAX_FAILURES`` wrong PINs the code
    is locked: even the right PIN is refused until staff unlock it."""
    normalised = codes.normalise_code(code)
    report = (
        Report.objects.select_for_update().filter(code=normalised).first()
        if codes.is_valid_code(normalised)
        else None
    )
    if report is None:
        _dummy_check(pin)
        return PinCheck(outcome="wrong")
    if report.is_locked:
        return PinCheck(outcome="locked")
    if codes.check_pin(pin, report.pin_hash):
        if report.pin_failures:
            report.pin_failures = 0
            report.save(update_fields=["pin_failures"])
            audit_event(
                actor=PUBLIC_FORM,
                action="report.pin_ok_after_failures",
                target=report,
                target_label=report.label,
            )
        return PinCheck(outcome="ok", report=report)
    report.pin_failures += 1
    fields = ["pin_failures"]
    limit = max_pin_failures()
    if report.pin_failures >= limit:
        report.pin_locked_at = timezone.now()
        fields.append("pin_locked_at")
    report.save(update_fields=fields)
    audit_event(
        actor=PUBLIC_FORM,
        action="report.pin_failed",
        target=report,
        target_label=report.label,
        changes={"pin_failures": [report.pin_failures - 1, report.pin_failures]},
    )
    if report.pin_locked_at is not None:
        _record(
            report,
            kind=ReportEventKind.PIN_LOCKED,
            actor=None,
            data={"failures": report.pin_failures},
        )
        audit_event(
            actor=PUBLIC_FORM, action="report.pin_locked", target=report, target_label=report.label
        )
        return PinCheck(outcome="locked")
    return PinCheck(outcome="wrong", failures_left=limit - report.pin_failures)


@transaction.atomic
def report_pin_unlock(*, actor: User, report: Report) -> Report:
    policies.authorize_report(actor, report, "unlock")
    report = _lock(report)
    if not report.is_locked:
        return report
    report.pin_failures = 0
    report.pin_locked_at = None
    report.save(update_fields=["pin_failures", "pin_locked_at", "updated_at"])
    _record(report, kind=ReportEventKind.PIN_UNLOCKED, actor=actor)
    audit_event(actor=actor, action="report.pin_unlock", target=report, target_label=report.label)
    return report

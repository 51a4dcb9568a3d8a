"""Reference data: triage deadlines per risk level (system admin)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.audit.services import audit_event
from payung.cases import deadlines, policies
from payung.cases.choices import (
    ReportStatus,
)
from payung.cases.models import (
    Report,
    TriageDeadlineRule,
)

# ---------------------------------------------------------------------------------------
# Reference data: triage deadlines
# ---------------------------------------------------------------------------------------


@transaction.atomic
def triage_rule_update(
    *, actor: User, rule: TriageDeadlineRule, hours: int, working_days: bool, basis: str
) -> TriageDeadlineRule:
    """Change a deadline rule and recompute the deadline of every report still waiting at
    that risk level, so the queue never mixes old and new rules."""
    policies.authorize_reference(actor)
    if hours < deadlines.MIN_RESPONSE_HOURS or hours > 24 * 30:
        # 0 hours made every report late the moment it arrived ("Lewat batas (0 menit)"):
        # "immediately" is a short explicit window, at least one hour.
        raise ValidationError({"hours": _("Batas waktu antara 1 dan 720 jam.")})
    before = {"hours": rule.hours, "working_days": rule.working_days, "basis": rule.basis}
    rule.hours = hours
    rule.working_days = working_days
    rule.basis = basis.strip()
    rule.full_clean()
    rule.save()
    waiting = Report.objects.select_for_update().filter(
        status=ReportStatus.NEW, risk_level=rule.risk_level
    )
    changed = []
    for report in waiting.only("pk", "received_at", "due_at"):
        report.due_at = deadlines.add_hours(report.received_at, hours, working_days=working_days)
        changed.append(report)
    Report.objects.bulk_update(changed, ["due_at"], batch_size=500)
    audit_event(
        actor=actor,
        action="triage_rule.update",
        target=rule,
        target_label=f"triage_rule:{rule.risk_level}",
        changes={
            "hours": [before["hours"], hours],
            "working_days": [before["working_days"], working_days],
            "basis": [before["basis"], rule.basis],
        },
        note=f"{len(changed)} laporan dihitung ulang",
    )
    return rule

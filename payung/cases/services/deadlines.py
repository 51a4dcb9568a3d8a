"""Legal deadlines on a case: syncing from the rules, recording what was met, follow-ups."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.audit.services import audit_event
from payung.cases import deadlines, policies
from payung.cases.choices import (
    CaseStatus,
    DeadlineState,
    DeadlineTrigger,
    RiskLevel,
)
from payung.cases.models import (
    Case,
    CaseDeadline,
    DeadlineRule,
)
from payung.cases.services.editing import _lock_case, _require_open

# --- deadlines -----------------------------------------------------------------------------

RISK_TRIGGERS: dict[str, str] = {
    RiskLevel.HIGH: DeadlineTrigger.RISK_HIGH,
    RiskLevel.MEDIUM: DeadlineTrigger.RISK_MEDIUM,
    RiskLevel.LOW: DeadlineTrigger.RISK_LOW,
}


def _monitoring_started(case: Case) -> datetime | None:
    change = (
        case.status_changes.filter(to_status=CaseStatus.MONITORING).order_by("-at", "-pk").first()
    )
    return change.at if change else None


def _rule_anchor(case: Case, rule: DeadlineRule) -> datetime | None:
    """When ``rule``'s clock starts for ``case``; None when the rule does not apply."""
    reported = case.reported_at or case.created_at
    trigger = rule.trigger
    if trigger in RISK_TRIGGERS.values():
        return reported if RISK_TRIGGERS.get(case.risk_level) == trigger else None
    if trigger == DeadlineTrigger.CASE_OPENED:
        return case.created_at
    if trigger == DeadlineTrigger.TPKS:
        return reported if case.flag_tpks else None
    if trigger == DeadlineTrigger.KDRT:
        return reported if case.flag_kdrt else None
    if trigger == DeadlineTrigger.MONITORING:
        return _monitoring_started(case) if case.status == CaseStatus.MONITORING else None
    return None


def deadline_sync(*, case: Case, actor: User | None) -> list[CaseDeadline]:
    """Make the case's due items match the rules: add what now applies, set aside (not
    delete) what no longer does. Runs inside the calling service's transaction."""
    existing = {d.rule_id: d for d in case.deadlines.filter(rule__isnull=False)}
    created: list[CaseDeadline] = []
    closed = case.status == CaseStatus.CLOSED
    for rule in DeadlineRule.objects.filter(active=True):
        anchor = None if closed else _rule_anchor(case, rule)
        item = existing.get(rule.pk)
        if anchor is None:
            if item is not None and item.state == DeadlineState.OPEN:
                item.state = DeadlineState.NOT_APPLICABLE
                item.save(update_fields=["state"])
            continue
        if item is None:
            created.append(
                CaseDeadline.objects.create(
                    case=case,
                    rule=rule,
                    title=rule.name,
                    due_at=deadlines.add_hours(anchor, rule.hours, working_days=rule.working_days),
                    created_by=actor if getattr(actor, "pk", None) else None,
                )
            )
        elif item.state == DeadlineState.NOT_APPLICABLE and item.met_at is None:
            item.state = DeadlineState.OPEN
            item.due_at = deadlines.add_hours(anchor, rule.hours, working_days=rule.working_days)
            item.save(update_fields=["state", "due_at"])
    return created


def _meet_rules(
    case: Case,
    *,
    actor: User | None,
    codes: tuple[str, ...] = (),
    triggers: dict[str, str] | None = None,
) -> None:
    items = case.deadlines.filter(state=DeadlineState.OPEN)
    if codes:
        items = items.filter(rule__code__in=codes)
    elif triggers:
        items = items.filter(rule__trigger__in=list(triggers.values()))
    else:
        return
    now = timezone.now()
    for item in items:
        item.state = DeadlineState.MET
        item.met_at = now
        item.met_by = actor if getattr(actor, "pk", None) else None
        item.save(update_fields=["state", "met_at", "met_by"])


@transaction.atomic
def deadline_record(
    *,
    actor: User,
    case: Case,
    deadline: CaseDeadline,
    met_at: datetime | None = None,
    requested_on: date | None = None,
    granted_on: date | None = None,
    note: str = "",
) -> CaseDeadline:
    """Mark a due item met, and for protection steps record when protection was requested
    and granted (and so until when it lasts)."""
    policies.authorize_case(actor, case, "edit")
    case = _lock_case(case)
    _require_open(case)
    if deadline.case_id != case.pk:
        raise ValidationError(_("Tenggat ini bukan bagian dari kasus ini."))
    deadline = (
        CaseDeadline.objects.select_for_update(of=("self",))
        .select_related("rule")
        .get(pk=deadline.pk)
    )
    today = timezone.localdate()
    errors: dict[str, str] = {}
    for name, value in (("requested_on", requested_on), ("granted_on", granted_on)):
        if value and value > today:
            errors[name] = _("Tanggal tidak boleh di masa depan.")
    if requested_on and granted_on and granted_on < requested_on:
        errors["granted_on"] = _("Tanggal diberikan tidak boleh sebelum tanggal diminta.")
    if met_at and met_at > timezone.now():
        errors["met_at"] = _("Waktu dipenuhi tidak boleh di masa depan.")
    if errors:
        raise ValidationError(errors)
    before = deadline.state
    if deadline.state != DeadlineState.MET:
        deadline.state = DeadlineState.MET
        deadline.met_at = met_at or timezone.now()
        deadline.met_by = actor
    deadline.requested_on = requested_on or deadline.requested_on
    deadline.granted_on = granted_on or deadline.granted_on
    days = deadline.rule.protection_days if deadline.rule else None
    if deadline.granted_on and days:
        deadline.protection_until = deadline.granted_on + timedelta(days=days)
    if note.strip():
        deadline.note = note.strip()
    deadline.save()
    audit_event(
        actor=actor,
        action="case.deadline_met",
        target=deadline,
        target_label=case.number,
        changes={
            "state": [before, deadline.state],
            "requested_on": [None, str(deadline.requested_on or "") or None],
            "granted_on": [None, str(deadline.granted_on or "") or None],
        },
    )
    return deadline


@transaction.atomic
def deadline_followup_add(*, actor: User, case: Case, title: str, due_at: datetime) -> CaseDeadline:
    """A follow-up the case worker sets themself (a home visit, a call back)."""
    policies.authorize_case(actor, case, "edit")
    case = _lock_case(case)
    _require_open(case)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Tulis apa yang harus ditindaklanjuti.")})
    item = CaseDeadline.objects.create(
        case=case, title=title[:150], due_at=due_at, created_by=actor
    )
    audit_event(
        actor=actor,
        action="case.followup_add",
        target=item,
        target_label=case.number,
        changes={"due_at": [None, due_at.isoformat()]},
    )
    return item


@transaction.atomic
def case_deadline_rule_update(
    *,
    actor: User,
    rule: DeadlineRule,
    hours: int,
    working_days: bool,
    basis: str,
    active: bool,
    protection_days: int | None = None,
) -> DeadlineRule:
    """Change a rule and recompute the due time of every open item that follows it."""
    policies.authorize_reference(actor)
    if hours < 0 or hours > 24 * 365:
        raise ValidationError({"hours": _("Batas waktu antara 0 dan 8760 jam.")})
    before = {
        "hours": rule.hours,
        "working_days": rule.working_days,
        "basis": rule.basis,
        "active": rule.active,
        "protection_days": rule.protection_days,
    }
    rule.hours = hours
    rule.working_days = working_days
    rule.basis = basis.strip()
    rule.active = active
    if rule.tracks_protection:
        rule.protection_days = protection_days
    rule.save()
    items = (
        CaseDeadline.objects.select_for_update(of=("self",))
        .filter(rule=rule, state=DeadlineState.OPEN)
        .select_related("case")
    )
    changed = []
    for item in items:
        anchor = _rule_anchor(item.case, rule)
        if anchor is not None:
            item.due_at = deadlines.add_hours(anchor, hours, working_days=working_days)
            changed.append(item)
    CaseDeadline.objects.bulk_update(changed, ["due_at"], batch_size=500)
    audit_event(
        actor=actor,
        action="case_deadline_rule.update",
        target=rule,
        target_label=f"case_deadline_rule:{rule.code}",
        changes={k: [v, getattr(rule, k)] for k, v in before.items() if v != getattr(rule, k)},
        note=f"{len(changed)} tenggat dihitung ulang",
    )
    return rule

"""Legal deadlines on a case: syncing from the rules, recording what was met, follow-ups."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.audit.services import audit_event
from payung.cases import deadlines, policies
from payung.cases.choices import (
    CaseStatus,
    DeadlineState,
    DeadlineTrigger,
    ReportStatus,
    RiskLevel,
)
from payung.cases.models import (
    Case,
    CaseDeadline,
    DeadlineRule,
    Report,
    TriageDeadlineRule,
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


def _trigger_moment(case: Case, rule: DeadlineRule) -> datetime | None:
    """When ``rule``'s trigger fires for ``case``; None when the rule does not apply."""
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


def _step_moment(item: CaseDeadline | None, field: str) -> datetime | None:
    """When the step recorded on ``item`` took place, by its ``field`` date.

    A date has no time: it counts from the start of that day (the earlier, safer bound),
    unless the step was marked met on that same day, whose moment is then used. A step
    marked met without the date counts from when it was marked met.
    """
    if item is None or item.state == DeadlineState.NOT_APPLICABLE:
        return None
    day: date | None = getattr(item, field)
    if day is None:
        return item.met_at if item.state == DeadlineState.MET else None
    if item.met_at is not None and timezone.localdate(item.met_at) == day:
        return item.met_at
    return timezone.make_aware(datetime.combine(day, time.min))


# The clock of a rule for a case: NOT_APPLICABLE, WAITING (applies, its anchor step is not
# recorded yet), or the moment it starts.
_NOT_APPLICABLE = "not_applicable"
_WAITING = "waiting"
Clock = datetime | str


def _rule_clock(
    case: Case, rule: DeadlineRule, steps: dict[int | None, CaseDeadline] | None = None
) -> Clock:
    """Whether ``rule`` applies to ``case`` and from when its clock runs.

    ``steps`` are the case's rule items by rule id (read from the database when omitted).
    """
    if _trigger_moment(case, rule) is None:
        return _NOT_APPLICABLE
    if rule.anchor_rule_id is None:
        return _trigger_moment(case, rule) or _NOT_APPLICABLE
    if steps is None:
        step = case.deadlines.filter(rule_id=rule.anchor_rule_id).first()
    else:
        step = steps.get(rule.anchor_rule_id)
    return _step_moment(step, rule.anchor_field) or _WAITING


def _rule_anchor(case: Case, rule: DeadlineRule) -> datetime | None:
    """When ``rule``'s clock starts for ``case``; None when it does not apply or still waits."""
    clock = _rule_clock(case, rule)
    return clock if isinstance(clock, datetime) else None


def _due(anchor: datetime, rule: DeadlineRule) -> datetime:
    return deadlines.add_hours(anchor, rule.hours, working_days=rule.working_days)


def deadline_sync(*, case: Case, actor: User | None) -> list[CaseDeadline]:
    """Make the case's due items match the rules: add what now applies, set aside (not
    delete) what no longer does, and start the clock of items that wait for an earlier
    step once that step is recorded. Runs inside the calling service's transaction."""
    existing = {d.rule_id: d for d in case.deadlines.filter(rule__isnull=False)}
    created: list[CaseDeadline] = []
    closed = case.status == CaseStatus.CLOSED
    # Rules in order, so a step is settled before the rules anchored on it.
    for rule in DeadlineRule.objects.filter(active=True).order_by("order", "pk"):
        clock = _NOT_APPLICABLE if closed else _rule_clock(case, rule, existing)
        item = existing.get(rule.pk)
        if clock == _NOT_APPLICABLE:
            if item is not None and item.state in (DeadlineState.OPEN, DeadlineState.WAITING):
                item.state = DeadlineState.NOT_APPLICABLE
                item.save(update_fields=["state"])
            continue
        due = _due(clock, rule) if isinstance(clock, datetime) else None
        state = DeadlineState.OPEN if due is not None else DeadlineState.WAITING
        if item is None:
            existing[rule.pk] = CaseDeadline.objects.create(
                case=case,
                rule=rule,
                title=rule.name,
                due_at=due,
                state=state,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            created.append(existing[rule.pk])
            continue
        reopen = item.state == DeadlineState.NOT_APPLICABLE and item.met_at is None
        anchored_open = rule.anchor_rule_id is not None and item.state in (
            DeadlineState.OPEN,
            DeadlineState.WAITING,
        )
        if reopen or anchored_open:
            # An anchored item follows its step: recorded, corrected or not yet there.
            if (item.state, item.due_at) != (state, due):
                item.state, item.due_at = state, due
                item.save(update_fields=["state", "due_at"])
        elif item.state == DeadlineState.MET and item.due_at is None and due is not None:
            # Met before its step was recorded: now it can say whether it was late.
            item.due_at = due
            item.save(update_fields=["due_at"])
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
    and granted (and so until when it lasts). Items whose clock starts at this step (the
    PKDRT court-order request after temporary protection) start counting from it."""
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
    deadline_sync(case=case, actor=actor)
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
    if hours < deadlines.MIN_RESPONSE_HOURS or hours > 24 * 365:
        # 0 hours would make the item late the moment it is created.
        raise ValidationError({"hours": _("Batas waktu antara 1 dan 8760 jam.")})
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
    changed = _recount(
        CaseDeadline.objects.filter(
            rule=rule, state__in=[DeadlineState.OPEN, DeadlineState.WAITING]
        )
    )
    audit_event(
        actor=actor,
        action="case_deadline_rule.update",
        target=rule,
        target_label=f"case_deadline_rule:{rule.code}",
        changes={k: [v, getattr(rule, k)] for k, v in before.items() if v != getattr(rule, k)},
        note=f"{len(changed)} tenggat dihitung ulang",
    )
    return rule


def _recount(items: QuerySet[CaseDeadline]) -> list[CaseDeadline]:
    """Recompute the due time of ``items`` (open or waiting) from their rules; returns those
    that changed. A rule that no longer applies is left to the next sync."""
    items = (
        items.select_for_update(of=("self",))
        .filter(rule__isnull=False)
        .select_related("case", "rule")
        .order_by("pk")
    )
    changed = []
    for item in items:
        rule = item.rule
        clock = _NOT_APPLICABLE if rule is None else _rule_clock(item.case, rule)
        if rule is None or clock == _NOT_APPLICABLE:
            continue
        due = _due(clock, rule) if isinstance(clock, datetime) else None
        state = DeadlineState.OPEN if due is not None else DeadlineState.WAITING
        if (item.state, item.due_at) != (state, due):
            item.state, item.due_at = state, due
            changed.append(item)
    CaseDeadline.objects.bulk_update(changed, ["state", "due_at"], batch_size=500)
    return changed


def working_day_recount(*, actor: Any, days: list[date]) -> int:
    """Holidays on ``days`` were added, moved or removed (``payung.calendar`` calls this
    inside its service's transaction): recompute the due times that count working days and
    may cross them — reports waiting for triage and open case items due on or after the
    earliest day. Returns how many changed."""
    since = timezone.make_aware(datetime.combine(min(days), time.min))
    levels = dict(
        TriageDeadlineRule.objects.filter(working_days=True).values_list("risk_level", "hours")
    )
    reports = Report.objects.select_for_update().filter(
        status=ReportStatus.NEW, risk_level__in=list(levels), due_at__gte=since
    )
    moved = []
    for report in reports.only("pk", "received_at", "risk_level", "due_at").order_by("pk"):
        due = deadlines.add_hours(report.received_at, levels[report.risk_level], working_days=True)
        if due != report.due_at:
            report.due_at = due
            moved.append(report)
    Report.objects.bulk_update(moved, ["due_at"], batch_size=500)
    items = _recount(
        CaseDeadline.objects.filter(
            state=DeadlineState.OPEN, rule__working_days=True, due_at__gte=since
        )
    )
    return len(moved) + len(items)

"""Assessment and the case plan."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.audit.services import audit_event
from payung.cases import extensions, policies
from payung.cases.choices import (
    AssessmentDomain,
    NeedLevel,
    PartyRole,
    PlanItemStatus,
)
from payung.cases.models import (
    Assessment,
    Case,
    CaseParty,
    CasePlan,
    PlanItem,
)
from payung.cases.services.deadlines import _meet_rules
from payung.cases.services.editing import (
    _audit_changes,
    _changes,
    _check_version,
    _lock_case,
    _require_open,
    _revise,
    _snapshot,
)
from payung.cases.services.people import PERPETRATOR_GUARDIAN_REFUSED, perpetrator_party_like
from payung.core.actors import SystemActor
from payung.partners.choices import ServiceCode

# --- assessment and plan -------------------------------------------------------------------


@transaction.atomic
def assessment_record(
    *,
    actor: User,
    case: Case,
    victim: CaseParty,
    assessed_on: date,
    levels: dict[str, str],
    notes: dict[str, str],
    summary: str = "",
    economic_empowerment_need: bool = False,
    disability_accommodation: bool = False,
) -> Assessment:
    """Record a biopsychosocial assessment of one victim (a new row each time)."""
    policies.authorize_case(actor, case, "edit")
    case = _lock_case(case)
    _require_open(case)
    errors: dict[str, str] = {}
    if victim.case_id != case.pk or victim.role != PartyRole.VICTIM:
        errors["victim"] = _("Pilih korban dari kasus ini.")
    if assessed_on > timezone.localdate():
        errors["assessed_on"] = _("Tanggal asesmen tidak boleh di masa depan.")
    domains = set(AssessmentDomain.values)
    if set(levels) - domains or set(notes) - domains:
        errors["levels"] = _("Bidang asesmen tidak dikenal.")
    if not set(levels.values()) <= set(NeedLevel.values):
        errors["levels"] = _("Tingkat kebutuhan tidak dikenal.")
    if missing := domains - set(levels):
        errors["levels"] = _("Isi tingkat kebutuhan untuk semua bidang (%(missing)s).") % {
            "missing": ", ".join(sorted(missing))
        }
    if errors:
        raise ValidationError(errors)
    assessment = Assessment(
        case=case,
        victim=victim,
        assessed_on=assessed_on,
        assessed_by=actor,
        levels={k: levels[k] for k in AssessmentDomain.values},
        summary=summary.strip(),
        economic_empowerment_need=economic_empowerment_need,
        disability_accommodation=disability_accommodation,
    )
    for domain, attname in Assessment.NOTE_FIELDS.items():
        setattr(assessment, attname, notes.get(domain, "").strip())
    assessment.save()
    audit_event(
        actor=actor,
        action="case.assessment",
        target=assessment,
        target_label=case.number,
        changes={
            "levels": [None, assessment.levels],
            "economic_empowerment_need": [None, economic_empowerment_need],
        },
    )
    _meet_rules(case, actor=actor, codes=("asesmen",))
    return assessment


PLAN_FIELDS = ["goals", "agreed", "agreed_on", "agreed_by", "child_views", "best_interests"]


@transaction.atomic
def plan_save(
    *,
    actor: User,
    case: Case,
    version: int | None,
    goals: str,
    agreed: bool,
    agreed_on: date | None,
    agreed_by: CaseParty | None,
    child_views: str = "",
    best_interests: str = "",
) -> CasePlan:
    """Save the case plan's goals and whether the victim (or a child's guardian) agreed.

    With a child victim, the plan is agreed by *that child's* guardian (a guardian party for
    one of the case's child victims, who is not a perpetrator of the case), after the
    child's own views and a best-interests note are recorded (issue #14)."""
    policies.authorize_case(actor, case, "edit")
    case = _lock_case(case)
    _require_open(case)
    plan, _created = CasePlan.objects.select_for_update().get_or_create(case=case)
    _check_version(case, version, object_type="plan", object_id=plan.pk, fields=set(PLAN_FIELDS))
    errors: dict[str, str] = {}
    if agreed:
        if agreed_on is None:
            errors["agreed_on"] = _("Isi tanggal rencana disepakati.")
        elif agreed_on > timezone.localdate():
            errors["agreed_on"] = _("Tanggal tidak boleh di masa depan.")
        children = {
            v.pk
            for v in CaseParty.objects.filter(case=case, role=PartyRole.VICTIM).select_related(
                "person"
            )
            if v.person is not None and v.person.is_child
        }
        if agreed_by is None or agreed_by.case_id != case.pk:
            errors["agreed_by"] = _("Pilih korban atau wali yang menyepakati.")
        elif agreed_by.role == PartyRole.VICTIM:
            if children:
                errors["agreed_by"] = _("Korban anak: rencana disepakati oleh walinya.")
        elif agreed_by.role != PartyRole.GUARDIAN:
            errors["agreed_by"] = _("Hanya korban atau wali yang dapat menyepakati rencana.")
        elif children and agreed_by.guardian_for_id not in children:
            errors["agreed_by"] = _("Rencana untuk korban anak disepakati oleh wali anak itu.")
        elif perpetrator_party_like(case, agreed_by.person) is not None:
            errors["agreed_by"] = str(PERPETRATOR_GUARDIAN_REFUSED)
        if children and not child_views.strip():
            errors["child_views"] = _("Catat pendapat anak sendiri tentang rencana ini.")
        if children and not best_interests.strip():
            errors["best_interests"] = _("Catat mengapa rencana ini demi kepentingan terbaik anak.")
    else:
        agreed_on, agreed_by = None, None
    if errors:
        raise ValidationError(errors)
    before = _snapshot(plan, PLAN_FIELDS)
    was_agreed = plan.agreed
    plan.goals = goals.strip()
    plan.agreed = agreed
    plan.agreed_on = agreed_on
    plan.agreed_by = agreed_by
    plan.child_views = child_views.strip()
    plan.best_interests = best_interests.strip()
    plan.updated_by = actor
    plan.save()
    changes = _changes(plan, before, PLAN_FIELDS)
    _revise(case, actor=actor, object_type="plan", object_id=plan.pk, changes=changes)
    audit_event(
        actor=actor,
        action="case.plan_save",
        target=plan,
        target_label=case.number,
        changes=_audit_changes(changes),
    )
    if agreed and not was_agreed:
        _meet_rules(case, actor=actor, codes=("rencana-intervensi",))
    if agreed:
        # An agreed plan's services become tasks with due dates (care, through the case's
        # extension points).
        extensions.plan_agreed(actor=actor, case=case)
    return plan


@transaction.atomic
def plan_item_add(
    *,
    actor: User,
    case: Case,
    service: str,
    goal: str = "",
    provider_name: str = "",
    target_date: date | None = None,
) -> PlanItem:
    policies.authorize_case(actor, case, "edit")
    case = _lock_case(case)
    _require_open(case)
    if service not in ServiceCode.values:
        raise ValidationError({"service": _("Layanan tidak dikenal.")})
    plan, _created = CasePlan.objects.get_or_create(case=case)
    item = PlanItem.objects.create(
        plan=plan,
        service=service,
        goal=goal.strip(),
        provider_name=provider_name.strip()[:200],
        target_date=target_date,
    )
    audit_event(
        actor=actor,
        action="case.plan_item_add",
        target=item,
        target_label=case.number,
        changes={"service": [None, service]},
    )
    if plan.agreed:
        extensions.plan_agreed(actor=actor, case=case)
    return item


@transaction.atomic
def plan_item_set_status(
    *,
    actor: User | SystemActor,
    case: Case,
    item: PlanItem,
    status: str,
    done_on: date | None = None,
) -> PlanItem:
    policies.authorize_case(actor, case, "edit")
    case = _lock_case(case)
    _require_open(case)
    if item.plan.case_id != case.pk:
        raise ValidationError(_("Layanan ini bukan bagian dari kasus ini."))
    if status not in PlanItemStatus.values:
        raise ValidationError({"status": _("Status tidak dikenal.")})
    before = item.status
    item.status = status
    item.done_on = (done_on or timezone.localdate()) if status == PlanItemStatus.DONE else None
    item.save(update_fields=["status", "done_on"])
    audit_event(
        actor=actor,
        action="case.plan_item_status",
        target=item,
        target_label=case.number,
        changes={"status": [before, status]},
    )
    return item

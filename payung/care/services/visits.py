"""Home visits: planned, done, with the safety check."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.audit.services import audit_event
from payung.care import notify, policies
from payung.care.choices import HomeVisitStatus, ServiceOutcome
from payung.care.models import (
    HomeVisit,
    Reintegration,
)
from payung.care.services.accompaniment import _check_officer
from payung.care.services.service_records import _internal_unit_of, _record_service, _service
from payung.care.services.sharing import _require_case_work, _require_victim, _stored
from payung.cases.models import (
    Case,
    CaseParty,
)
from payung.core.actors import require_actor
from payung.partners.choices import ServiceCode

# --- home visits -------------------------------------------------------------------------


@transaction.atomic
def home_visit_schedule(
    *,
    actor: User,
    case: Case,
    victim: CaseParty,
    scheduled_at: datetime,
    officer: User,
    purpose: str = "",
    reintegration: Reintegration | None = None,
) -> HomeVisit:
    """Schedule a home visit and assign the officer (who sees it under "Kunjungan saya")."""
    case = _require_case_work(actor, case)
    errors: dict[str, Any] = {}
    _require_victim(errors, case, victim)
    _check_officer(errors, officer, case, "officer")
    if timezone.is_naive(scheduled_at):
        scheduled_at = timezone.make_aware(scheduled_at)
    if reintegration is not None and reintegration.case_id != case.pk:
        errors["reintegration"] = _("Kepulangan ini bukan bagian dari kasus ini.")
    if errors:
        raise ValidationError(errors)
    visit = HomeVisit.objects.create(
        case=case,
        victim=victim,
        reintegration=reintegration,
        scheduled_at=scheduled_at,
        officer=officer,
        purpose=purpose.strip()[:2000],
        created_by=actor,
    )
    audit_event(
        actor=actor,
        action="home_visit.schedule",
        target=visit,
        target_label=case.number,
        changes={
            "scheduled_at": [None, scheduled_at.isoformat()],
            "officer": [None, officer.pk],
            "reintegration": [None, reintegration.pk if reintegration else None],
        },
    )
    if officer.pk != actor.pk:
        notify.user_on_commit(
            officer,
            topic="home_visit.assigned",
            title=_("Kunjungan rumah kasus %(number)s dijadwalkan untuk Anda")
            % {"number": case.number},
            url_name="care:my_visits",
        )
    return visit


def _lock_visit(actor: User, visit: HomeVisit) -> HomeVisit:
    require_actor(actor)
    current = (
        HomeVisit.objects.select_for_update().select_related("case", "victim").get(pk=visit.pk)
    )
    if not (
        policies.may_work_case(actor, current.case)
        or (current.officer_id == actor.pk and not current.case.is_closed)
    ):
        raise PermissionDenied
    if current.status != HomeVisitStatus.PLANNED:
        raise ValidationError(_("Kunjungan ini sudah dicatat."), code="done")
    return current


@transaction.atomic
def home_visit_record(
    *,
    actor: User,
    visit: HomeVisit,
    visited_at: datetime,
    findings: str,
    safety_concern: bool = False,
) -> HomeVisit:
    """What the officer found (encrypted). The visit is a delivered home-visit service."""
    current = _lock_visit(actor, visit)
    if timezone.is_naive(visited_at):
        visited_at = timezone.make_aware(visited_at)
    errors: dict[str, Any] = {}
    if visited_at > timezone.now() + timedelta(minutes=5):
        errors["visited_at"] = _("Waktu kunjungan tidak boleh di masa depan.")
    if not findings.strip():
        errors["findings"] = _("Tulis apa yang ditemukan saat kunjungan.")
    if errors:
        raise ValidationError(errors)
    current.status = HomeVisitStatus.DONE
    current.visited_at = visited_at
    current.findings = findings.strip()[:5000]
    current.safety_concern = safety_concern
    current.save(update_fields=["status", "visited_at", "findings", "safety_concern", "updated_at"])
    audit_event(
        actor=actor,
        action="home_visit.record",
        target=current,
        target_label=current.case.number,
        changes={
            "status": [HomeVisitStatus.PLANNED, HomeVisitStatus.DONE],
            "safety_concern": [None, safety_concern],
            "findings": ["", ""],
        },
    )
    _record_service(
        actor=actor,
        case=current.case,
        victim=current.victim,
        service=_service(ServiceCode.HOME_VISIT),
        delivered_on=timezone.localtime(visited_at).date(),
        outcome=ServiceOutcome.DELIVERED,
        description=_stored("Kunjungan rumah."),
        internal_unit=_internal_unit_of(current.officer if current.officer_id else actor),
    )
    if safety_concern:
        notify.case_workers_for_case_on_commit(
            current.case,
            topic="home_visit.concern",
            title_text=_("Kekhawatiran keamanan dicatat saat kunjungan rumah kasus %(number)s"),
        )
    return current


@transaction.atomic
def home_visit_cancel(*, actor: User, visit: HomeVisit, reason: str) -> HomeVisit:
    current = _lock_visit(actor, visit)
    if not reason.strip():
        raise ValidationError({"reason": _("Tulis alasan pembatalan.")})
    current.status = HomeVisitStatus.CANCELLED
    current.findings = reason.strip()[:2000]
    current.save(update_fields=["status", "findings", "updated_at"])
    audit_event(
        actor=actor,
        action="home_visit.cancel",
        target=current,
        target_label=current.case.number,
        changes={"status": [HomeVisitStatus.PLANNED, HomeVisitStatus.CANCELLED]},
    )
    return current

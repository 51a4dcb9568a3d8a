"""Accompaniment: escorting the victim to police, court, hospital."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.audit.services import audit_event
from payung.care import policies
from payung.care.choices import (
    AccompanimentDestination,
)
from payung.care.models import (
    Accompaniment,
)
from payung.care.services.sharing import _require_case_work, _require_victim
from payung.cases.models import (
    Case,
    CaseParty,
)
from payung.core.actors import require_actor

# --- accompaniment -------------------------------------------------------------------------


def _check_officer(errors: dict[str, Any], officer: User | None, case: Case, field: str) -> None:
    if officer is None or not policies.may_be_assigned(officer, case):
        errors[field] = _("Pilih petugas aktif yang dapat membuka kasus ini.")


@transaction.atomic
def accompaniment_plan(
    *,
    actor: User,
    case: Case,
    victim: CaseParty,
    destination: str,
    scheduled_on: date,
    officer: User,
    place: str = "",
    purpose: str = "",
) -> Accompaniment:
    """Plan accompanying a victim to the police, prosecutor, court or a hospital."""
    case = _require_case_work(actor, case)
    errors: dict[str, Any] = {}
    _require_victim(errors, case, victim)
    if destination not in AccompanimentDestination.values:
        errors["destination"] = _("Pilih tujuan pendampingan.")
    _check_officer(errors, officer, case, "officer")
    if errors:
        raise ValidationError(errors)
    item = Accompaniment.objects.create(
        case=case,
        victim=victim,
        destination=destination,
        place=place.strip()[:200],
        scheduled_on=scheduled_on,
        officer=officer,
        purpose=purpose.strip()[:2000],
        created_by=actor,
    )
    audit_event(
        actor=actor,
        action="accompaniment.plan",
        target=item,
        target_label=case.number,
        changes={
            "destination": [None, destination],
            "scheduled_on": [None, scheduled_on.isoformat()],
            "officer": [None, officer.pk],
        },
    )
    return item


@transaction.atomic
def accompaniment_record_outcome(
    *, actor: User, accompaniment: Accompaniment, completed_on: date, outcome: str
) -> Accompaniment:
    require_actor(actor)
    item = Accompaniment.objects.select_for_update().select_related("case").get(pk=accompaniment.pk)
    if not (
        policies.may_work_case(actor, item.case)
        or (item.officer_id == actor.pk and not item.case.is_closed)
    ):
        raise PermissionDenied
    errors: dict[str, Any] = {}
    if completed_on > timezone.localdate():
        errors["completed_on"] = _("Tanggal tidak boleh di masa depan.")
    if not outcome.strip():
        errors["outcome"] = _("Tulis hasil pendampingan.")
    if errors:
        raise ValidationError(errors)
    before = item.completed_on
    item.completed_on = completed_on
    item.outcome = outcome.strip()[:5000]
    item.save(update_fields=["completed_on", "outcome", "updated_at"])
    audit_event(
        actor=actor,
        action="accompaniment.outcome",
        target=item,
        target_label=item.case.number,
        changes={
            "completed_on": [before.isoformat() if before else None, completed_on.isoformat()],
            "outcome": ["", ""],
        },
    )
    return item

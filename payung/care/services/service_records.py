"""Delivered services recorded by the centre or the provider."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.accounts.roles import Role
from payung.audit.services import audit_event
from payung.care.choices import (
    InternalUnit,
    ServiceOutcome,
    TaskStatus,
)
from payung.care.models import Referral, ServiceRecord, Task
from payung.care.services.sharing import _require_case_work, _require_victim
from payung.cases.choices import PlanItemStatus
from payung.cases.models import (
    Case,
    CaseParty,
    PlanItem,
)
from payung.cases.services import plan_item_set_status
from payung.core.actors import SystemActor
from payung.partners import policies as partner_policies
from payung.partners.models import Organisation, Service

# --- delivered services ----------------------------------------------------------------------


SERVICE_DELIVERED = SystemActor("service_delivered")


def _record_service(
    *,
    actor: User,
    case: Case,
    victim: CaseParty,
    service: Service,
    delivered_on: date,
    outcome: str,
    description: str = "",
    organisation: Organisation | None = None,
    internal_unit: str = "",
    simfoni_category: str = "",
    referral: Referral | None = None,
) -> ServiceRecord:
    errors: dict[str, Any] = {}
    _require_victim(errors, case, victim)
    if outcome not in ServiceOutcome.values:
        errors["outcome"] = _("Pilih hasil layanan.")
    if delivered_on > timezone.localdate():
        errors["delivered_on"] = _("Tanggal layanan tidak boleh di masa depan.")
    if (organisation is None) == (not internal_unit):
        errors["organisation"] = _(
            "Pilih lembaga mitra atau unit internal yang memberikan layanan."
        )
    elif internal_unit and internal_unit not in InternalUnit.values:
        errors["internal_unit"] = _("Unit tidak dikenal.")
    category = simfoni_category or service.simfoni_category
    if category not in service.simfoni_categories:
        errors["simfoni_category"] = _("Kategori SIMFONI-PPA ini tidak berlaku untuk layanan ini.")
    if len(description.strip()) > 5000:
        errors["description"] = _("Uraian paling panjang 5.000 karakter.")
    if errors:
        raise ValidationError(errors)
    record = ServiceRecord.objects.create(
        case=case,
        victim=victim,
        service=service,
        simfoni_category=category,
        delivered_on=delivered_on,
        organisation=organisation,
        internal_unit=internal_unit,
        description=description.strip(),
        outcome=outcome,
        referral=referral,
        recorded_by=actor,
    )
    audit_event(
        actor=actor,
        action="service_record.add",
        target=record,
        target_label=case.number,
        changes={
            "service": [None, service.code],
            "simfoni_category": [None, category],
            "outcome": [None, outcome],
            "organisation": [None, organisation.pk if organisation else None],
            "internal_unit": [None, internal_unit or None],
        },
    )
    if record.delivered:
        _planned_service_delivered(actor=actor, case=case, service=service, on=delivered_on)
    return record


def _planned_service_delivered(*, actor: User, case: Case, service: Service, on: date) -> None:
    """Tick the first open planned item of this service off, and close its task."""
    item = (
        PlanItem.objects.filter(
            plan__case=case,
            service=service.code,
            status__in=[PlanItemStatus.PLANNED, PlanItemStatus.IN_PROGRESS],
        )
        .order_by("pk")
        .first()
    )
    if item is None or case.is_closed:
        return
    # The person who delivered (a provider's staff, say) may not edit the case's plan; the
    # tick is a consequence of the delivery recorded above, so the system makes it and the
    # delivery's own audit event names the person.
    plan_item_set_status(
        actor=SERVICE_DELIVERED,
        case=case,
        item=item,
        status=PlanItemStatus.DONE,
        done_on=on,
    )
    now = timezone.now()
    for task in Task.objects.select_for_update().filter(plan_item=item, status=TaskStatus.OPEN):
        task.status = TaskStatus.DONE
        task.done_at = now
        task.done_by = actor
        task.save(update_fields=["status", "done_at", "done_by", "updated_at"])
        audit_event(
            actor=actor,
            action="task.done",
            target=task,
            target_label=case.number,
            changes={"status": [TaskStatus.OPEN, TaskStatus.DONE]},
            note="layanan tercatat terlaksana",
        )


@transaction.atomic
def service_record_add(
    *,
    actor: User,
    case: Case,
    victim: CaseParty,
    service: Service,
    delivered_on: date,
    outcome: str,
    description: str = "",
    organisation: Organisation | None = None,
    internal_unit: str = "",
    simfoni_category: str = "",
) -> ServiceRecord:
    """Staff record a service delivered to a victim of the case (by a partner or by us)."""
    case = _require_case_work(actor, case)
    if organisation is not None and not (
        partner_policies.organisations_visible_to(actor).filter(pk=organisation.pk).exists()
    ):
        raise ValidationError({"organisation": _("Pilih lembaga dari daftar mitra.")})
    return _record_service(
        actor=actor,
        case=case,
        victim=victim,
        service=service,
        delivered_on=delivered_on,
        outcome=outcome,
        description=description,
        organisation=organisation,
        internal_unit=internal_unit,
        simfoni_category=simfoni_category,
    )


def _internal_unit_of(user: User) -> str:
    return InternalUnit.PPT if user.role == Role.PPT_OFFICER else InternalUnit.CENTRE


def _service(code: str) -> Service:
    return Service.objects.get(code=code)

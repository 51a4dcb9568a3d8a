"""Shelters (the safe house): capacity, the confidential address, stays and occupancy."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.audit.services import audit_event
from payung.care import policies
from payung.care.choices import DischargeReason, ServiceOutcome
from payung.care.models import Shelter, Stay
from payung.care.services.service_records import _record_service
from payung.care.services.sharing import _require_victim, _sharing_basis
from payung.cases.choices import CaseStatus
from payung.cases.models import (
    Case,
    CaseParty,
)
from payung.core.actors import SystemActor, is_system, require_actor
from payung.partners.choices import ServiceCode
from payung.partners.models import Service

# --- shelters ------------------------------------------------------------------------------


def _lock_shelter(shelter: Shelter) -> Shelter:
    """Lock the shelter row: admissions and capacity changes to one shelter run one at a time."""
    return Shelter.objects.select_for_update().select_related("organisation").get(pk=shelter.pk)


def occupancy(shelter: Shelter) -> int:
    return Stay.objects.filter(shelter=shelter, discharged_at__isnull=True).count()


def _shelter_capacity_set(shelter: Shelter, capacity: int) -> list[int] | None:
    """Set the capacity under the row lock; refuses to go below current occupancy.
    Returns ``[before, after]`` when it changed."""
    locked = _lock_shelter(shelter)
    if locked.capacity == capacity:
        return None
    current = occupancy(locked)
    if capacity < current:
        raise ValidationError(
            {
                "capacity": _(
                    "Kapasitas tidak boleh lebih kecil dari jumlah penghuni saat ini (%(n)s)."
                )
                % {"n": current}
            }
        )
    before = locked.capacity
    locked.capacity = capacity
    locked.full_clean()
    locked.save(update_fields=["capacity", "updated_at"])
    return [before, capacity]


@transaction.atomic
def shelter_update(
    *,
    actor: User | SystemActor,
    shelter: Shelter,
    address: str | None = None,
    capacity: int | None = None,
) -> Shelter:
    """Record the confidential address or change the capacity: the shelter's own staff or a
    supervisor (a ``SystemActor``: demo data). The address never enters the audit trail, only
    the fact that it changed."""
    require_actor(actor)
    if not is_system(actor) and not policies.may_manage_shelter(actor, shelter):
        raise PermissionDenied
    changes: dict[str, Any] = {}
    if capacity is not None:
        changed = _shelter_capacity_set(shelter, capacity)
        if changed is not None:
            changes["capacity"] = changed
    locked = _lock_shelter(shelter)
    if address is not None and address.strip() != locked.address:
        locked.address = address.strip()
        locked.save(update_fields=["address", "updated_at"])
        changes["address"] = ["", ""]  # redacted by the audit trail; recorded as "changed"
    if changes:
        audit_event(
            actor=actor,
            action="shelter.update",
            target=locked,
            target_label=locked.organisation.name,
            changes=changes,
        )
    return locked


class ShelterFull(ValidationError):
    """Raised when an admission would exceed the shelter's capacity."""


@transaction.atomic
def stay_admit(
    *,
    actor: User,
    shelter: Shelter,
    case: Case,
    victim: CaseParty,
    alias: str,
    planned_end: date | None = None,
    note: str = "",
    admitted_at: datetime | None = None,
    override_reason: str = "",
) -> Stay:
    """Admit ``victim`` (a victim party of ``case``) to ``shelter``.

    A placement shares the victim with the shelter, so it needs the victim's consent to
    share with the shelter's organisation, or a supervisor's override with a reason — the
    same check as a referral. The stay records the "rumah aman" service, delivered by the
    shelter's organisation, in the same transaction (what SIMFONI-PPA counts).

    The shelter row is locked (SELECT … FOR UPDATE) before the residents are counted, so two
    concurrent admissions to the last bed cannot both succeed: the second waits, then counts
    the first and is refused with ``ShelterFull``.
    """
    if not policies.may_admit(actor):
        raise PermissionDenied
    if not policies.cases_for_placement(actor).filter(pk=case.pk).exists():
        raise PermissionDenied
    if not policies.shelters_visible_to(actor).filter(pk=shelter.pk).exists():
        raise PermissionDenied
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(
            _("Kasus %(number)s sudah ditutup: buka kembali kasusnya lebih dulu.")
            % {"number": case.number},
            code="case_closed",
        )
    errors: dict[str, Any] = {}
    _require_victim(errors, case, victim)
    alias = " ".join(alias.split())
    if not alias:
        errors["alias"] = _("Isi nama samaran penghuni.")
    if errors:
        raise ValidationError(errors)
    override = _sharing_basis(
        actor=actor,
        case=case,
        victim=victim,
        organisation=shelter.organisation,
        override_reason=override_reason,
        placement=True,
    )
    locked = _lock_shelter(shelter)
    current = occupancy(locked)
    if current >= locked.capacity:
        raise ShelterFull(
            _(
                "Rumah aman %(name)s penuh: %(current)s dari %(capacity)s tempat tidur terisi. "
                "Pilih rumah aman lain, atau tunggu sampai ada penghuni yang keluar."
            )
            % {"name": locked.organisation.name, "current": current, "capacity": locked.capacity},
            code="shelter_full",
        )
    stay = Stay(
        shelter=locked,
        case=case,
        party=victim,
        alias=alias,
        admitted_at=admitted_at or timezone.now(),
        admitted_by=actor,
        planned_end=planned_end,
        admission_note=note.strip(),
    )
    stay.full_clean()
    stay.save()
    stay.service_record = _record_service(
        actor=actor,
        case=case,
        victim=victim,
        service=Service.objects.get(code=ServiceCode.SHELTER),
        delivered_on=timezone.localdate(stay.admitted_at),
        outcome=ServiceOutcome.DELIVERED,
        organisation=locked.organisation,
    )
    stay.save(update_fields=["service_record", "updated_at"])
    audit_event(
        actor=actor,
        action="stay.admit",
        target=stay,
        target_label=f"{case.number} @ {locked.organisation.name}",
        changes={
            "shelter": [None, locked.pk],
            "case": [None, case.number],
            "party": [None, victim.pk],
            "planned_end": [None, planned_end.isoformat() if planned_end else None],
            "occupancy": [current, current + 1],
            "consent": [None, "pengecualian" if override else "persetujuan"],
            "service_record": [None, stay.service_record.pk],
        },
    )
    return stay


@transaction.atomic
def stay_discharge(
    *,
    actor: User,
    stay: Stay,
    reason: str,
    note: str = "",
    discharged_at: datetime | None = None,
) -> Stay:
    """End a current stay with a reason from the list."""
    if not policies.stays_visible_to(actor).filter(pk=stay.pk).exists():
        raise PermissionDenied
    if reason not in DischargeReason.values:
        raise ValidationError({"reason": _("Pilih alasan keluar dari daftar.")})
    _lock_shelter(stay.shelter)
    current = (
        Stay.objects.select_for_update()
        .select_related("case", "shelter__organisation")
        .get(pk=stay.pk)
    )
    if not current.is_current:
        raise ValidationError(_("Penghuni ini sudah keluar dari rumah aman."), code="not_current")
    current.discharged_at = discharged_at or timezone.now()
    current.discharged_by = actor
    current.discharge_reason = reason
    current.discharge_note = note.strip()
    current.full_clean()
    current.save(
        update_fields=[
            "discharged_at",
            "discharged_by",
            "discharge_reason",
            "discharge_note",
            "updated_at",
        ]
    )
    audit_event(
        actor=actor,
        action="stay.discharge",
        target=current,
        target_label=f"{current.case.number} @ {current.shelter.organisation.name}",
        changes={"discharge_reason": [None, reason]},
    )
    return current

"""Every write to the care app: service descriptions, partner organisations, shelters, stays.

Each function is keyword-only, runs in one transaction, checks that the actor may do it, and
writes its audit event in the same transaction. ``actor=None`` is a management command
(demo data); views, the API and tests always pass the signed-in user.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.accounts.roles import Role
from payung.audit.services import audit_event, diff
from payung.care import notify, policies, referrals
from payung.care.choices import (
    AccompanimentDestination,
    DischargeReason,
    HomeVisitStatus,
    InternalUnit,
    ReferralStatus,
    ReturnDestination,
    ServiceCode,
    ServiceOutcome,
    SharedField,
    SimfoniCategory,
    TaskStatus,
    Urgency,
)
from payung.care.models import (
    Accompaniment,
    ClosureServiceNote,
    HomeVisit,
    Organisation,
    Referral,
    ReferralEvent,
    ReferralReport,
    Reintegration,
    Service,
    ServiceRecord,
    Shelter,
    Stay,
    Task,
    VisumLetter,
    VisumNumberCounter,
)
from payung.cases.choices import CaseStatus, ConsentPurpose, PlanItemStatus
from payung.cases.consent import consent_allows
from payung.cases.models import (
    Case,
    CaseParty,
    CasePlan,
    ClosureRequest,
    ConsentOverride,
    PlanItem,
)
from payung.cases.services import consent_override_record
from payung.cases.uploads import AttachmentInput
from payung.regions.models import Region, RegionLevel

SERVICE_EDITABLE_FIELDS = ("description", "simfoni_category", "simfoni_alternatives")
ORGANISATION_EDITABLE_FIELDS = (
    "kind",
    "name",
    "region",
    "address",
    "contact_name",
    "phone",
    "email",
    "is_active",
)


def _check_reference_manager(actor: User | None, region: Region | None = None) -> None:
    if actor is None:
        return
    if not policies.may_manage_reference(actor):
        raise PermissionDenied
    if region is not None and not actor.in_scope(region.code):
        raise PermissionDenied


def _service_codes(services: Iterable[Service]) -> list[str]:
    return sorted(service.code for service in services)


# --- services catalogue --------------------------------------------------------------------


@transaction.atomic
def service_update(*, actor: User | None, service: Service, **fields: Any) -> Service:
    """Change a service's description or SIMFONI-PPA mapping; audits what changed."""
    unknown = sorted(set(fields) - set(SERVICE_EDITABLE_FIELDS))
    if unknown:
        raise ValueError(f"not editable on a service: {', '.join(unknown)}")
    _check_reference_manager(actor)
    current = Service.objects.select_for_update().get(pk=service.pk)
    before = {name: getattr(current, name) for name in fields}
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    changes = diff(before, fields)
    if changes:
        current.save(update_fields=[*changes, "updated_at"])
        audit_event(
            actor=actor,
            action="service.update",
            target=current,
            target_label=current.code,
            changes=changes,
        )
    return current


# --- partner organisations ---------------------------------------------------------------


@transaction.atomic
def organisation_create(
    *,
    actor: User | None,
    kind: str,
    name: str,
    region: Region,
    services: Iterable[Service] = (),
    address: str = "",
    contact_name: str = "",
    phone: str = "",
    email: str = "",
    is_active: bool = True,
    capacity: int | None = None,
) -> Organisation:
    """Register a partner organisation. A safe house (kind ``rumah_aman``) needs its
    ``capacity``; its confidential address is recorded later by its own staff or a
    supervisor (``shelter_update``), never by the admin who registers it."""
    _check_reference_manager(actor, region)
    organisation = Organisation(
        kind=kind,
        name=name.strip(),
        region=region,
        region_code=region.code,
        address=address,
        contact_name=contact_name,
        phone=phone,
        email=email,
        is_active=is_active,
    )
    organisation.full_clean()
    if organisation.is_shelter and capacity is None:
        raise ValidationError({"capacity": _("Isi kapasitas rumah aman (jumlah tempat tidur).")})
    organisation.save()
    offered = list(services)
    organisation.services.set(offered)
    changes: dict[str, Any] = {
        "kind": [None, kind],
        "name": [None, organisation.name],
        "region_code": [None, organisation.region_code],
        "services": [None, _service_codes(offered)],
        "is_active": [None, is_active],
    }
    if organisation.is_shelter:
        assert capacity is not None  # checked before the organisation was saved
        shelter = Shelter(organisation=organisation, capacity=capacity)
        shelter.full_clean()
        shelter.save()
        changes["capacity"] = [None, capacity]
    audit_event(
        actor=actor,
        action="organisation.create",
        target=organisation,
        target_label=organisation.name,
        changes=changes,
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: User | None,
    organisation: Organisation,
    services: Iterable[Service] | None = None,
    capacity: int | None = None,
    **fields: Any,
) -> Organisation:
    """Change an organisation's details, the services it offers, or (for a shelter) its
    capacity. The row is re-read under a lock so "before" is what is stored.

    Its kind cannot move to or from ``rumah_aman``: a shelter has stays and a confidential
    address that belong to it.
    """
    unknown = sorted(set(fields) - set(ORGANISATION_EDITABLE_FIELDS))
    if unknown:
        raise ValueError(f"not editable on an organisation: {', '.join(unknown)}")
    current = (
        Organisation.objects.select_for_update().select_related("region").get(pk=organisation.pk)
    )
    _check_reference_manager(actor, current.region)
    before: dict[str, Any] = {name: getattr(current, name) for name in fields}
    was_shelter = current.is_shelter
    for name, value in fields.items():
        setattr(current, name, value)
    if "name" in fields:
        current.name = current.name.strip()
    if current.is_shelter != was_shelter:
        raise ValidationError(
            {"kind": _("Jenis rumah aman tidak dapat diubah menjadi jenis lain, atau sebaliknya.")}
        )
    _check_reference_manager(actor, current.region)
    current.full_clean()
    after: dict[str, Any] = {name: getattr(current, name) for name in fields}
    changes = diff(
        {k: (v.code if isinstance(v, Region) else v) for k, v in before.items()},
        {k: (v.code if isinstance(v, Region) else v) for k, v in after.items()},
    )
    if changes:
        current.save()
    if services is not None:
        old_codes = _service_codes(current.services.all())
        new = list(services)
        if _service_codes(new) != old_codes:
            current.services.set(new)
            changes["services"] = [old_codes, _service_codes(new)]
    if capacity is not None and current.is_shelter:
        shelter = _shelter_capacity_set(current.shelter, capacity)
        if shelter is not None:
            changes["capacity"] = shelter
    if changes:
        audit_event(
            actor=actor,
            action="organisation.update",
            target=current,
            target_label=current.name,
            changes=changes,
        )
    return current


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
    actor: User | None,
    shelter: Shelter,
    address: str | None = None,
    capacity: int | None = None,
) -> Shelter:
    """Record the confidential address or change the capacity: the shelter's own staff or a
    supervisor (``actor=None``: demo data). The address never enters the audit trail, only
    the fact that it changed."""
    if actor is not None and not policies.may_manage_shelter(actor, shelter):
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
    alias: str,
    planned_end: date | None = None,
    note: str = "",
    admitted_at: datetime | None = None,
) -> Stay:
    """Admit a victim of ``case`` to ``shelter``.

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
    alias = " ".join(alias.split())
    if not alias:
        raise ValidationError({"alias": _("Isi nama samaran penghuni.")})
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
        alias=alias,
        admitted_at=admitted_at or timezone.now(),
        admitted_by=actor,
        planned_end=planned_end,
        admission_note=note.strip(),
    )
    stay.full_clean()
    stay.save()
    audit_event(
        actor=actor,
        action="stay.admit",
        target=stay,
        target_label=f"{case.number} @ {locked.organisation.name}",
        changes={
            "shelter": [None, locked.pk],
            "case": [None, case.number],
            "planned_end": [None, planned_end.isoformat() if planned_end else None],
            "occupancy": [current, current + 1],
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


# =========================================================================================
# Phase B: referrals, delivered services, visum letters, accompaniment, home visits,
# return and reintegration, tasks, and the closure checklist.
# =========================================================================================


def _stored(text: str, **values: Any) -> str:
    """Text the system writes into a record is data, not interface: it stays in Bahasa
    Indonesia whatever language the officer reads the pages in (so it is not marked for
    translation)."""
    return text % values if values else text


class ConsentRequired(ValidationError):
    """Sharing with this organisation has no consent (and no supervisor's override)."""


class ReferralTransitionError(ValidationError):
    """The referral is not in a status that allows this step."""


def _consent_message(organisation: Organisation) -> str:
    return _(
        "Rujukan tidak dikirim: belum ada persetujuan korban (atau wali, untuk korban anak) "
        "untuk berbagi data dengan %(organisation)s. Catat persetujuan berbagi data di bagian "
        "Persetujuan pada halaman kasus, atau minta supervisor mengizinkan dengan alasan."
    ) % {"organisation": organisation.name}


def _sharing_basis(
    *,
    actor: User,
    case: Case,
    victim: CaseParty,
    organisation: Organisation,
    override_reason: str,
) -> ConsentOverride | None:
    """Check the victim's consent to share with ``organisation`` (docs/domain.md#confidentiality).

    Without consent a supervisor may record an override with a reason (audited by
    ``consent_override_record``); anyone else is refused with a clear message.
    """
    assert victim.person is not None
    if consent_allows(case, victim.person, ConsentPurpose.SHARING, organisation=organisation):
        return None
    if not override_reason.strip():
        raise ConsentRequired(_consent_message(organisation), code="consent_required")
    if not policies.is_supervisor(actor):
        raise ConsentRequired(
            _consent_message(organisation)
            + " "
            + _("Hanya supervisor yang dapat mengizinkan berbagi data tanpa persetujuan."),
            code="consent_required",
        )
    return consent_override_record(
        actor=actor,
        case=case,
        subject=victim,
        organisation=organisation,
        reason=override_reason,
    )


def _require_case_work(actor: User, case: Case, *, refer: bool = False) -> Case:
    """The case, re-read, if ``actor`` may record its care (or send referrals for it)."""
    current = policies.care_cases(actor).filter(pk=case.pk).select_related("owner").first()
    if current is None:
        raise PermissionDenied
    allowed = (
        policies.may_refer_on(actor, current) if refer else policies.may_work_case(actor, current)
    )
    if not allowed:
        if current.is_closed:
            raise ValidationError(
                _("Kasus %(number)s sudah ditutup: buka kembali kasusnya lebih dulu.")
                % {"number": current.number},
                code="case_closed",
            )
        raise PermissionDenied
    return current


def _require_victim(errors: dict[str, Any], case: Case, victim: CaseParty | None) -> None:
    if victim is None or not referrals.is_victim(victim, case):
        errors["victim"] = _("Pilih korban dari kasus ini.")


# --- referrals -----------------------------------------------------------------------------


def _lock_referral(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update()
        .select_related("case", "service", "organisation")
        .get(pk=referral.pk)
    )


def _referral_event(
    referral: Referral, *, kind: str, from_status: str, actor: User | None, note: str = ""
) -> ReferralEvent:
    return ReferralEvent.objects.create(
        referral=referral,
        kind=kind,
        from_status=from_status,
        to_status=referral.status,
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        note=note.strip()[:2000],
    )


def _check_move(referral: Referral, to: str) -> None:
    if not referrals.can_move(referral.status, to):
        raise ReferralTransitionError(
            _("Rujukan ini berstatus %(status)s: langkah ini tidak dapat dilakukan.")
            % {"status": referral.get_status_display().lower()},
            code="transition",
        )


def _move_referral(
    referral: Referral,
    *,
    to: str,
    actor: User,
    action: str,
    note: str = "",
    changes: dict[str, Any] | None = None,
) -> Referral:
    """Apply one move of ``referrals.TRANSITIONS`` (the row is already locked)."""
    before = referral.status
    _check_move(referral, to)
    now = timezone.now()
    referral.status = to
    referral.status_changed_at = now
    referral.save()
    _referral_event(referral, kind=to, from_status=before, actor=actor, note=note)
    audit_event(
        actor=actor,
        action=action,
        target=referral,
        target_label=referral.case.number,
        changes={"status": [before, to], **(changes or {})},
    )
    return referral


def _require_inbox(actor: User, referral: Referral) -> None:
    if not policies.inbox_referrals(actor).filter(pk=referral.pk).exists():
        raise PermissionDenied


@transaction.atomic
def referral_send(
    *,
    actor: User,
    case: Case,
    victim: CaseParty,
    service: Service,
    organisation: Organisation,
    urgency: str,
    note: str = "",
    share: Iterable[str] = (),
    override_reason: str = "",
) -> Referral:
    """Refer ``victim`` of ``case`` to ``organisation`` for ``service``.

    Consent to share with that organisation is checked first (``consent_allows``); without
    it only a supervisor's override with a reason lets the referral go. The provider gets
    a snapshot of the minimal data set plus the fields in ``share``, nothing else.
    """
    if not policies.may_refer(actor):
        raise PermissionDenied
    case = _require_case_work(actor, case, refer=True)
    shared = sorted(set(share))
    errors: dict[str, Any] = {}
    _require_victim(errors, case, victim)
    if urgency not in Urgency.values:
        errors["urgency"] = _("Pilih urgensi.")
    if set(shared) - set(SharedField.values):
        errors["share"] = _("Data yang dibagikan tidak dikenal.")
    if len(note.strip()) > 2000:
        errors["note"] = _("Catatan untuk penyedia paling panjang 2.000 karakter.")
    if not organisation.is_active:
        errors["organisation"] = _("Lembaga ini tidak aktif dan tidak menerima rujukan.")
    elif not policies.organisations_visible_to(actor).filter(pk=organisation.pk).exists():
        errors["organisation"] = _("Pilih lembaga dari daftar mitra.")
    elif not organisation.services.filter(pk=service.pk).exists():
        errors["organisation"] = _("%(organisation)s tidak memberikan %(service)s.") % {
            "organisation": organisation.name,
            "service": service.name.lower(),
        }
    if errors:
        raise ValidationError(errors)
    override = _sharing_basis(
        actor=actor,
        case=case,
        victim=victim,
        organisation=organisation,
        override_reason=override_reason,
    )
    now = timezone.now()
    snapshot = referrals.build_snapshot(
        case=case, victim=victim, service=service, urgency=urgency, note=note, shared=shared
    )
    referral = Referral.objects.create(
        case=case,
        victim=victim,
        service=service,
        organisation=organisation,
        urgency=urgency,
        shared_fields=shared,
        snapshot=json.dumps(snapshot, ensure_ascii=False),
        consent_override=override,
        sent_at=now,
        sent_by=actor,
        due_at=referrals.response_due(urgency, now),
        status_changed_at=now,
    )
    _referral_event(referral, kind=ReferralStatus.SENT, from_status="", actor=actor)
    audit_event(
        actor=actor,
        action="referral.send",
        target=referral,
        target_label=case.number,
        changes={
            "service": [None, service.code],
            "organisation": [None, organisation.pk],
            "urgency": [None, urgency],
            "shared_fields": [None, shared],
            "consent": [None, "pengecualian" if override else "persetujuan"],
        },
    )
    notify.provider_on_commit(
        referral,
        topic="referral.new",
        title_text=(
            _("Rujukan baru (segera) untuk %(service)s: %(number)s")
            if urgency == Urgency.URGENT
            else _("Rujukan baru untuk %(service)s: %(number)s")
        ),
        email=True,
    )
    return referral


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral, note: str = "") -> Referral:
    """The provider takes the referral on."""
    _require_inbox(actor, referral)
    referral = _lock_referral(referral)
    referral.responded_at = timezone.now()
    referral.responded_by = actor
    _move_referral(
        referral, to=ReferralStatus.ACCEPTED, actor=actor, action="referral.accept", note=note
    )
    notify.case_workers_on_commit(
        referral,
        topic="referral.accepted",
        title_text=_("Rujukan kasus %(number)s diterima oleh %(organisation)s"),
    )
    return referral


@transaction.atomic
def referral_decline(*, actor: User, referral: Referral, reason: str) -> Referral:
    """The provider declines, saying why (the case worker reads the reason)."""
    _require_inbox(actor, referral)
    if len(reason.strip()) < 5:
        raise ValidationError({"reason": _("Tulis alasan penolakan untuk manajer kasus.")})
    referral = _lock_referral(referral)
    referral.responded_at = timezone.now()
    referral.responded_by = actor
    referral.decline_reason = reason.strip()[:2000]
    _move_referral(
        referral,
        to=ReferralStatus.DECLINED,
        actor=actor,
        action="referral.decline",
        note=reason,
    )
    notify.case_workers_on_commit(
        referral,
        topic="referral.declined",
        title_text=_("Rujukan kasus %(number)s ditolak oleh %(organisation)s"),
    )
    return referral


@transaction.atomic
def referral_schedule(
    *, actor: User, referral: Referral, scheduled_for: datetime, note: str = ""
) -> Referral:
    """The provider sets (or moves) the appointment."""
    _require_inbox(actor, referral)
    if timezone.is_naive(scheduled_for):
        scheduled_for = timezone.make_aware(scheduled_for)
    today = timezone.localdate()
    if timezone.localtime(scheduled_for).date() < today:
        raise ValidationError({"scheduled_for": _("Jadwal tidak boleh sebelum hari ini.")})
    referral = _lock_referral(referral)
    before = referral.scheduled_for
    referral.scheduled_for = scheduled_for
    if referral.responded_at is None:
        referral.responded_at = timezone.now()
        referral.responded_by = actor
    # The history keeps each appointment as it was set (a later one may move it).
    when = timezone.localtime(scheduled_for).strftime("%d-%m-%Y %H:%M")
    _move_referral(
        referral,
        to=ReferralStatus.SCHEDULED,
        actor=actor,
        action="referral.schedule",
        note="\n".join(p for p in (_stored("Jadwal: %(when)s", when=when), note.strip()) if p),
        changes={
            "scheduled_for": [before.isoformat() if before else None, scheduled_for.isoformat()]
        },
    )
    notify.case_workers_on_commit(
        referral,
        topic="referral.scheduled",
        title_text=_("Rujukan kasus %(number)s dijadwalkan oleh %(organisation)s"),
    )
    return referral


@transaction.atomic
def referral_complete(
    *,
    actor: User,
    referral: Referral,
    delivered_on: date,
    outcome: str,
    description: str = "",
    simfoni_category: str = "",
) -> Referral:
    """The provider records what was delivered and the outcome; the delivery becomes a
    service record of the case (and, when given, ticks the planned service off)."""
    _require_inbox(actor, referral)
    referral = _lock_referral(referral)
    _check_move(referral, ReferralStatus.COMPLETED)
    record = _record_service(
        actor=actor,
        case=referral.case,
        victim=referral.victim,
        service=referral.service,
        delivered_on=delivered_on,
        outcome=outcome,
        description=description,
        organisation=referral.organisation,
        simfoni_category=simfoni_category,
        referral=referral,
    )
    referral.completed_at = timezone.now()
    referral.completed_by = actor
    referral.outcome = outcome
    _move_referral(
        referral,
        to=ReferralStatus.COMPLETED,
        actor=actor,
        action="referral.complete",
        changes={"outcome": [None, outcome], "service_record": [None, record.pk]},
    )
    notify.case_workers_on_commit(
        referral,
        topic="referral.completed",
        title_text=_("Rujukan kasus %(number)s selesai di %(organisation)s"),
    )
    return referral


@transaction.atomic
def referral_report_upload(
    *, actor: User, referral: Referral, attachment: AttachmentInput, description: str = ""
) -> ReferralReport:
    """The provider attaches its report (the visum result, say), sealed in the database."""
    _require_inbox(actor, referral)
    referral = _lock_referral(referral)
    if referral.status not in referrals.REPORT_STATUSES:
        raise ReferralTransitionError(
            _("Laporan dapat dilampirkan setelah rujukan diterima (status sekarang: %(s)s).")
            % {"s": referral.get_status_display().lower()},
            code="transition",
        )
    report = ReferralReport(
        referral=referral,
        description=description.strip()[:500],
        content_type=attachment.content_type,
        original_name=attachment.original_name,
        uploaded_by=actor,
    )
    report.seal(attachment.data)
    report.save(force_insert=True)
    _referral_event(referral, kind=ReferralEvent.REPORT, from_status=referral.status, actor=actor)
    audit_event(
        actor=actor,
        action="referral.report_upload",
        target=report,
        target_label=referral.case.number,
        changes={"referral": [None, referral.pk], "size": [None, report.size]},
    )
    notify.case_workers_on_commit(
        referral,
        topic="referral.report",
        title_text=_("Laporan rujukan kasus %(number)s dikirim oleh %(organisation)s"),
    )
    return report


def referral_report_read(report: ReferralReport) -> bytes:
    return report.unseal()


@transaction.atomic
def referral_cancel(*, actor: User, referral: Referral, reason: str) -> Referral:
    """The case worker revokes an open referral, saying why (the provider is told)."""
    if not policies.case_referrals(actor).filter(pk=referral.pk).exists():
        raise PermissionDenied
    if not policies.may_refer_on(actor, referral.case):
        raise PermissionDenied
    if len(reason.strip()) < 5:
        raise ValidationError({"reason": _("Tulis alasan pembatalan.")})
    referral = _lock_referral(referral)
    referral.cancelled_at = timezone.now()
    referral.cancelled_by = actor
    referral.cancel_reason = reason.strip()[:2000]
    _move_referral(
        referral, to=ReferralStatus.CANCELLED, actor=actor, action="referral.cancel", note=reason
    )
    notify.provider_on_commit(
        referral,
        topic="referral.cancelled",
        title_text=_("Rujukan untuk %(service)s dibatalkan: %(number)s"),
        email=True,
    )
    return referral


# --- delivered services ----------------------------------------------------------------------


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
    from payung.cases.services import plan_item_set_status

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
    plan_item_set_status(actor=actor, case=case, item=item, status=PlanItemStatus.DONE, done_on=on)
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
        policies.organisations_visible_to(actor).filter(pk=organisation.pk).exists()
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


# --- the free-visum request letter ---------------------------------------------------------


def _next_visum_number(year: int) -> tuple[int, str]:
    VisumNumberCounter.objects.get_or_create(year=year)
    counter = VisumNumberCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    pattern = str(getattr(settings, "VISUM_NUMBER_PATTERN", "VER/{year}/{seq:04d}"))
    return counter.last, pattern.format(year=year, seq=counter.last)


@transaction.atomic
def visum_letter_issue(
    *,
    actor: User,
    case: Case,
    victim: CaseParty,
    organisation: Organisation,
    police_report_number: str = "",
    purpose: str = "",
    referral: Referral | None = None,
    override_reason: str = "",
) -> VisumLetter:
    """Issue a numbered letter asking ``organisation`` for a free visum et repertum.

    The letter names the victim, so it is sharing: the same consent check as a referral.
    Numbers come from a per-year counter row locked while the number is taken, so two
    letters never share a number and a number is never reused.
    """
    case = _require_case_work(actor, case, refer=True)
    errors: dict[str, Any] = {}
    _require_victim(errors, case, victim)
    visum = _service(ServiceCode.VISUM)
    if not organisation.is_active or not organisation.services.filter(pk=visum.pk).exists():
        errors["organisation"] = _("Pilih lembaga aktif yang memberikan visum.")
    if referral is not None and referral.case_id != case.pk:
        errors["referral"] = _("Rujukan ini bukan bagian dari kasus ini.")
    if errors:
        raise ValidationError(errors)
    _sharing_basis(
        actor=actor,
        case=case,
        victim=victim,
        organisation=organisation,
        override_reason=override_reason,
    )
    now = timezone.now()
    year = timezone.localtime(now).year
    sequence, number = _next_visum_number(year)
    letter = VisumLetter.objects.create(
        case=case,
        victim=victim,
        organisation=organisation,
        referral=referral,
        number=number,
        year=year,
        sequence=sequence,
        police_report_number=police_report_number.strip()[:100],
        purpose=purpose.strip()[:2000],
        issued_at=now,
        issued_by=actor,
    )
    audit_event(
        actor=actor,
        action="visum.issue",
        target=letter,
        target_label=case.number,
        changes={"number": [None, number], "organisation": [None, organisation.pk]},
    )
    return letter


@transaction.atomic
def visum_letter_print(*, actor: User, letter: VisumLetter) -> bytes:
    """The letter as a PDF (each print is in the audit trail)."""
    from payung.care.visum_letter import build_visum_letter

    pdf = build_visum_letter(letter)
    audit_event(actor=actor, action="visum.print", target=letter, target_label=letter.case.number)
    return pdf


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


# --- return and reintegration ----------------------------------------------------------------


def _is_city_kelurahan(region: Region | None) -> bool:
    return (
        region is not None
        and region.code.startswith(f"{settings.PAYUNG_CITY_CODE}.")
        and region.level in (RegionLevel.URBAN_VILLAGE, RegionLevel.VILLAGE)
    )


@transaction.atomic
def reintegration_plan(
    *,
    actor: User,
    case: Case,
    victim: CaseParty,
    destination: str,
    planned_on: date,
    kelurahan: Region | None = None,
    outside_place: str = "",
    receiving_unit: str = "",
    receiving_party: str = "",
    note: str = "",
) -> Reintegration:
    """Plan the victim's return: to a kelurahan of the city, or outside it (a place, and
    possibly the UPTD PPA of that region who takes over)."""
    case = _require_case_work(actor, case)
    errors: dict[str, Any] = {}
    _require_victim(errors, case, victim)
    if destination == ReturnDestination.IN_CITY:
        if not _is_city_kelurahan(kelurahan):
            errors["kelurahan"] = _("Pilih kelurahan tujuan di Kota Pasuruan.")
        outside_place = ""
    elif destination == ReturnDestination.OUTSIDE:
        if not outside_place.strip():
            errors["outside_place"] = _("Tulis tempat tujuan di luar kota.")
        kelurahan = None
    else:
        errors["destination"] = _("Pilih tujuan kepulangan.")
    if errors:
        raise ValidationError(errors)
    item = Reintegration.objects.create(
        case=case,
        victim=victim,
        destination=destination,
        kelurahan=kelurahan,
        outside_place=outside_place.strip()[:500],
        receiving_unit=receiving_unit.strip()[:200],
        planned_on=planned_on,
        receiving_party=receiving_party.strip()[:500],
        note=note.strip()[:2000],
        created_by=actor,
    )
    audit_event(
        actor=actor,
        action="reintegration.plan",
        target=item,
        target_label=case.number,
        changes={
            "destination": [None, destination],
            "kelurahan": [None, kelurahan.code if kelurahan else None],
            "receiving_unit": [None, item.receiving_unit or None],
            "planned_on": [None, planned_on.isoformat()],
        },
    )
    return item


@transaction.atomic
def reintegration_handover(
    *,
    actor: User,
    reintegration: Reintegration,
    handed_over_on: date,
    receiving_party: str,
    note: str = "",
) -> Reintegration:
    """Record the handover: the date and who received the victim. The return is a delivered
    service (reintegrasi, counted by SIMFONI-PPA as pemulangan)."""
    item = (
        Reintegration.objects.select_for_update()
        .select_related("case", "victim")
        .get(pk=reintegration.pk)
    )
    case = _require_case_work(actor, item.case)
    errors: dict[str, Any] = {}
    if item.handed_over_on is not None:
        errors["handed_over_on"] = _("Serah terima sudah dicatat.")
    elif handed_over_on > timezone.localdate():
        errors["handed_over_on"] = _("Tanggal tidak boleh di masa depan.")
    if not receiving_party.strip():
        errors["receiving_party"] = _("Tulis pihak yang menerima korban.")
    if errors:
        raise ValidationError(errors)
    item.handed_over_on = handed_over_on
    item.receiving_party = receiving_party.strip()[:500]
    if note.strip():
        item.note = note.strip()[:2000]
    item.save(update_fields=["handed_over_on", "receiving_party", "note", "updated_at"])
    audit_event(
        actor=actor,
        action="reintegration.handover",
        target=item,
        target_label=case.number,
        changes={"handed_over_on": [None, handed_over_on.isoformat()], "receiving_party": ["", ""]},
    )
    service = _service(ServiceCode.REINTEGRATION)
    _record_service(
        actor=actor,
        case=case,
        victim=item.victim,
        service=service,
        delivered_on=handed_over_on,
        outcome=ServiceOutcome.DELIVERED,
        description=_stored("Serah terima kepulangan korban."),
        internal_unit=_internal_unit_of(actor),
        simfoni_category=(
            SimfoniCategory.RETURN_HOME
            if SimfoniCategory.RETURN_HOME in service.simfoni_categories
            else ""
        ),
    )
    return item


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


# --- tasks ---------------------------------------------------------------------------------


def _task_due(day: date) -> datetime:
    """A task due on ``day`` is due at the end of the working day (16:00 local)."""
    return timezone.make_aware(datetime.combine(day, time(16, 0)))


@transaction.atomic
def task_add(*, actor: User, case: Case, title: str, due_at: datetime, assignee: User) -> Task:
    """A follow-up task added by hand, with a due time and an assignee."""
    case = _require_case_work(actor, case)
    errors: dict[str, Any] = {}
    title = " ".join(title.split())
    if not title:
        errors["title"] = _("Tulis tugasnya.")
    elif len(title) > 200:
        errors["title"] = _("Tugas paling panjang 200 karakter.")
    _check_officer(errors, assignee, case, "assignee")
    if timezone.is_naive(due_at):
        due_at = timezone.make_aware(due_at)
    if errors:
        raise ValidationError(errors)
    task = Task.objects.create(
        case=case, title=title, assignee=assignee, due_at=due_at, created_by=actor
    )
    audit_event(
        actor=actor,
        action="task.add",
        target=task,
        target_label=case.number,
        changes={"due_at": [None, due_at.isoformat()], "assignee": [None, assignee.pk]},
    )
    if assignee.pk != actor.pk:
        notify.user_on_commit(
            assignee,
            topic="task.assigned",
            title=_("Tugas baru pada kasus %(number)s") % {"number": case.number},
            url_name="care:my_tasks",
        )
    return task


@transaction.atomic
def tasks_from_plan(*, actor: User | None, case: Case) -> list[Task]:
    """One task per planned service of an agreed plan (idempotent: an item that has its task
    gets no second one). Called when the plan is agreed and when a service is added to an
    agreed plan. Due on the item's target date, or some days after the agreement."""
    plan = CasePlan.objects.filter(case=case, agreed=True).first()
    if plan is None:
        return []
    items = list(
        PlanItem.objects.filter(
            plan=plan, status__in=[PlanItemStatus.PLANNED, PlanItemStatus.IN_PROGRESS]
        )
        .exclude(tasks__isnull=False)
        .order_by("pk")
    )
    if not items:
        return []
    assignee = case.owner or actor
    if assignee is None:
        return []
    services_by_code = {s.code: s for s in Service.objects.all()}
    start = plan.agreed_on or timezone.localdate()
    default_due = start + timedelta(days=int(getattr(settings, "TASK_DEFAULT_DAYS", 7)))
    created = []
    for item in items:
        with translation.override(settings.LANGUAGE_CODE):
            label = str(item.get_service_display())
        title = _stored("Berikan layanan: %(service)s", service=label)
        if item.provider_name:
            title += f" ({item.provider_name})"
        task = Task.objects.create(
            case=case,
            title=title[:200],
            plan_item=item,
            service=services_by_code.get(item.service),
            assignee=assignee,
            due_at=_task_due(item.target_date or default_due),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        created.append(task)
    audit_event(
        actor=actor,
        action="task.from_plan",
        target=case,
        target_label=case.number,
        changes={"tasks": [None, [t.pk for t in created]], "assignee": [None, assignee.pk]},
    )
    if actor is None or assignee.pk != actor.pk:
        notify.user_on_commit(
            assignee,
            topic="task.assigned",
            title=_("Tugas baru dari rencana intervensi kasus %(number)s")
            % {"number": case.number},
            url_name="care:my_tasks",
        )
    return created


@transaction.atomic
def task_complete(*, actor: User, task: Task) -> Task:
    current = Task.objects.select_for_update().select_related("case").get(pk=task.pk)
    if not (current.assignee_id == actor.pk or policies.may_work_case(actor, current.case)):
        raise PermissionDenied
    if current.status != TaskStatus.OPEN:
        raise ValidationError(_("Tugas ini sudah ditutup."), code="closed")
    current.status = TaskStatus.DONE
    current.done_at = timezone.now()
    current.done_by = actor
    current.save(update_fields=["status", "done_at", "done_by", "updated_at"])
    audit_event(
        actor=actor,
        action="task.done",
        target=current,
        target_label=current.case.number,
        changes={"status": [TaskStatus.OPEN, TaskStatus.DONE]},
    )
    return current


@transaction.atomic
def task_reminders_enqueue(*, now: datetime | None = None) -> int:
    """Queue one reminder for each open task due within ``TASK_REMINDER_HOURS`` (or already
    overdue) that has not had one: in the app and through the outbox (e-mail).

    Idempotent: ``reminded_at`` is set in the same transaction, and rows being handled by a
    concurrent run are skipped (``SKIP LOCKED``), so no task is ever reminded twice.
    """
    now = now or timezone.now()
    horizon = now + timedelta(hours=int(getattr(settings, "TASK_REMINDER_HOURS", 24)))
    due = list(
        Task.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=TaskStatus.OPEN, reminded_at__isnull=True, due_at__lte=horizon)
        .select_related("case", "assignee")
        .order_by("due_at", "pk")
    )
    if not due:
        return 0
    Task.objects.filter(pk__in=[t.pk for t in due]).update(reminded_at=now)
    audit_event(
        actor=None,
        action="task.reminders",
        changes={"tasks": [None, [t.pk for t in due]]},
    )
    for task in due:
        notify.task_reminder_on_commit(task)
    return len(due)


# --- the closure checklist ------------------------------------------------------------------


def closure_checklist_record(
    *, actor: User, request: ClosureRequest, reasons: Mapping[int, str]
) -> list[ClosureServiceNote]:
    """Keep, with a closure request, which planned services were delivered and the case
    manager's reason for each that was not. Refuses the request when a reason is missing.

    Runs inside ``cases.services.closure_request``'s transaction.
    """
    from payung.care.selectors import closure_checklist

    rows = closure_checklist(request.case)
    missing = [
        row.label for row in rows if not row.delivered and not reasons.get(row.item.pk, "").strip()
    ]
    if missing:
        raise ValidationError(
            {
                "undelivered": _(
                    "Tulis alasan untuk setiap layanan dalam rencana yang belum terlaksana: "
                    "%(services)s."
                )
                % {"services": ", ".join(missing)}
            }
        )
    notes = ClosureServiceNote.objects.bulk_create(
        [
            ClosureServiceNote(
                closure_request=request,
                plan_item=row.item,
                delivered=row.delivered,
                reason="" if row.delivered else reasons[row.item.pk].strip()[:2000],
            )
            for row in rows
        ]
    )
    if rows:
        audit_event(
            actor=actor,
            action="case.closure_checklist",
            target=request.case,
            target_label=request.case.number,
            changes={
                "delivered": [None, sum(1 for r in rows if r.delivered)],
                "undelivered": [None, sum(1 for r in rows if not r.delivered)],
            },
        )
    return notes

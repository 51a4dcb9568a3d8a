"""Referrals: created with a consent check, sent, accepted or declined by the provider, completed."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.audit.services import audit_event
from payung.care import notify, policies, referrals
from payung.care.choices import (
    ReferralStatus,
    SharedField,
    Urgency,
)
from payung.care.models import Referral, ReferralEvent, ReferralReport
from payung.care.services.service_records import _record_service
from payung.care.services.sharing import (
    ReferralTransitionError,
    _require_case_work,
    _require_victim,
    _sharing_basis,
    _stored,
)
from payung.cases.models import (
    Case,
    CaseParty,
)
from payung.cases.uploads import AttachmentInput
from payung.partners import policies as partner_policies
from payung.partners.models import Organisation, Service

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
    elif not partner_policies.organisations_visible_to(actor).filter(pk=organisation.pk).exists():
        errors["organisation"] = _("Pilih lembaga dari daftar mitra.")
    elif not organisation.services.filter(pk=service.pk).exists():
        errors["organisation"] = _("%(organisation)s tidak memberikan %(service)s.") % {
            "organisation": organisation.name,
            "service": service.name.lower(),
        }
    if errors:
        raise ValidationError(errors)
    agreement_overridden = _agreement_basis(
        actor=actor, case=case, organisation=organisation, override_reason=override_reason
    )
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
            "sharing_agreement": [None, "pengecualian" if agreement_overridden else "berlaku"],
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


def _agreement_basis(
    *, actor: User, case: Case, organisation: Organisation, override_reason: str
) -> bool:
    """A referral shares a victim's data with the partner: it needs a current data-sharing
    agreement with that organisation (UU 27/2022 PDP Pasal 37; the DPO records them). Without
    one only a supervisor, giving a reason, may send it (audited as its own event). Returns
    whether the rule was overridden."""
    if organisation.has_current_agreement():
        return False
    refused = _(
        "Rujukan tidak dikirim: belum ada perjanjian berbagi data yang berlaku dengan "
        "%(organisation)s. Minta DPO mencatat perjanjiannya, atau minta supervisor "
        "mengizinkan dengan alasan."
    ) % {"organisation": organisation.name}
    if not override_reason.strip():
        raise ValidationError({"organisation": refused}, code="no_sharing_agreement")
    if not policies.is_supervisor(actor):
        raise ValidationError(
            {
                "organisation": refused
                + " "
                + _("Hanya supervisor yang dapat mengizinkan rujukan tanpa perjanjian.")
            },
            code="no_sharing_agreement",
        )
    audit_event(
        actor=actor,
        action="referral.agreement_override",
        target=organisation,
        target_label=case.number,
        changes={"sharing_agreement": [None, "pengecualian"]},
        note="rujukan tanpa perjanjian berbagi data yang berlaku, dengan alasan supervisor",
    )
    return True


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

"""Every write to the privacy registers. Keyword-only, one transaction each, the actor
authorised first (``policies.authorize_dpo``: the DPO of the record's region, or the
retention command's ``SystemActor``), then the write, then the audit event.

What a decision changes on a case — restricting its processing, withdrawing a consent,
anonymising it — is done by ``cases``' services (and through them care's), which authorise
the same actor again and audit their own part.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.audit.models import AuditEvent
from payung.audit.services import audit_event, update_fields_audited
from payung.cases import services as case_services
from payung.cases.models import Case, CaseParty, Consent
from payung.core.actors import SystemActor, is_system
from payung.jobs.models import Job
from payung.jobs.services import start_job
from payung.notifications.services import notification_send
from payung.privacy import notices, policies, retention, selectors
from payung.privacy.jobs import ACCESS_EXPORT
from payung.privacy.models import (
    REQUEST_DEADLINES,
    Breach,
    BreachStatus,
    DataCategory,
    DataSubjectRequest,
    DestructionRecord,
    InvolvedTable,
    LegalHold,
    RequestKind,
    RequestStatus,
    RetentionRule,
    Severity,
    System,
)

RETENTION_ACTOR = SystemActor("apply_retention")


def _next_reference(model: Any, prefix: str) -> str:
    year = timezone.localdate().year
    count = model.objects.filter(reference__startswith=f"{prefix}-{year}-").count()
    return f"{prefix}-{year}-{count + 1:04d}"


def _known(values: list[str], choices: Any, field: str, errors: dict[str, Any]) -> list[str]:
    unknown = set(values) - set(choices.values)
    if unknown:
        errors[field] = _("Pilihan tidak dikenal.")
    return sorted(set(values))


# =========================================================================================
# Breaches (UU 27/2022 PDP Pasal 46)
# =========================================================================================


@dataclass(frozen=True)
class BreachInput:
    discovered_at: datetime
    discovered_by: str
    aware_at: datetime
    systems: list[str]
    tables: list[str]
    categories: list[str]
    severity: str
    description: str
    subject_count: int | None = None
    containment: str = ""
    public_notice: bool = False
    verification_event: AuditEvent | None = None


def _check_breach(data: BreachInput) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    values = {
        "systems": _known(data.systems, System, "systems", errors),
        "tables": _known(data.tables, InvolvedTable, "tables", errors),
        "categories": _known(data.categories, DataCategory, "categories", errors),
    }
    if not values["categories"]:
        errors["categories"] = _("Pilih paling sedikit satu kategori data.")
    if data.severity not in Severity.values:
        errors["severity"] = _("Pilih tingkat keparahan.")
    if data.aware_at < data.discovered_at:
        errors["aware_at"] = _("Pengendali tidak dapat mengetahui sebelum insiden ditemukan.")
    if data.aware_at > timezone.now() + timedelta(minutes=5):
        errors["aware_at"] = _("Waktu tidak boleh di masa depan.")
    if len(data.description.strip()) < 10:
        errors["description"] = _("Jelaskan apa yang terjadi (paling sedikit 10 karakter).")
    if not data.discovered_by.strip():
        errors["discovered_by"] = _("Siapa yang menemukan?")
    event = data.verification_event
    if event is not None and not (
        event.action == "audit.verify" and event.note.startswith("FAILED")
    ):
        errors["verification_event"] = _("Pilih verifikasi audit yang gagal.")
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def breach_record(*, actor: Any, data: BreachInput) -> Breach:
    """Record a breach; the 72-hour clock runs from ``aware_at``."""
    policies.authorize_dpo(actor)
    values = _check_breach(data)
    breach = Breach.objects.create(
        reference=_next_reference(Breach, "INS"),
        region_code=actor.scope_code,
        discovered_at=data.discovered_at,
        discovered_by=data.discovered_by.strip(),
        aware_at=data.aware_at,
        severity=data.severity,
        description=data.description.strip(),
        subject_count=data.subject_count,
        containment=data.containment.strip(),
        public_notice=data.public_notice,
        verification_event=data.verification_event,
        recorded_by=actor,
        **values,
    )
    audit_event(
        actor=actor,
        action="privacy.breach_record",
        target=breach,
        target_label=breach.reference,
        changes={
            "severity": [None, breach.severity],
            "categories": [None, breach.categories],
            "tables": [None, breach.tables],
            "aware_at": [None, breach.aware_at.isoformat()],
            "verification_event": [
                None,
                data.verification_event.seq if data.verification_event else None,
            ],
        },
    )
    return breach


@transaction.atomic
def breach_update(
    *,
    actor: Any,
    breach: Breach,
    containment: str,
    severity: str,
    subject_count: int | None,
    public_notice: bool,
) -> Breach:
    """Containment and recovery as they progress; the estimate of subjects."""
    policies.authorize_dpo(actor, breach.region_code)
    current = Breach.objects.select_for_update().get(pk=breach.pk)
    if current.status == BreachStatus.CLOSED:
        raise ValidationError(_("Insiden sudah ditutup."))
    update_fields_audited(
        actor=actor,
        instance=current,
        fields={
            "containment": containment.strip(),
            "severity": severity,
            "subject_count": subject_count,
            "public_notice": public_notice,
        },
        action="privacy.breach_update",
        target_label=current.reference,
    )
    return current


NOTICE_AUDIENCES = ("subjek", "lembaga", "publik")


@transaction.atomic
def breach_notice(*, actor: Any, breach: Breach, audience: str) -> bytes:
    """The written notice (PDF) for the subjects, the authority, or the public."""
    policies.authorize_dpo(actor, breach.region_code)
    if audience not in NOTICE_AUDIENCES:
        raise ValidationError(_("Jenis pemberitahuan tidak dikenal."))
    if audience == "publik" and not breach.public_notice:
        raise ValidationError(_("Pengumuman publik belum dipilih untuk insiden ini."))
    subjects = selectors.affected_subjects(breach)
    pdf = notices.notice_pdf(breach, audience=audience, subject_count=len(subjects))
    audit_event(
        actor=actor,
        action="privacy.breach_notice",
        target=breach,
        target_label=breach.reference,
        changes={"audience": [None, audience], "subjects": [None, len(subjects)]},
    )
    return pdf


@transaction.atomic
def breach_contact_plan_send(*, actor: Any, breach: Breach) -> int:
    """Ask each case worker to tell their victims, by the safe channel at the recorded safe
    times, never by a letter or message to an address the perpetrator may share. The
    notification names the incident and the case numbers only. Returns how many workers."""
    policies.authorize_dpo(actor, breach.region_code)
    current = Breach.objects.select_for_update().get(pk=breach.pk)
    by_worker: dict[int, list[str]] = {}
    for subject in selectors.affected_subjects(current):
        if subject.worker_pk is not None:
            by_worker.setdefault(subject.worker_pk, []).append(subject.case_number)
    from payung.accounts.models import User

    workers = User.objects.filter(pk__in=by_worker, is_active=True)
    for worker in workers:
        numbers = sorted(set(by_worker[worker.pk]))
        notification_send(
            actor=actor,
            recipients=[worker],
            topic="privacy.breach_contact",
            title=_(
                "Insiden data %(ref)s: beri tahu korban kasus %(cases)s secara langsung, "
                "melalui cara dan waktu aman yang tercatat. Jangan kirim surat ke alamat rumah."
            )
            % {"ref": current.reference, "cases": ", ".join(numbers[:10])},
            channels=(),
        )
    current.contact_plan_sent_at = timezone.now()
    current.save(update_fields=["contact_plan_sent_at"])
    audit_event(
        actor=actor,
        action="privacy.breach_contact_plan",
        target=current,
        target_label=current.reference,
        changes={"workers": [None, sorted(w.pk for w in workers)]},
    )
    return len(workers)


@transaction.atomic
def breach_mark_notified(
    *, actor: Any, breach: Breach, subjects_at: datetime | None, authority_at: datetime | None
) -> Breach:
    """When the subjects and the authority were given the written notice."""
    policies.authorize_dpo(actor, breach.region_code)
    current = Breach.objects.select_for_update().get(pk=breach.pk)
    fields: dict[str, Any] = {
        "subjects_notified_at": subjects_at or current.subjects_notified_at,
        "authority_notified_at": authority_at or current.authority_notified_at,
    }
    now = timezone.now() + timedelta(minutes=5)
    for name, value in fields.items():
        if value is not None and (value > now or value < current.aware_at):
            raise ValidationError({name: _("Waktu harus antara saat diketahui dan sekarang.")})
    changes = {
        name: [
            getattr(current, name) and getattr(current, name).isoformat(),
            value and value.isoformat(),
        ]
        for name, value in fields.items()
        if value != getattr(current, name)
    }
    for name, value in fields.items():
        setattr(current, name, value)
    if current.notified and current.status == BreachStatus.OPEN:
        changes["status"] = [current.status, BreachStatus.NOTIFIED]
        current.status = BreachStatus.NOTIFIED
    current.save(update_fields=[*fields, "status"])
    audit_event(
        actor=actor,
        action="privacy.breach_notified",
        target=current,
        target_label=current.reference,
        changes=changes,
    )
    return current


@transaction.atomic
def breach_close(*, actor: Any, breach: Breach) -> Breach:
    policies.authorize_dpo(actor, breach.region_code)
    current = Breach.objects.select_for_update().get(pk=breach.pk)
    if not current.notified:
        raise ValidationError(
            _("Insiden ditutup setelah subjek dan lembaga diberi tahu secara tertulis.")
        )
    current.status = BreachStatus.CLOSED
    current.closed_at = timezone.now()
    current.save(update_fields=["status", "closed_at"])
    audit_event(
        actor=actor,
        action="privacy.breach_close",
        target=current,
        target_label=current.reference,
        changes={"status": [BreachStatus.NOTIFIED, BreachStatus.CLOSED]},
    )
    return current


# =========================================================================================
# Data subjects' requests
# =========================================================================================


@transaction.atomic
def request_record(
    *,
    actor: Any,
    kind: str,
    requester: str,
    received_at: datetime,
    case: Case,
    party: CaseParty,
    identity_document: str,
    identity_verified_by: Any,
    identity_verified_at: datetime,
    details: str = "",
    consent: Consent | None = None,
) -> DataSubjectRequest:
    """Register a request whose requester's identity was checked in person."""
    policies.authorize_dpo(actor, case.region_code)
    errors: dict[str, Any] = {}
    if kind not in RequestKind.values:
        errors["kind"] = _("Pilih jenis permintaan.")
    if party.case_id != case.pk:
        errors["party"] = _("Pilih pihak dari kasus ini.")
    if not identity_document.strip():
        errors["identity_document"] = _("Sebutkan dokumen identitas yang diperiksa langsung.")
    if identity_verified_by is None or not getattr(identity_verified_by, "is_active", False):
        errors["identity_verified_by"] = _("Pilih petugas yang memeriksa identitas.")
    if kind == RequestKind.WITHDRAWAL and (
        consent is None or consent.subject_id != party.pk or consent.withdrawn_at is not None
    ):
        errors["consent"] = _("Pilih persetujuan aktif dari subjek ini yang ditarik.")
    if received_at > timezone.now() + timedelta(minutes=5):
        errors["received_at"] = _("Waktu tidak boleh di masa depan.")
    if errors:
        raise ValidationError(errors)
    hours, basis = REQUEST_DEADLINES[kind]
    item = DataSubjectRequest.objects.create(
        reference=_next_reference(DataSubjectRequest, "PSD"),
        region_code=case.region_code,
        kind=kind,
        requester=requester,
        received_at=received_at,
        case=case,
        party=party,
        consent=consent if kind == RequestKind.WITHDRAWAL else None,
        identity_document=identity_document.strip()[:100],
        identity_verified_by=identity_verified_by,
        identity_verified_at=identity_verified_at,
        details=details.strip(),
        due_at=received_at + timedelta(hours=hours),
        deadline_basis=basis,
        recorded_by=actor,
    )
    audit_event(
        actor=actor,
        action="privacy.request_record",
        target=item,
        target_label=item.reference,
        changes={"kind": [None, kind], "case": [None, case.number], "party": [None, party.pk]},
    )
    return item


@transaction.atomic
def request_decide(
    *,
    actor: Any,
    request: DataSubjectRequest,
    status: str,
    exemption: str = "",
    note: str = "",
) -> DataSubjectRequest:
    """Decide a request and carry it out: a granted restriction flags the case, a granted
    withdrawal withdraws the consent (care stops the referrals that rested on it), a granted
    deletion anonymises the case when it is closed and not held. A refusal (or a partial
    grant) cites its exemption."""
    policies.authorize_dpo(actor, request.region_code)
    item = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    if not item.is_open:
        raise ValidationError(_("Permintaan ini sudah diputuskan."))
    if status not in (RequestStatus.GRANTED, RequestStatus.PARTLY, RequestStatus.REFUSED):
        raise ValidationError({"status": _("Pilih keputusan.")})
    if status in (RequestStatus.REFUSED, RequestStatus.PARTLY) and not exemption:
        raise ValidationError(
            {"exemption": _("Kutip pengecualian yang menjadi dasar penolakan atau pembatasan.")}
        )
    case = item.case
    if status == RequestStatus.GRANTED:
        if item.kind == RequestKind.RESTRICTION:
            case_services.case_processing_restrict(
                actor=actor, case=case, restricted=True, reference=item.reference
            )
        elif item.kind == RequestKind.WITHDRAWAL:
            assert item.consent is not None
            case_services.consent_withdraw_on_request(
                actor=actor, case=case, consent=item.consent, note=item.reference
            )
        elif item.kind == RequestKind.DELETION:
            if (
                not case.is_closed
                or LegalHold.objects.filter(case=case, released_at__isnull=True).exists()
            ):
                raise ValidationError(
                    _(
                        "Kasus masih berjalan atau ditahan untuk perkara: penghapusan hanya "
                        "dapat ditolak atau dipenuhi sebagian dengan pengecualian yang dikutip."
                    )
                )
            case_services.case_anonymise(actor=actor, case=case)
    item.status = status
    item.exemption = exemption if status != RequestStatus.GRANTED else ""
    item.decision_note = note.strip()
    item.decided_by = actor
    item.decided_at = timezone.now()
    item.save(update_fields=["status", "exemption", "decision_note", "decided_by", "decided_at"])
    audit_event(
        actor=actor,
        action="privacy.request_decide",
        target=item,
        target_label=item.reference,
        changes={"status": [RequestStatus.RECEIVED, status], "exemption": [None, item.exemption]},
    )
    return item


@transaction.atomic
def request_restriction_lift(*, actor: Any, request: DataSubjectRequest) -> DataSubjectRequest:
    """End a granted restriction (the subject asked, or its ground ended): the case is
    visible to its workers again."""
    policies.authorize_dpo(actor, request.region_code)
    item = DataSubjectRequest.objects.select_related("case").get(pk=request.pk)
    if item.kind != RequestKind.RESTRICTION or item.status != RequestStatus.GRANTED:
        raise ValidationError(_("Hanya pembatasan yang dipenuhi yang dapat diakhiri."))
    case_services.case_processing_restrict(
        actor=actor, case=item.case, restricted=False, reference=item.reference
    )
    audit_event(
        actor=actor,
        action="privacy.restriction_lift",
        target=item,
        target_label=item.reference,
        changes={"processing_restricted": [True, False]},
    )
    return item


@transaction.atomic
def request_access_export(*, actor: Any, request: DataSubjectRequest) -> Job:
    """Start the PDF of one person's data and its processing trail (UU 27/2022 PDP Pasal 7
    and 32), other people redacted, as a background job (``privacy.jobs``); the job reads
    the record under the access log and audits the export."""
    policies.authorize_dpo(actor, request.region_code)
    if request.kind != RequestKind.ACCESS:
        raise ValidationError(_("Ekspor data hanya untuk permintaan akses."))
    return start_job(
        actor,
        kind=ACCESS_EXPORT,
        params={"request": request.pk},
        label=f"Salinan data {request.reference}",
    )


# =========================================================================================
# Retention: legal holds, the rules, the run, and the sign-off
# =========================================================================================


@transaction.atomic
def legal_hold_place(*, actor: Any, case: Case, reason: str) -> LegalHold:
    policies.authorize_hold(actor, case.region_code)
    if len(reason.strip()) < 5:
        raise ValidationError({"reason": _("Sebutkan perkara atau nomor perkaranya.")})
    if LegalHold.objects.filter(case=case, released_at__isnull=True).exists():
        raise ValidationError(_("Kasus ini sudah ditahan."))
    hold = LegalHold.objects.create(
        case=case, reason=reason.strip()[:200], placed_by=actor, placed_at=timezone.now()
    )
    audit_event(
        actor=actor,
        action="privacy.legal_hold",
        target=case,
        target_label=case.number,
        changes={"legal_hold": [False, True]},
    )
    return hold


@transaction.atomic
def legal_hold_release(*, actor: Any, hold: LegalHold) -> LegalHold:
    policies.authorize_hold(actor, hold.case.region_code)
    current = LegalHold.objects.select_for_update().select_related("case").get(pk=hold.pk)
    if current.released_at is not None:
        raise ValidationError(_("Penahanan ini sudah dilepas."))
    current.released_at = timezone.now()
    current.released_by = actor
    current.save(update_fields=["released_at", "released_by"])
    audit_event(
        actor=actor,
        action="privacy.legal_hold_release",
        target=current.case,
        target_label=current.case.number,
        changes={"legal_hold": [True, False]},
    )
    return current


@transaction.atomic
def retention_rule_update(
    *, actor: Any, rule: RetentionRule, months: int, basis: str
) -> RetentionRule:
    policies.authorize_dpo(actor)
    current = RetentionRule.objects.select_for_update().get(pk=rule.pk)
    update_fields_audited(
        actor=actor,
        instance=current,
        fields={"months": months, "basis": basis.strip()},
        action="privacy.retention_rule",
        target_label=current.record_type,
    )
    return current


def retention_run(
    *, actor: Any, now: datetime | None = None, region_code: str = ""
) -> DestructionRecord | None:
    """Anonymise what is due, one case (or report) per transaction so a long run holds no
    long lock, then write the destruction record. Returns ``None`` when nothing was due."""
    policies.authorize_dpo(actor, region_code or None)
    if not is_system(actor):
        region_code = region_code or actor.scope_code
    cases = list(retention.due_cases(now, region_code))
    reports = list(retention.due_reports(now, region_code))
    if not cases and not reports:
        return None
    before = selectors.statistical_counts(region_code)
    totals: dict[str, int] = {}
    for case in cases:
        retention.merge_counts(totals, case_services.case_anonymise(actor=actor, case=case))
    for report in reports:
        retention.merge_counts(totals, case_services.report_anonymise(actor=actor, report=report))
    after = selectors.statistical_counts(region_code)
    with transaction.atomic():
        record = DestructionRecord.objects.create(
            run_at=timezone.now(),
            run_by=getattr(actor, "username", str(actor)),
            case_numbers=[c.number for c in cases],
            report_ids=[r.pk for r in reports],
            counts=totals,
            statistics_before=before,
            statistics_after=after,
        )
        audit_event(
            actor=actor,
            action="privacy.destruction_record",
            target=record,
            target_label=f"pemusnahan:{record.pk}",
            changes={
                "cases": [None, len(cases)],
                "reports": [None, len(reports)],
                "statistics_unchanged": [None, before == after],
            },
        )
    return record


@transaction.atomic
def destruction_sign_off(*, actor: Any, record: DestructionRecord) -> DestructionRecord:
    """The DPO signs the destruction record (berita acara) off."""
    policies.authorize_dpo(actor)
    if is_system(actor):
        raise ValidationError(_("Berita acara disahkan oleh DPO, bukan oleh sistem."))
    current = DestructionRecord.objects.select_for_update().get(pk=record.pk)
    if current.signed_off_at is not None:
        raise ValidationError(_("Berita acara ini sudah disahkan."))
    current.signed_off_by = actor
    current.signed_off_at = timezone.now()
    current.save(update_fields=["signed_off_by", "signed_off_at"])
    audit_event(
        actor=actor,
        action="privacy.destruction_sign_off",
        target=current,
        target_label=f"pemusnahan:{current.pk}",
        changes={"signed_off": [False, True]},
    )
    return current

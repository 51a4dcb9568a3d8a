"""Recording a report: from the public form, the API or a staff intake; idempotent."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.audit.services import audit_event
from payung.cases import codes, deadlines, policies
from payung.cases.choices import (
    CHILD_AGE_GROUPS,
    PHONE_CONTACT_CHANNELS,
    Channel,
    ContactChannel,
    Relationship,
    ReportEventKind,
    RiskLevel,
    Sex,
    ViolenceForm,
    YesNoUnknown,
    age_group_for,
)
from payung.cases.models import (
    Report,
    ReportAttachment,
    ReportEvent,
)
from payung.cases.services.report_states import IdempotencyConflict, _record
from payung.cases.uploads import AttachmentInput
from payung.core.actors import SystemActor, person
from payung.identity import blind_index
from payung.identity.phones import normalise_phone
from payung.regions.models import Region, RegionLevel

# ---------------------------------------------------------------------------------------
# Creating a report
# ---------------------------------------------------------------------------------------


@dataclass
class ReportInput:
    """What any intake path (public form, staff form, API) knows about a report."""

    channel: str
    reporter_relation: str
    violence_forms: list[str]
    description: str
    place_category: str
    victim_sex: str
    contact_channel: str
    kelurahan: Region | None = None
    outside_city: bool = False
    outside_city_place: str = ""
    address_detail: str = ""
    reporter_anonymous: bool = True
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    contact_safe_times: str = ""
    incident_date: date | None = None
    incident_date_approximate: bool = False
    victim_name: str = ""
    victim_age: int | None = None
    victim_age_group: str = ""
    victim_is_child: str = YesNoUnknown.UNKNOWN
    victim_disability: str = YesNoUnknown.UNKNOWN
    danger_now: bool = False
    risk_level: str = ""  # staff may assess at intake; empty: derived, provisional
    consent: bool = False
    consent_text: str = ""
    source_reference: str = ""
    received_at: datetime | None = None
    # What the officer taking a report knows of the perpetrator (staff intake).
    perpetrator_name: str = ""
    perpetrator_sex: str = ""
    perpetrator_relationship: str = ""
    kdrt: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def fingerprint(self) -> str:
        data = asdict(self)
        data["kelurahan"] = self.kelurahan.code if self.kelurahan else None
        data.pop("received_at", None)
        data.pop("extra", None)
        # Fields added later count only when given, so a report recorded before they
        # existed keeps its fingerprint (a replay of its submission still matches).
        for name in _LATER_FIELDS:
            if not data[name]:
                data.pop(name)
        raw = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(raw.encode()).hexdigest()


_LATER_FIELDS = ("perpetrator_name", "perpetrator_sex", "perpetrator_relationship", "kdrt")


@dataclass(frozen=True)
class ReportSubmission:
    report: Report
    # The PIN in clear, for the one confirmation page or API response; None when a replay
    # comes too late to show it again.
    pin: str | None
    created: bool

    @property
    def code(self) -> str:
        return self.report.display_code


def city_code() -> str:
    return str(getattr(settings, "PAYUNG_CITY_CODE", "35.75"))


def _validate_input(data: ReportInput) -> None:
    errors: dict[str, str] = {}
    if not data.description.strip():
        errors["description"] = _("Ceritakan apa yang terjadi.")
    forms = set(data.violence_forms)
    if not forms:
        errors["violence_forms"] = _("Pilih paling sedikit satu bentuk kekerasan.")
    elif not forms <= set(ViolenceForm.values):
        errors["violence_forms"] = _("Bentuk kekerasan tidak dikenal.")
    if data.channel not in Channel.values:
        errors["channel"] = _("Saluran tidak dikenal.")
    if data.kelurahan is not None:
        if data.outside_city:
            errors["kelurahan"] = _("Pilih kelurahan atau 'di luar Kota Pasuruan', tidak keduanya.")
        elif data.kelurahan.level not in (
            RegionLevel.URBAN_VILLAGE,
            RegionLevel.VILLAGE,
        ) or not data.kelurahan.code.startswith(city_code() + "."):
            errors["kelurahan"] = _("Kelurahan tidak dikenal.")
    if data.channel == Channel.WEB and not data.consent:
        errors["consent"] = _("Persetujuan diperlukan untuk mengirim laporan.")
    if data.contact_channel in PHONE_CONTACT_CHANNELS and not normalise_phone(data.reporter_phone):
        errors["reporter_phone"] = _("Isi nomor telepon, atau pilih cara lain / jangan dihubungi.")
    if data.contact_channel == ContactChannel.EMAIL and not data.reporter_email.strip():
        errors["reporter_email"] = _("Isi alamat e-mail, atau pilih cara lain / jangan dihubungi.")
    if data.risk_level and data.risk_level not in RiskLevel.values:
        errors["risk_level"] = _("Tingkat risiko tidak dikenal.")
    if data.perpetrator_sex and data.perpetrator_sex not in Sex.values:
        errors["perpetrator_sex"] = _("Pilihan tidak dikenal.")
    if data.perpetrator_relationship and data.perpetrator_relationship not in Relationship.values:
        errors["perpetrator_relationship"] = _("Pilihan tidak dikenal.")
    if len(data.perpetrator_name) > 150:
        errors["perpetrator_name"] = _("Paling panjang 150 karakter.")
    if errors:
        raise ValidationError(errors)


def _initial_risk(data: ReportInput, *, flag_child: bool, flag_sexual: bool) -> tuple[str, bool]:
    """(level, provisional). Someone in danger now, or sexual violence against a child, is
    high risk until a triager says otherwise; anything else waits as medium."""
    if data.risk_level:
        return data.risk_level, False
    if data.danger_now or (flag_child and flag_sexual):
        return RiskLevel.HIGH, True
    return RiskLevel.MEDIUM, True


def _victim_is_child(data: ReportInput, age_group: str) -> str:
    if data.victim_age is not None:
        return YesNoUnknown.YES if data.victim_age < 18 else YesNoUnknown.NO
    if age_group:
        return YesNoUnknown.YES if age_group in CHILD_AGE_GROUPS else YesNoUnknown.NO
    return data.victim_is_child or YesNoUnknown.UNKNOWN


def _build_report(
    data: ReportInput, *, actor: User | SystemActor, key_hash: str | None, pin: str
) -> Report:
    age_group = data.victim_age_group or (
        age_group_for(data.victim_age) if data.victim_age is not None else ""
    )
    is_child = _victim_is_child(data, age_group)
    flag_child = is_child == YesNoUnknown.YES
    flag_sexual = bool({ViolenceForm.SEXUAL, ViolenceForm.TRAFFICKING} & set(data.violence_forms))
    risk, provisional = _initial_risk(data, flag_child=flag_child, flag_sexual=flag_sexual)
    received_at = data.received_at or timezone.now()
    phone = normalise_phone(data.reporter_phone)
    return Report(
        code=codes.new_code(),
        pin_hash=codes.hash_pin(pin),
        idempotency_key=key_hash,
        idempotency_fingerprint=data.fingerprint(),
        channel=data.channel,
        received_at=received_at,
        received_by=person(actor),
        source_reference=data.source_reference.strip(),
        region_code=data.kelurahan.code if data.kelurahan else city_code(),
        kelurahan=data.kelurahan,
        outside_city=data.outside_city,
        outside_city_place=data.outside_city_place.strip() if data.outside_city else "",
        address_detail=data.address_detail.strip(),
        place_category=data.place_category,
        reporter_anonymous=data.reporter_anonymous,
        reporter_name="" if data.reporter_anonymous else data.reporter_name.strip(),
        reporter_relation=data.reporter_relation,
        reporter_phone=phone,
        reporter_phone_index=blind_index.phone_index(phone),
        reporter_email=data.reporter_email.strip(),
        contact_channel=data.contact_channel,
        contact_safe_times=data.contact_safe_times.strip(),
        violence_forms=sorted(set(data.violence_forms)),
        description=data.description.strip(),
        incident_date=data.incident_date,
        incident_date_approximate=data.incident_date_approximate,
        victim_name=data.victim_name.strip(),
        victim_age=data.victim_age,
        victim_age_group=age_group,
        victim_sex=data.victim_sex,
        victim_is_child=is_child,
        victim_disability=data.victim_disability,
        perpetrator_name=data.perpetrator_name.strip(),
        perpetrator_sex=data.perpetrator_sex,
        perpetrator_relationship=data.perpetrator_relationship,
        kdrt=data.kdrt,
        danger_now=data.danger_now,
        risk_level=risk,
        risk_provisional=provisional,
        due_at=deadlines.due_at(received_at, risk),
        flag_child=flag_child,
        flag_sexual=flag_sexual,
        flag_disability=data.victim_disability == YesNoUnknown.YES,
        consent=data.consent,
        consent_text=data.consent_text if data.consent else "",
    )


def _replay(
    report: Report, *, namespace: str, key: str, fingerprint: str, strict: bool
) -> ReportSubmission:
    if strict and report.idempotency_fingerprint != fingerprint:
        raise IdempotencyConflict(report)
    window = int(getattr(settings, "REPORT_REPLAY_PIN_SECONDS", 600))
    fresh = strict or (timezone.now() - report.created_at).total_seconds() <= window
    return ReportSubmission(
        report=report, pin=codes.derive_pin(namespace, key) if fresh else None, created=False
    )


@transaction.atomic
def report_create(
    *,
    actor: User | SystemActor,
    data: ReportInput,
    idempotency_namespace: str,
    idempotency_key: str,
    attachment: AttachmentInput | None = None,
    strict_idempotency: bool = False,
) -> ReportSubmission:
    """Record a report from any channel and return it with its PIN.

    ``idempotency_namespace`` + ``idempotency_key`` identify the submission: ``("web", token)``
    for the public form (a token per rendered form), ``("api:<user id>", Idempotency-Key)``
    for the API, ``("staff:<user id>", token)`` for the staff form. Submitting the same key
    again returns the first report (``created=False``); under a concurrent double submit the
    unique constraint lets one insert win and the other finds it. With ``strict_idempotency``
    a repeated key with a different body raises ``IdempotencyConflict``.
    """
    policies.authorize_intake(actor)
    if not idempotency_key:
        raise ValueError("an idempotency key is required")
    key_hash = codes.idempotency_hash(idempotency_namespace, idempotency_key)
    fingerprint = data.fingerprint()
    existing = Report.objects.filter(idempotency_key=key_hash).first()
    if existing is not None:
        return _replay(
            existing,
            namespace=idempotency_namespace,
            key=idempotency_key,
            fingerprint=fingerprint,
            strict=strict_idempotency,
        )
    _validate_input(data)
    pin = codes.derive_pin(idempotency_namespace, idempotency_key)
    report: Report | None = None
    for _attempt in range(5):
        candidate = _build_report(data, actor=actor, key_hash=key_hash, pin=pin)
        try:
            with transaction.atomic():
                candidate.save(force_insert=True)
            report = candidate
            break
        except IntegrityError:
            existing = Report.objects.filter(idempotency_key=key_hash).first()
            if existing is not None:
                return _replay(
                    existing,
                    namespace=idempotency_namespace,
                    key=idempotency_key,
                    fingerprint=fingerprint,
                    strict=strict_idempotency,
                )
            if Report.objects.filter(code=candidate.code).exists():
                continue  # a tracking code collided: draw another
            raise
    if report is None:
        raise RuntimeError("could not allocate a unique tracking code")
    if attachment is not None:
        _attachment_store(report=report, attachment=attachment, actor=actor)
    _record(
        report,
        kind=ReportEventKind.RECEIVED,
        actor=actor,
        data={
            "channel": report.channel,
            "risk_level": report.risk_level,
            "attachment": attachment is not None,
        },
    )
    audit_event(
        actor=actor,
        action="report.create",
        target=report,
        target_label=report.label,
        changes={
            "channel": [None, report.channel],
            "region_code": [None, report.region_code],
            "risk_level": [None, report.risk_level],
            "danger_now": [None, report.danger_now],
        },
    )
    if report.risk_level == RiskLevel.HIGH:
        _notify_high_risk_on_commit(report)
    return ReportSubmission(report=report, pin=pin, created=True)


def _attachment_store(
    *, report: Report, attachment: AttachmentInput, actor: User | SystemActor
) -> ReportAttachment:
    item = ReportAttachment(
        report=report,
        content_type=attachment.content_type,
        original_name=attachment.original_name,
        uploaded_by=person(actor),
    )
    item.seal(attachment.data)
    item.save(force_insert=True)
    return item


def attachment_read(item: ReportAttachment) -> bytes:
    return item.unseal()


def _notify_high_risk_on_commit(report: Report) -> None:
    from payung.cases.notify import notify_high_risk_report

    transaction.on_commit(partial(notify_high_risk_report, report_id=report.pk), robust=True)


INFO_MESSAGE_MAX = 2000


@transaction.atomic
def report_add_information(
    *,
    actor: User | SystemActor,
    report: Report,
    message: str,
    attachment: AttachmentInput | None = None,
) -> ReportEvent:
    """The reporter adds to their report after filing it (the status page, code + PIN checked
    by the caller through ``report_pin_check``): a message, kept encrypted as the event's note,
    and optionally an attachment, sealed like the first one. Both appear on the case timeline
    (and on the report's history in triage) for the staff handling it."""
    # The public form acts for the reporter (a system actor); staff may add to a report
    # they could triage (a call taken on the reporter's behalf), never to another's.
    policies.authorize_intake(actor)
    policies.authorize_report(actor, report, "triage")
    message = message.strip()
    if not message and attachment is None:
        raise ValidationError({"message": _("Tulis pesan atau pilih berkas.")})
    if len(message) > INFO_MESSAGE_MAX:
        raise ValidationError({"message": _("Pesan paling banyak 2000 karakter.")})
    if report.anonymised_at is not None or report.is_locked:
        raise ValidationError(_("Laporan ini tidak dapat ditambah lagi."))
    item = (
        _attachment_store(report=report, attachment=attachment, actor=actor) if attachment else None
    )
    event = _record(
        report,
        kind=ReportEventKind.INFO_ADDED,
        actor=actor,
        data={"attachment": item.pk if item else None},
        note=message,
    )
    audit_event(
        actor=actor,
        action="report.add_information",
        target=report,
        target_label=report.label,
        changes={"message": [None, "changed"] if message else None, "attachment": item is not None},
    )
    return event

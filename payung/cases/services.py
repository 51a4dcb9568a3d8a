"""Every write to reports and cases.

Each function is keyword-only, runs in one transaction, records what it did in the report's
history (``ReportEvent``) and in the audit trail, and defers notifications until the
transaction has committed. Views, the API, commands and tests all call these.

Identification (docs/domain.md#flow, step 2) is a small state machine: a report is ``baru`` until a
triager opens a case, attaches it to one, refers it out of the city, or closes it as not a
case. None of them deletes the report; the reporter's coarse status follows the move.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.accounts.roles import Cap, Role
from payung.audit.services import audit_event
from payung.care.choices import ServiceCode
from payung.cases import codes, deadlines, identifiers, names, workflow
from payung.cases.choices import (
    CHILD_AGE_GROUPS,
    PHONE_CONTACT_CHANNELS,
    AssessmentDomain,
    CaseStatus,
    CaseUnit,
    Channel,
    ClosureReason,
    ClosureRequestState,
    ConsentMethod,
    ConsentPurpose,
    ContactChannel,
    DeadlineState,
    DeadlineTrigger,
    DisabilityKind,
    DocumentKind,
    Education,
    GbvCoreType,
    MaritalStatus,
    NeedLevel,
    NotCaseReason,
    Occupation,
    PartyRole,
    PerpetratorKind,
    PlaceCategory,
    PlanItemStatus,
    PublicStatus,
    Relationship,
    Religion,
    ReporterRelation,
    ReportEventKind,
    ReportStatus,
    RiskLevel,
    Sex,
    TraffickingSubtype,
    ViolenceForm,
    YesNoUnknown,
    age_group_for,
)
from payung.cases.models import (
    Assessment,
    Case,
    CaseDeadline,
    CaseDocument,
    CaseNote,
    CaseNumberCounter,
    CaseParty,
    CasePlan,
    CaseRevision,
    CaseStatusChange,
    ClosureRequest,
    Consent,
    ConsentOverride,
    DeadlineRule,
    Incident,
    Person,
    PersonNameToken,
    PlanItem,
    Report,
    ReportAttachment,
    ReportEvent,
    TriageDeadlineRule,
)
from payung.cases.uploads import AttachmentInput
from payung.core import crypto
from payung.regions.models import Region, RegionLevel


class TransitionError(ValidationError):
    """The report is not in a state that allows this action."""


class IdempotencyConflict(Exception):
    """The same idempotency key was used before with a different request body."""

    def __init__(self, report: Report) -> None:
        super().__init__("idempotency key reused with a different request")
        self.report = report


# ---------------------------------------------------------------------------------------
# The state machine
# ---------------------------------------------------------------------------------------

TRANSITIONS: dict[str, frozenset[str]] = {
    ReportStatus.NEW: frozenset(
        {ReportStatus.IN_CASE, ReportStatus.REFERRED_OUT, ReportStatus.NOT_A_CASE}
    ),
    ReportStatus.IN_CASE: frozenset(),
    ReportStatus.REFERRED_OUT: frozenset(),
    ReportStatus.NOT_A_CASE: frozenset(),
}

# What the reporter sees for each internal status: nothing finer than this.
PUBLIC_STATUS_FOR: dict[str, str] = {
    ReportStatus.NEW: PublicStatus.RECEIVED,
    ReportStatus.IN_CASE: PublicStatus.IN_PROGRESS,
    ReportStatus.REFERRED_OUT: PublicStatus.DONE,
    ReportStatus.NOT_A_CASE: PublicStatus.DONE,
}


def _check_transition(report: Report, to: str) -> None:
    if to not in TRANSITIONS.get(report.status, frozenset()):
        raise TransitionError(
            _("Laporan ini sudah ditriase (%(status)s); tindakan ini tidak dapat dilakukan lagi.")
            % {"status": report.get_status_display()},
            code="transition",
        )


def _record(
    report: Report,
    *,
    kind: str,
    actor: User | None,
    data: dict[str, Any] | None = None,
    note: str = "",
) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report,
        kind=kind,
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        data=data or {},
        note=note,
    )


def _move(
    report: Report,
    *,
    to: str,
    actor: User,
    kind: str,
    action: str,
    data: dict[str, Any],
    note: str,
    message: str | None,
    extra_fields: tuple[str, ...] = (),
) -> Report:
    """Validate and apply a status move, with its history row and audit event."""
    _check_transition(report, to)
    before = {"status": report.status, "public_status": report.public_status}
    report.status = to
    report.public_status = PUBLIC_STATUS_FOR[to]
    report.triaged_at = timezone.now()
    report.triaged_by = actor
    fields = ["status", "public_status", "triaged_at", "triaged_by", "updated_at"]
    if message is not None and message.strip():
        report.public_message = message.strip()
        fields.append("public_message")
    report.save(update_fields=[*fields, *extra_fields])
    _record(report, kind=kind, actor=actor, data=data, note=note)
    audit_event(
        actor=actor,
        action=action,
        target=report,
        target_label=report.label,
        changes={
            "status": [before["status"], report.status],
            "public_status": [before["public_status"], report.public_status],
            **{k: [None, v] for k, v in data.items()},
        },
    )
    return report


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
    extra: dict[str, Any] = field(default_factory=dict)

    def fingerprint(self) -> str:
        data = asdict(self)
        data["kelurahan"] = self.kelurahan.code if self.kelurahan else None
        data.pop("received_at", None)
        data.pop("extra", None)
        raw = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(raw.encode()).hexdigest()


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


def normalise_phone(raw: str) -> str:
    """``+62 812-3456-789`` → ``08123456789``: one form for display and the blind index."""
    digits = re.sub(r"\D", "", raw or "")
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits


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
    data: ReportInput, *, actor: User | None, key_hash: str | None, pin: str
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
        received_by=actor if getattr(actor, "pk", None) else None,
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
        reporter_phone_index=crypto.blind_index(phone, "phone") if phone else "",
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
    actor: User | None,
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
    *, report: Report, attachment: AttachmentInput, actor: User | None
) -> ReportAttachment:
    item = ReportAttachment(
        report=report,
        content_type=attachment.content_type,
        original_name=attachment.original_name,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    item.seal(attachment.data)
    item.save(force_insert=True)
    return item


def attachment_read(item: ReportAttachment) -> bytes:
    return item.unseal()


def _notify_high_risk_on_commit(report: Report) -> None:
    from payung.cases.notify import notify_high_risk_report

    transaction.on_commit(partial(notify_high_risk_report, report_id=report.pk), robust=True)


# ---------------------------------------------------------------------------------------
# Triage
# ---------------------------------------------------------------------------------------


def _lock(report: Report) -> Report:
    """Re-read the report under a row lock so two triagers cannot both move it."""
    return Report.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def report_set_risk(*, actor: User, report: Report, risk_level: str, note: str = "") -> Report:
    if risk_level not in RiskLevel.values:
        raise ValidationError({"risk_level": _("Tingkat risiko tidak dikenal.")})
    report = _lock(report)
    if report.status != ReportStatus.NEW:
        raise TransitionError(
            _("Risiko hanya ditetapkan saat triase, sebelum laporan diputuskan."), code="transition"
        )
    before = (report.risk_level, report.risk_provisional, report.due_at)
    report.risk_level = risk_level
    report.risk_provisional = False
    report.due_at = deadlines.due_at(report.received_at, risk_level)
    report.save(update_fields=["risk_level", "risk_provisional", "due_at", "updated_at"])
    _record(
        report,
        kind=ReportEventKind.RISK_SET,
        actor=actor,
        data={"from": before[0], "to": risk_level},
        note=note,
    )
    audit_event(
        actor=actor,
        action="report.set_risk",
        target=report,
        target_label=report.label,
        changes={
            "risk_level": [before[0], risk_level],
            "risk_provisional": [before[1], False],
            "due_at": [before[2].isoformat(), report.due_at.isoformat()],
        },
    )
    if risk_level == RiskLevel.HIGH and before[0] != RiskLevel.HIGH:
        _notify_high_risk_on_commit(report)
    return report


def _next_case_number(year: int) -> tuple[int, str]:
    CaseNumberCounter.objects.get_or_create(year=year)
    counter = CaseNumberCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    pattern = str(getattr(settings, "CASE_NUMBER_PATTERN", "PPA/{year}/{seq:04d}"))
    return counter.last, pattern.format(year=year, seq=counter.last)


def _default_owner(actor: User) -> User | None:
    return actor if actor.role in (Role.CASE_MANAGER, Role.SUPERVISOR) else None


@transaction.atomic
def case_open(
    *,
    actor: User,
    region_code: str,
    risk_level: str,
    owner: User | None = None,
    created_from: Report | None = None,
    kelurahan: Region | None = None,
    reported_at: datetime | None = None,
) -> Case:
    """Open a case with the next number of the year (``CASE_NUMBER_PATTERN``).

    The year's counter row is locked while the number is taken, so concurrent openings get
    consecutive, unique numbers that are never reused; the unique constraint on
    (year, sequence) backs it up. The case starts with its deadlines (``deadline_sync``).
    """
    if owner is not None and (
        not owner.is_active or owner.role not in (Role.CASE_MANAGER, Role.SUPERVISOR)
    ):
        raise ValidationError(
            {"owner": _("Pemilik kasus harus manajer kasus atau supervisor yang aktif.")}
        )
    if risk_level not in RiskLevel.values:
        raise ValidationError({"risk_level": _("Tingkat risiko tidak dikenal.")})
    year = timezone.localdate().year
    sequence, number = _next_case_number(year)
    if kelurahan is None and created_from is not None:
        kelurahan = created_from.kelurahan
    # Who handles it: a PPT officer's own case stays at the post; the centre's staff hold
    # theirs. Either way a kelurahan's PPT sees the cases of its kelurahan (docs/domain.md#roles).
    unit = CaseUnit.PPT if actor.role == Role.PPT_OFFICER else CaseUnit.CENTRE
    case = Case.objects.create(
        number=number,
        year=year,
        sequence=sequence,
        region_code=region_code,
        unit=unit,
        kelurahan=kelurahan,
        risk_level=risk_level,
        owner=owner,
        created_by=actor,
        created_from=created_from,
        reported_at=reported_at
        or (created_from.received_at if created_from is not None else timezone.now()),
        status_changed_at=timezone.now(),
    )
    audit_event(
        actor=actor,
        action="case.open",
        target=case,
        target_label=case.number,
        changes={
            "number": [None, number],
            "region_code": [None, region_code],
            "risk_level": [None, risk_level],
            "owner": [None, owner.pk if owner else None],
        },
    )
    deadline_sync(case=case, actor=actor)
    return case


@transaction.atomic
def report_open_case(
    *,
    actor: User,
    report: Report,
    owner: User | None = None,
    note: str = "",
    message: str | None = None,
) -> Case:
    report = _lock(report)
    _check_transition(report, ReportStatus.IN_CASE)
    case = case_open(
        actor=actor,
        region_code=report.region_code,
        risk_level=report.risk_level,
        owner=owner or _default_owner(actor),
        created_from=report,
    )
    case_seed_from_report(actor=actor, case=case, report=report)
    case.refresh_from_db()
    report.case = case
    _move(
        report,
        to=ReportStatus.IN_CASE,
        actor=actor,
        kind=ReportEventKind.CASE_OPENED,
        action="report.open_case",
        data={"case": case.number},
        note=note,
        message=message,
        extra_fields=("case",),
    )
    return case


@transaction.atomic
def report_attach_to_case(
    *, actor: User, report: Report, case: Case, note: str = "", message: str | None = None
) -> Report:
    report = _lock(report)
    _check_transition(report, ReportStatus.IN_CASE)
    report.case = case
    return _move(
        report,
        to=ReportStatus.IN_CASE,
        actor=actor,
        kind=ReportEventKind.CASE_ATTACHED,
        action="report.attach",
        data={"case": case.number},
        note=note,
        message=message,
        extra_fields=("case",),
    )


@transaction.atomic
def report_refer_out(
    *, actor: User, report: Report, destination: str, note: str = "", message: str | None = None
) -> Report:
    destination = destination.strip()
    if not destination:
        raise ValidationError({"destination": _("Sebutkan ke mana laporan dirujuk.")})
    report = _lock(report)
    _check_transition(report, ReportStatus.REFERRED_OUT)
    report.referred_to = destination[:200]
    return _move(
        report,
        to=ReportStatus.REFERRED_OUT,
        actor=actor,
        kind=ReportEventKind.REFERRED_OUT,
        action="report.refer_out",
        data={"referred_to": report.referred_to},
        note=note,
        message=message,
        extra_fields=("referred_to",),
    )


@transaction.atomic
def report_close_not_case(
    *, actor: User, report: Report, reason: str, note: str = "", message: str | None = None
) -> Report:
    if reason not in NotCaseReason.values:
        raise ValidationError({"reason": _("Pilih alasan dari daftar.")})
    report = _lock(report)
    _check_transition(report, ReportStatus.NOT_A_CASE)
    report.not_case_reason = reason
    return _move(
        report,
        to=ReportStatus.NOT_A_CASE,
        actor=actor,
        kind=ReportEventKind.CLOSED_NOT_CASE,
        action="report.close_not_case",
        data={"reason": reason},
        note=note,
        message=message,
        extra_fields=("not_case_reason",),
    )


@transaction.atomic
def report_set_public_message(*, actor: User, report: Report, message: str) -> Report:
    """The one free-text line a reporter can read with their code and PIN."""
    message = message.strip()
    if len(message) > 1000:
        raise ValidationError({"message": _("Pesan paling panjang 1000 karakter.")})
    report = _lock(report)
    report.public_message = message
    report.save(update_fields=["public_message", "updated_at"])
    _record(report, kind=ReportEventKind.MESSAGE_SET, actor=actor, data={"empty": not message})
    audit_event(
        actor=actor,
        action="report.set_public_message",
        target=report,
        target_label=report.label,
        changes={"public_message": ["", "…"]},
    )
    return report


# ---------------------------------------------------------------------------------------
# The reporter's status check
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PinCheck:
    outcome: str  # "ok", "wrong", "locked"
    report: Report | None = None
    failures_left: int = 0


def max_pin_failures() -> int:
    return int(getattr(settings, "REPORT_PIN_MAX_FAILURES", 10))


_DUMMY_HASH: list[str] = []


def _dummy_check(pin: str) -> None:
    """Spend the same time on an unknown code as on a known one."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(codes.hash_pin("000000"))
    codes.check_pin(pin, _DUMMY_HASH[0])


@transaction.atomic
def report_pin_check(*, code: str, pin: str) -> PinCheck:
    """Check a reporter's code and PIN. After ``REPORT_PIN_MAX_FAILURES`` wrong PINs the code
    is locked: even the right PIN is refused until staff unlock it."""
    normalised = codes.normalise_code(code)
    report = (
        Report.objects.select_for_update().filter(code=normalised).first()
        if codes.is_valid_code(normalised)
        else None
    )
    if report is None:
        _dummy_check(pin)
        return PinCheck(outcome="wrong")
    if report.is_locked:
        return PinCheck(outcome="locked")
    if codes.check_pin(pin, report.pin_hash):
        if report.pin_failures:
            report.pin_failures = 0
            report.save(update_fields=["pin_failures"])
            audit_event(
                actor=None,
                action="report.pin_ok_after_failures",
                target=report,
                target_label=report.label,
            )
        return PinCheck(outcome="ok", report=report)
    report.pin_failures += 1
    fields = ["pin_failures"]
    limit = max_pin_failures()
    if report.pin_failures >= limit:
        report.pin_locked_at = timezone.now()
        fields.append("pin_locked_at")
    report.save(update_fields=fields)
    audit_event(
        actor=None,
        action="report.pin_failed",
        target=report,
        target_label=report.label,
        changes={"pin_failures": [report.pin_failures - 1, report.pin_failures]},
    )
    if report.pin_locked_at is not None:
        _record(
            report,
            kind=ReportEventKind.PIN_LOCKED,
            actor=None,
            data={"failures": report.pin_failures},
        )
        audit_event(
            actor=None, action="report.pin_locked", target=report, target_label=report.label
        )
        return PinCheck(outcome="locked")
    return PinCheck(outcome="wrong", failures_left=limit - report.pin_failures)


@transaction.atomic
def report_pin_unlock(*, actor: User, report: Report) -> Report:
    report = _lock(report)
    if not report.is_locked:
        return report
    report.pin_failures = 0
    report.pin_locked_at = None
    report.save(update_fields=["pin_failures", "pin_locked_at", "updated_at"])
    _record(report, kind=ReportEventKind.PIN_UNLOCKED, actor=actor)
    audit_event(actor=actor, action="report.pin_unlock", target=report, target_label=report.label)
    return report


# ---------------------------------------------------------------------------------------
# Reference data: triage deadlines
# ---------------------------------------------------------------------------------------


@transaction.atomic
def triage_rule_update(
    *, actor: User, rule: TriageDeadlineRule, hours: int, working_days: bool, basis: str
) -> TriageDeadlineRule:
    """Change a deadline rule and recompute the deadline of every report still waiting at
    that risk level, so the queue never mixes old and new rules."""
    if hours < 0 or hours > 24 * 30:
        raise ValidationError({"hours": _("Batas waktu antara 0 dan 720 jam.")})
    before = {"hours": rule.hours, "working_days": rule.working_days, "basis": rule.basis}
    rule.hours = hours
    rule.working_days = working_days
    rule.basis = basis.strip()
    rule.full_clean()
    rule.save()
    waiting = Report.objects.select_for_update().filter(
        status=ReportStatus.NEW, risk_level=rule.risk_level
    )
    changed = []
    for report in waiting.only("pk", "received_at", "due_at"):
        report.due_at = deadlines.add_hours(report.received_at, hours, working_days=working_days)
        changed.append(report)
    Report.objects.bulk_update(changed, ["due_at"], batch_size=500)
    audit_event(
        actor=actor,
        action="triage_rule.update",
        target=rule,
        target_label=f"triage_rule:{rule.risk_level}",
        changes={
            "hours": [before["hours"], hours],
            "working_days": [before["working_days"], working_days],
            "basis": [before["basis"], rule.basis],
        },
        note=f"{len(changed)} laporan dihitung ulang",
    )
    return rule


# =========================================================================================
# Casework (issue #4): the case record from assessment to closure
# =========================================================================================
#
# Every function below locks the case row (``_lock_case``) before it changes anything that
# belongs to the case, so two workers cannot interleave, and edits that come from a form
# carry the ``version`` the form was loaded at: a stale save raises ``EditConflict`` with the
# other person's changes, field by field, and nothing is overwritten.


@dataclass(frozen=True)
class ConflictChange:
    label: str
    before: str
    after: str
    actor: str
    at: str


class EditConflict(Exception):
    """Someone else changed the same record since the form was loaded."""

    def __init__(self, *, current_version: int, changes: list[ConflictChange]) -> None:
        super().__init__("the record changed since it was loaded")
        self.current_version = current_version
        self.changes = changes

    @property
    def message(self) -> str:
        return _(
            "Data ini sudah diubah orang lain sejak Anda membukanya. Perubahan Anda belum "
            "disimpan. Periksa perubahan mereka di bawah, lalu simpan lagi bila perlu."
        )


def _lock_case(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _display(model: type[Any], name: str, value: Any) -> str:
    """A value as the officer would read it, for revisions and conflict messages."""
    from django.db.models import ForeignKey

    field = model._meta.get_field(name)
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("Ya") if value else _("Tidak"))
    if isinstance(value, list):
        labels = dict(getattr(field, "flatchoices", None) or [])
        return ", ".join(str(labels.get(v, v)) for v in value)
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, ForeignKey):
        return str(value)
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def _snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def _changes(obj: Any, before: dict[str, Any], fields: list[str]) -> dict[str, dict[str, str]]:
    model = type(obj)
    out = {}
    for name in fields:
        old, new = before.get(name), getattr(obj, name)
        if old != new:
            out[name] = {
                "label": str(model._meta.get_field(name).verbose_name),
                "before": _display(model, name, old),
                "after": _display(model, name, new),
            }
    return out


def _check_version(
    case: Case, expected: int | None, *, object_type: str, object_id: int, fields: set[str]
) -> None:
    """Refuse a stale save when someone changed the same fields of the same object since
    ``expected``. Edits of other objects or other fields in between are not a conflict."""
    if expected is None or expected == case.version:
        return
    changes: list[ConflictChange] = []
    revisions = case.revisions.filter(
        version__gt=expected, object_type=object_type, object_id=object_id
    ).select_related("actor")
    for revision in revisions:
        for name, change in json.loads(revision.changes).items():
            if name in fields:
                changes.append(
                    ConflictChange(
                        label=change["label"],
                        before=change["before"],
                        after=change["after"],
                        actor=(
                            revision.actor.get_full_name() or revision.actor.username
                            if revision.actor
                            else "—"
                        ),
                        at=timezone.localtime(revision.at).strftime("%d-%m-%Y %H:%M"),
                    )
                )
    if changes or expected > case.version:
        raise EditConflict(current_version=case.version, changes=changes)


def _revise(
    case: Case,
    *,
    actor: User | None,
    object_type: str,
    object_id: int,
    changes: dict[str, dict[str, str]],
) -> None:
    """Bump the case's version and keep what changed (for conflict messages)."""
    if not changes:
        return
    case.version += 1
    case.save(update_fields=["version", "updated_at"])
    CaseRevision.objects.create(
        case=case,
        version=case.version,
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        object_type=object_type,
        object_id=object_id,
        changes=json.dumps(changes, ensure_ascii=False),
    )


def _audit_changes(changes: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    # audit_event redacts identifying fields by name; the rest keep before → after.
    return {name: [c["before"], c["after"]] for name, c in changes.items()}


def _require_open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise TransitionError(
            _("Kasus sudah ditutup; buka kembali kasus untuk mengubahnya."), code="closed"
        )


# --- people ------------------------------------------------------------------------------


@dataclass
class PersonInput:
    name: str = ""
    alias: str = ""
    nik: str = ""
    kk: str = ""
    sex: str = Sex.UNKNOWN
    birth_date: date | None = None
    age_estimate: int | None = None
    disability: str = YesNoUnknown.UNKNOWN
    disability_kinds: list[str] = field(default_factory=list)
    education: str = ""
    occupation: str = ""
    marital_status: str = ""
    religion: str = ""
    phone: str = ""
    address: str = ""
    kelurahan: Region | None = None


PERSON_FIELDS = [
    "name",
    "alias",
    "nik",
    "kk",
    "sex",
    "birth_date",
    "age_estimate",
    "disability",
    "disability_kinds",
    "education",
    "occupation",
    "marital_status",
    "religion",
    "phone",
    "address",
    "kelurahan",
]


@dataclass(frozen=True)
class PartyResult:
    party: CaseParty
    warnings: list[str]


def _check_choice(errors: dict[str, str], name: str, value: str, allowed: list[str]) -> None:
    if value and value not in allowed:
        errors[name] = _("Pilihan tidak dikenal.")


def _clean_person(data: PersonInput) -> tuple[PersonInput, list[str]]:
    """Validate and normalise; NIK/KK errors refuse, mismatches come back as warnings."""
    errors: dict[str, Any] = {}
    warnings: list[str] = []
    data.name, data.alias = data.name.strip(), data.alias.strip()
    if data.nik.strip():
        nik = identifiers.check_nik(data.nik, sex=data.sex, birth_date=data.birth_date)
        if nik.errors:
            errors["nik"] = nik.errors
        data.nik = nik.value
        warnings.extend(nik.warnings)
    else:
        data.nik = ""
    if data.kk.strip():
        kk = identifiers.check_kk(data.kk)
        if kk.errors:
            errors["kk"] = kk.errors
        data.kk = kk.value
    else:
        data.kk = ""
    data.phone = normalise_phone(data.phone)
    if data.phone and not 8 <= len(data.phone) <= 15:
        errors["phone"] = _("Nomor telepon harus 8–15 angka, misalnya 0812 3456 7890.")
    if data.birth_date and data.birth_date > timezone.localdate():
        errors["birth_date"] = _("Tanggal lahir tidak boleh di masa depan.")
    if data.age_estimate is not None and not 0 <= data.age_estimate <= 120:
        errors["age_estimate"] = _("Usia antara 0 dan 120 tahun.")
    _check_choice(errors, "sex", data.sex, Sex.values)
    _check_choice(errors, "disability", data.disability, YesNoUnknown.values)
    _check_choice(errors, "education", data.education, Education.values)
    _check_choice(errors, "occupation", data.occupation, Occupation.values)
    _check_choice(errors, "marital_status", data.marital_status, MaritalStatus.values)
    _check_choice(errors, "religion", data.religion, Religion.values)
    if not set(data.disability_kinds) <= set(DisabilityKind.values):
        errors["disability_kinds"] = _("Jenis disabilitas tidak dikenal.")
    data.disability_kinds = sorted(set(data.disability_kinds))
    if len(data.address) > 500:
        errors["address"] = _("Alamat paling panjang 500 karakter.")
    if errors:
        raise ValidationError(errors)
    return data, warnings


def _apply_person(person: Person, data: PersonInput) -> None:
    for name in PERSON_FIELDS:
        setattr(person, name, getattr(data, name))
    if person.age_estimate is not None and person.age_estimated_on is None:
        person.age_estimated_on = timezone.localdate()
    person.name_index = names.name_index(person.name)
    person.nik_index = crypto.blind_index(person.nik, "nik") if person.nik else ""
    person.kk_index = crypto.blind_index(person.kk, "kk") if person.kk else ""
    person.phone_index = crypto.blind_index(person.phone, "phone") if person.phone else ""


def _index_person_names(person: Person) -> None:
    PersonNameToken.objects.filter(person=person).delete()
    PersonNameToken.objects.bulk_create(
        [
            PersonNameToken(person=person, token=token)
            for token in sorted(names.word_tokens(person.name, person.alias))
        ]
    )


def _refresh_case_flags(case: Case) -> None:
    """Flags and violence tags derived from the incidents and victims (one place)."""
    incidents = list(case.incidents.values_list("violence_forms", "kdrt", "tpks"))
    forms = sorted({f for row in incidents for f in (row[0] or [])})
    victims = Person.objects.filter(parties__case=case, parties__role=PartyRole.VICTIM)
    case.flag_kdrt = any(row[1] for row in incidents)
    case.flag_tpks = any(row[2] for row in incidents)
    case.flag_child = any(p.is_child for p in victims)
    case.violence_tags = f",{','.join(forms)}," if forms else ""
    case.save(update_fields=["flag_kdrt", "flag_tpks", "flag_child", "violence_tags", "updated_at"])


@transaction.atomic
def party_add(
    *,
    actor: User,
    case: Case,
    role: str,
    person: PersonInput | None = None,
    perpetrator_kind: str = "",
    group_size: int | None = None,
    organisation_name: str = "",
    relationship: str = "",
    guardian_for: CaseParty | None = None,
    guardian_relation: str = "",
    anonymous: bool = False,
) -> PartyResult:
    """Add a victim, perpetrator, reporter, witness or guardian to the case."""
    case = _lock_case(case)
    _require_open(case)
    errors: dict[str, str] = {}
    if role not in PartyRole.values:
        raise ValidationError({"role": _("Peran tidak dikenal.")})
    if role == PartyRole.PERPETRATOR:
        perpetrator_kind = perpetrator_kind or PerpetratorKind.INDIVIDUAL
        if perpetrator_kind not in PerpetratorKind.values:
            errors["perpetrator_kind"] = _("Jenis pelaku tidak dikenal.")
        if perpetrator_kind == PerpetratorKind.GROUP and (group_size or 0) < 2:
            errors["group_size"] = _("Kelompok beranggota paling sedikit 2 orang.")
        if perpetrator_kind == PerpetratorKind.CORPORATION and not organisation_name.strip():
            errors["organisation_name"] = _("Isi nama korporasi.")
    else:
        perpetrator_kind, group_size, organisation_name = "", None, ""
    _check_choice(errors, "relationship", relationship, Relationship.values)
    if role == PartyRole.GUARDIAN:
        if guardian_for is None:
            errors["guardian_for"] = _("Pilih korban yang diwakili wali ini.")
        elif guardian_for.case_id != case.pk or guardian_for.role != PartyRole.VICTIM:
            errors["guardian_for"] = _("Wali hanya untuk korban dalam kasus ini.")
    else:
        guardian_for, guardian_relation = None, ""
    needs_person = not (
        (role == PartyRole.PERPETRATOR and perpetrator_kind != PerpetratorKind.INDIVIDUAL)
        or (role == PartyRole.REPORTER and anonymous)
    )
    if role != PartyRole.REPORTER:
        anonymous = False
    warnings: list[str] = []
    if needs_person and (person is None or not (person.name.strip() or person.alias.strip())):
        errors["name"] = _("Isi nama atau nama samaran.")
    if errors:
        raise ValidationError(errors)
    record: Person | None = None
    if needs_person and person is not None:
        person, warnings = _clean_person(person)
        record = Person(created_by=actor)
        _apply_person(record, person)
        record.save()
        _index_person_names(record)
    party = CaseParty.objects.create(
        case=case,
        person=record,
        role=role,
        perpetrator_kind=perpetrator_kind,
        group_size=group_size if perpetrator_kind == PerpetratorKind.GROUP else None,
        organisation_name=organisation_name.strip(),
        relationship=relationship,
        guardian_for=guardian_for,
        guardian_relation=guardian_relation.strip()[:100],
        anonymous=anonymous,
        created_by=actor,
    )
    if role == PartyRole.VICTIM:
        _refresh_case_flags(case)
    audit_event(
        actor=actor,
        action="case.party_add",
        target=case,
        target_label=case.number,
        changes={"role": [None, role], "perpetrator_kind": [None, perpetrator_kind or None]},
        note=f"pihak:{party.pk}",
    )
    return PartyResult(party=party, warnings=warnings)


@transaction.atomic
def person_update(
    *, actor: User, case: Case, party: CaseParty, version: int | None, data: PersonInput
) -> list[str]:
    """Edit the person behind a party. Returns warnings (e.g. a NIK/sex mismatch)."""
    case = _lock_case(case)
    _require_open(case)
    if party.case_id != case.pk or party.person_id is None:
        raise ValidationError(_("Pihak ini tidak memiliki data orang untuk diubah."))
    person = Person.objects.select_for_update().get(pk=party.person_id)
    _check_version(
        case, version, object_type="person", object_id=person.pk, fields=set(PERSON_FIELDS)
    )
    if not (data.name.strip() or data.alias.strip()):
        raise ValidationError({"name": _("Isi nama atau nama samaran.")})
    data, warnings = _clean_person(data)
    before = _snapshot(person, PERSON_FIELDS)
    _apply_person(person, data)
    person.save()
    _index_person_names(person)
    changes = _changes(person, before, PERSON_FIELDS)
    _revise(case, actor=actor, object_type="person", object_id=person.pk, changes=changes)
    if party.role == PartyRole.VICTIM:
        _refresh_case_flags(case)
    audit_event(
        actor=actor,
        action="case.person_update",
        target=person,
        target_label=case.number,
        changes=_audit_changes(changes),
    )
    return warnings


# --- the case itself ---------------------------------------------------------------------

CASE_EDIT_FIELDS = ["risk_level", "kelurahan"]


@transaction.atomic
def case_update(
    *, actor: User, case: Case, version: int | None, risk_level: str, kelurahan: Region | None
) -> Case:
    case = _lock_case(case)
    _require_open(case)
    _check_version(
        case, version, object_type="case", object_id=case.pk, fields=set(CASE_EDIT_FIELDS)
    )
    if risk_level not in RiskLevel.values:
        raise ValidationError({"risk_level": _("Tingkat risiko tidak dikenal.")})
    if kelurahan is not None and not kelurahan.code.startswith(city_code() + "."):
        raise ValidationError({"kelurahan": _("Kelurahan tidak dikenal.")})
    before = _snapshot(case, CASE_EDIT_FIELDS)
    case.risk_level = risk_level
    case.kelurahan = kelurahan
    case.save(update_fields=["risk_level", "kelurahan", "updated_at"])
    changes = _changes(case, before, CASE_EDIT_FIELDS)
    _revise(case, actor=actor, object_type="case", object_id=case.pk, changes=changes)
    audit_event(
        actor=actor,
        action="case.update",
        target=case,
        target_label=case.number,
        changes=_audit_changes(changes),
    )
    if "risk_level" in changes:
        deadline_sync(case=case, actor=actor)
    return case


# --- incidents -----------------------------------------------------------------------------


@dataclass
class IncidentInput:
    place_category: str
    violence_forms: list[str]
    occurred_on: date | None = None
    date_approximate: bool = False
    kelurahan: Region | None = None
    address: str = ""
    trafficking_subtypes: list[str] = field(default_factory=list)
    gbv_core_type: str = ""
    chronology: str = ""
    relationship: str = Relationship.UNKNOWN
    kdrt: bool = False
    tpks: bool = False
    victims: list[CaseParty] = field(default_factory=list)
    perpetrators: list[CaseParty] = field(default_factory=list)


INCIDENT_FIELDS = [
    "occurred_on",
    "date_approximate",
    "place_category",
    "kelurahan",
    "address",
    "violence_forms",
    "trafficking_subtypes",
    "gbv_core_type",
    "chronology",
    "relationship",
    "kdrt",
    "tpks",
]


def _clean_incident(case: Case, data: IncidentInput) -> IncidentInput:
    errors: dict[str, str] = {}
    forms = set(data.violence_forms)
    if not forms:
        errors["violence_forms"] = _("Pilih paling sedikit satu bentuk kekerasan.")
    elif not forms <= set(ViolenceForm.values):
        errors["violence_forms"] = _("Bentuk kekerasan tidak dikenal.")
    data.violence_forms = sorted(forms)
    subtypes = set(data.trafficking_subtypes)
    if subtypes and ViolenceForm.TRAFFICKING not in forms:
        errors["trafficking_subtypes"] = _("Jenis TPPO hanya untuk perdagangan orang.")
    elif not subtypes <= set(TraffickingSubtype.values):
        errors["trafficking_subtypes"] = _("Jenis TPPO tidak dikenal.")
    data.trafficking_subtypes = sorted(subtypes)
    _check_choice(errors, "place_category", data.place_category, PlaceCategory.values)
    if not data.place_category:
        errors["place_category"] = _("Pilih jenis tempat.")
    _check_choice(errors, "relationship", data.relationship, Relationship.values)
    _check_choice(errors, "gbv_core_type", data.gbv_core_type, GbvCoreType.values)
    if data.occurred_on and data.occurred_on > timezone.localdate():
        errors["occurred_on"] = _("Tanggal kejadian tidak boleh di masa depan.")
    if data.kelurahan is not None and not data.kelurahan.code.startswith(city_code() + "."):
        errors["kelurahan"] = _("Kelurahan tidak dikenal.")
    if any(p.case_id != case.pk or p.role != PartyRole.VICTIM for p in data.victims):
        errors["victims"] = _("Pilih korban dari kasus ini.")
    if any(p.case_id != case.pk or p.role != PartyRole.PERPETRATOR for p in data.perpetrators):
        errors["perpetrators"] = _("Pilih pelaku dari kasus ini.")
    if len(data.chronology) > 10000:
        errors["chronology"] = _("Kronologi paling panjang 10.000 karakter.")
    if errors:
        raise ValidationError(errors)
    data.chronology = data.chronology.strip()
    data.address = data.address.strip()
    return data


@transaction.atomic
def incident_add(*, actor: User, case: Case, data: IncidentInput) -> Incident:
    case = _lock_case(case)
    _require_open(case)
    data = _clean_incident(case, data)
    incident = Incident(case=case, created_by=actor)
    for name in INCIDENT_FIELDS:
        setattr(incident, name, getattr(data, name))
    incident.save()
    incident.victims.set(data.victims)
    incident.perpetrators.set(data.perpetrators)
    _refresh_case_flags(case)
    audit_event(
        actor=actor,
        action="case.incident_add",
        target=incident,
        target_label=case.number,
        changes={
            "violence_forms": [None, incident.violence_forms],
            "kdrt": [None, incident.kdrt],
            "tpks": [None, incident.tpks],
        },
    )
    deadline_sync(case=case, actor=actor)
    return incident


@transaction.atomic
def incident_update(
    *, actor: User, case: Case, incident: Incident, version: int | None, data: IncidentInput
) -> Incident:
    case = _lock_case(case)
    _require_open(case)
    if incident.case_id != case.pk:
        raise ValidationError(_("Kejadian ini bukan bagian dari kasus ini."))
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    fields = {*INCIDENT_FIELDS, "victims", "perpetrators"}
    _check_version(case, version, object_type="incident", object_id=incident.pk, fields=fields)
    data = _clean_incident(case, data)
    before = _snapshot(incident, INCIDENT_FIELDS)
    for name in INCIDENT_FIELDS:
        setattr(incident, name, getattr(data, name))
    incident.save()
    incident.victims.set(data.victims)
    incident.perpetrators.set(data.perpetrators)
    changes = _changes(incident, before, INCIDENT_FIELDS)
    _revise(case, actor=actor, object_type="incident", object_id=incident.pk, changes=changes)
    _refresh_case_flags(case)
    audit_event(
        actor=actor,
        action="case.incident_update",
        target=incident,
        target_label=case.number,
        changes=_audit_changes(changes),
    )
    deadline_sync(case=case, actor=actor)
    return incident


@transaction.atomic
def case_seed_from_report(*, actor: User, case: Case, report: Report) -> None:
    """Start the record from what the report said: the victim, the reporter, the incident."""
    victim: CaseParty | None = None
    if report.victim_name or report.victim_age is not None or report.victim_sex:
        victim = party_add(
            actor=actor,
            case=case,
            role=PartyRole.VICTIM,
            person=PersonInput(
                name=report.victim_name,
                alias="" if report.victim_name else str(_("Korban (belum diketahui namanya)")),
                sex=report.victim_sex if report.victim_sex in Sex.values else Sex.UNKNOWN,
                age_estimate=report.victim_age,
                disability=report.victim_disability,
            ),
        ).party
    if report.reporter_relation != ReporterRelation.VICTIM:
        if report.reporter_anonymous or not report.reporter_name:
            party_add(actor=actor, case=case, role=PartyRole.REPORTER, anonymous=True)
        else:
            party_add(
                actor=actor,
                case=case,
                role=PartyRole.REPORTER,
                person=PersonInput(name=report.reporter_name, phone=report.reporter_phone),
            )
    incident_add(
        actor=actor,
        case=case,
        data=IncidentInput(
            place_category=report.place_category,
            violence_forms=list(report.violence_forms),
            occurred_on=report.incident_date,
            date_approximate=report.incident_date_approximate,
            kelurahan=report.kelurahan,
            address=report.address_detail,
            chronology=report.description,
            tpks=ViolenceForm.SEXUAL in report.violence_forms,
            victims=[victim] if victim else [],
        ),
    )


# --- the state machine ---------------------------------------------------------------------


def _apply_status(
    case: Case, *, to: str, actor: User, reason: str = "", note: str = ""
) -> CaseStatusChange:
    before = case.status
    now = timezone.now()
    case.status = to
    case.status_changed_at = now
    fields = ["status", "status_changed_at", "updated_at"]
    if to == CaseStatus.CLOSED:
        case.closed_at = now
        case.closure_reason = reason
        fields += ["closed_at", "closure_reason"]
    elif before == CaseStatus.CLOSED:
        case.closed_at = None
        case.closure_reason = ""
        fields += ["closed_at", "closure_reason"]
    case.save(update_fields=fields)
    change = CaseStatusChange.objects.create(
        case=case, from_status=before, to_status=to, at=now, actor=actor, reason=reason, note=note
    )
    labels = dict(CaseStatus.choices)
    _revise(
        case,
        actor=actor,
        object_type="case",
        object_id=case.pk,
        changes={
            "status": {
                "label": str(_("status")),
                "before": str(labels[before]),
                "after": str(labels[to]),
            }
        },
    )
    audit_event(
        actor=actor,
        action="case.transition",
        target=case,
        target_label=case.number,
        changes={"status": [before, to], "reason": [None, reason or None]},
    )
    if before == CaseStatus.NEW:
        # Leaving "baru" is the first response: the risk-based response deadline is met.
        _meet_rules(case, actor=actor, triggers=RISK_TRIGGERS)
    deadline_sync(case=case, actor=actor)
    return change


@transaction.atomic
def case_transition(
    *,
    actor: User,
    case: Case,
    to: str,
    reason: str = "",
    note: str = "",
    version: int | None = None,
) -> Case:
    """Move the case one step (see ``workflow.TRANSITIONS``). Closing and reopening have
    their own services."""
    case = _lock_case(case)
    _check_version(case, version, object_type="case", object_id=case.pk, fields={"status"})
    if to == CaseStatus.CLOSED:
        raise TransitionError(
            _("Kasus ditutup melalui permintaan penutupan yang disetujui supervisor."),
            code="transition",
        )
    if workflow.is_reopen(case.status, to):
        raise TransitionError(_("Gunakan 'Buka kembali kasus' dengan alasan."), code="transition")
    move = workflow.find_move(case.status, to)
    if move is None:
        raise TransitionError(
            _("Kasus berstatus %(status)s tidak dapat dipindah ke %(to)s.")
            % {"status": case.get_status_display(), "to": dict(CaseStatus.choices).get(to, to)},
            code="transition",
        )
    if move.needs == "assessment" and not case.assessments.exists():
        raise TransitionError(
            _("Catat asesmen biopsikososial dulu sebelum menyusun rencana intervensi."),
            code="precondition",
        )
    if move.needs == "agreed_plan" and not CasePlan.objects.filter(case=case, agreed=True).exists():
        raise TransitionError(
            _("Rencana intervensi harus disepakati korban atau wali sebelum layanan dimulai."),
            code="precondition",
        )
    _apply_status(case, to=to, actor=actor, reason=reason[:30], note=note.strip())
    return case


@transaction.atomic
def closure_request(
    *,
    actor: User,
    case: Case,
    reason: str,
    note: str = "",
    undelivered_reasons: Mapping[int, str] | None = None,
) -> ClosureRequest:
    """A case worker asks a supervisor to close the case (terminasi).

    Every planned service not delivered needs a reason (``undelivered_reasons``: plan item
    id → reason); the closure checklist the supervisor reads is kept with the request."""
    case = _lock_case(case)
    _require_open(case)
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": _("Pilih alasan dari daftar.")})
    if reason == ClosureReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Jelaskan alasan penutupan.")})
    if case.closure_requests.filter(state=ClosureRequestState.PENDING).exists():
        raise TransitionError(
            _("Sudah ada permintaan penutupan yang menunggu persetujuan."), code="pending"
        )
    request = ClosureRequest.objects.create(
        case=case,
        reason=reason,
        note=note.strip(),
        requested_by=actor,
        requested_at=timezone.now(),
    )
    from payung.care.services import closure_checklist_record

    closure_checklist_record(actor=actor, request=request, reasons=undelivered_reasons or {})
    audit_event(
        actor=actor,
        action="case.closure_request",
        target=case,
        target_label=case.number,
        changes={"reason": [None, reason]},
    )
    _notify_on_commit(
        case,
        topic="case.closure_request",
        title_text=_("Permintaan penutupan kasus %(number)s menunggu persetujuan"),
        to="supervisors",
    )
    return request


@transaction.atomic
def closure_decide(
    *, actor: User, request: ClosureRequest, approve: bool, note: str = ""
) -> ClosureRequest:
    """A supervisor approves (the case closes) or rejects a closure request."""
    case = _lock_case(request.case)
    request = ClosureRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != ClosureRequestState.PENDING:
        raise TransitionError(_("Permintaan ini sudah diputuskan."), code="decided")
    if not approve and not note.strip():
        raise ValidationError({"note": _("Tulis alasan penolakan untuk manajer kasus.")})
    request.state = ClosureRequestState.APPROVED if approve else ClosureRequestState.REJECTED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_note = note.strip()
    request.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    if approve:
        _require_open(case)
        _apply_status(
            case, to=CaseStatus.CLOSED, actor=actor, reason=request.reason, note=request.note
        )
    audit_event(
        actor=actor,
        action="case.closure_approve" if approve else "case.closure_reject",
        target=case,
        target_label=case.number,
        changes={"closure_request": [ClosureRequestState.PENDING, request.state]},
    )
    _notify_on_commit(
        case,
        topic="case.closure_decided",
        title_text=(
            _("Penutupan kasus %(number)s disetujui")
            if approve
            else _("Penutupan kasus %(number)s ditolak")
        ),
        to=[request.requested_by],
    )
    return request


@transaction.atomic
def case_reopen(*, actor: User, case: Case, note: str) -> Case:
    case = _lock_case(case)
    if case.status != CaseStatus.CLOSED:
        raise TransitionError(_("Hanya kasus yang ditutup yang dapat dibuka kembali."))
    if not note.strip():
        raise ValidationError({"note": _("Tulis alasan membuka kembali kasus.")})
    _apply_status(case, to=CaseStatus.ASSESSMENT, actor=actor, reason="dibuka_kembali", note=note)
    audit_event(actor=actor, action="case.reopen", target=case, target_label=case.number)
    return case


# --- ownership, team, and who holds the case -------------------------------------------------


def _check_case_worker(user: User, case: Case, field_name: str) -> None:
    if (
        not user.is_active
        or user.role not in (Role.CASE_MANAGER, Role.SUPERVISOR)
        or not user.in_scope(case.region_code)
    ):
        raise ValidationError(
            {
                field_name: _(
                    "Pilih manajer kasus atau supervisor aktif yang wilayahnya mencakup kasus ini."
                )
            }
        )


@transaction.atomic
def case_assign(*, actor: User, case: Case, owner: User, note: str = "") -> Case:
    """A supervisor gives the case to a case manager (transfer between case managers)."""
    case = _lock_case(case)
    _require_open(case)
    _check_case_worker(owner, case, "owner")
    before = case.owner_id
    case.owner = owner
    case.save(update_fields=["owner", "updated_at"])
    case.team.remove(owner)
    audit_event(
        actor=actor,
        action="case.assign",
        target=case,
        target_label=case.number,
        changes={"owner": [before, owner.pk]},
        note=note[:500],
    )
    _notify_on_commit(
        case,
        topic="case.assigned",
        title_text=_("Kasus %(number)s ditugaskan kepada Anda"),
        to=[owner],
    )
    return case


@transaction.atomic
def case_team_add(*, actor: User, case: Case, member: User) -> Case:
    case = _lock_case(case)
    _require_open(case)
    _check_case_worker(member, case, "member")
    if member.pk == case.owner_id:
        raise ValidationError({"member": _("Orang ini sudah manajer kasusnya.")})
    case.team.add(member)
    audit_event(
        actor=actor,
        action="case.team_add",
        target=case,
        target_label=case.number,
        changes={"team": [None, member.pk]},
    )
    return case


@transaction.atomic
def case_team_remove(*, actor: User, case: Case, member: User) -> Case:
    case = _lock_case(case)
    case.team.remove(member)
    audit_event(
        actor=actor,
        action="case.team_remove",
        target=case,
        target_label=case.number,
        changes={"team": [member.pk, None]},
    )
    return case


@transaction.atomic
def case_transfer(*, actor: User, case: Case, unit: str, note: str = "") -> Case:
    """Move the handling of the case between its kelurahan's PPT and the centre.

    A PPT always sees its kelurahan's cases (docs/domain.md#roles), so moving to the centre keeps
    the scope; moving to the PPT narrows the scope to the kelurahan (a case the centre
    opened at city level becomes visible to that PPT)."""
    case = _lock_case(case)
    _require_open(case)
    if unit not in CaseUnit.values:
        raise ValidationError({"unit": _("Pilih PPT atau pusat.")})
    if unit == case.unit:
        raise ValidationError({"unit": _("Kasus sudah ditangani unit ini.")})
    region_code = case.region_code
    if unit == CaseUnit.PPT:
        if case.kelurahan is None:
            raise ValidationError(
                {"unit": _("Isi kelurahan kasus dulu: kasus dipindah ke PPT kelurahan itu.")}
            )
        region_code = case.kelurahan.code
    before = (case.unit, case.region_code)
    case.unit = unit
    case.region_code = region_code
    case.save(update_fields=["unit", "region_code", "updated_at"])
    audit_event(
        actor=actor,
        action="case.transfer",
        target=case,
        target_label=case.number,
        changes={"unit": [before[0], unit], "region_code": [before[1], region_code]},
        note=note[:500],
    )
    return case


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


PLAN_FIELDS = ["goals", "agreed", "agreed_on", "agreed_by"]


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
) -> CasePlan:
    """Save the case plan's goals and whether the victim (or a child's guardian) agreed."""
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
        if agreed_by is None or agreed_by.case_id != case.pk:
            errors["agreed_by"] = _("Pilih korban atau wali yang menyepakati.")
        elif agreed_by.role == PartyRole.VICTIM:
            if agreed_by.person is not None and agreed_by.person.is_child:
                errors["agreed_by"] = _("Korban anak: rencana disepakati oleh walinya.")
        elif agreed_by.role != PartyRole.GUARDIAN:
            errors["agreed_by"] = _("Hanya korban atau wali yang dapat menyepakati rencana.")
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
        # An agreed plan's services become tasks with due dates (payung.care).
        from payung.care.services import tasks_from_plan

        tasks_from_plan(actor=actor, case=case)
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
        from payung.care.services import tasks_from_plan

        tasks_from_plan(actor=actor, case=case)
    return item


@transaction.atomic
def plan_item_set_status(
    *, actor: User, case: Case, item: PlanItem, status: str, done_on: date | None = None
) -> PlanItem:
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


def _rule_anchor(case: Case, rule: DeadlineRule) -> datetime | None:
    """When ``rule``'s clock starts for ``case``; None when the rule does not apply."""
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


def deadline_sync(*, case: Case, actor: User | None) -> list[CaseDeadline]:
    """Make the case's due items match the rules: add what now applies, set aside (not
    delete) what no longer does. Runs inside the calling service's transaction."""
    existing = {d.rule_id: d for d in case.deadlines.filter(rule__isnull=False)}
    created: list[CaseDeadline] = []
    closed = case.status == CaseStatus.CLOSED
    for rule in DeadlineRule.objects.filter(active=True):
        anchor = None if closed else _rule_anchor(case, rule)
        item = existing.get(rule.pk)
        if anchor is None:
            if item is not None and item.state == DeadlineState.OPEN:
                item.state = DeadlineState.NOT_APPLICABLE
                item.save(update_fields=["state"])
            continue
        if item is None:
            created.append(
                CaseDeadline.objects.create(
                    case=case,
                    rule=rule,
                    title=rule.name,
                    due_at=deadlines.add_hours(anchor, rule.hours, working_days=rule.working_days),
                    created_by=actor if getattr(actor, "pk", None) else None,
                )
            )
        elif item.state == DeadlineState.NOT_APPLICABLE and item.met_at is None:
            item.state = DeadlineState.OPEN
            item.due_at = deadlines.add_hours(anchor, rule.hours, working_days=rule.working_days)
            item.save(update_fields=["state", "due_at"])
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
    and granted (and so until when it lasts)."""
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
    return deadline


@transaction.atomic
def deadline_followup_add(*, actor: User, case: Case, title: str, due_at: datetime) -> CaseDeadline:
    """A follow-up the case worker sets themself (a home visit, a call back)."""
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
    if hours < 0 or hours > 24 * 365:
        raise ValidationError({"hours": _("Batas waktu antara 0 dan 8760 jam.")})
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
    items = (
        CaseDeadline.objects.select_for_update(of=("self",))
        .filter(rule=rule, state=DeadlineState.OPEN)
        .select_related("case")
    )
    changed = []
    for item in items:
        anchor = _rule_anchor(item.case, rule)
        if anchor is not None:
            item.due_at = deadlines.add_hours(anchor, hours, working_days=working_days)
            changed.append(item)
    CaseDeadline.objects.bulk_update(changed, ["due_at"], batch_size=500)
    audit_event(
        actor=actor,
        action="case_deadline_rule.update",
        target=rule,
        target_label=f"case_deadline_rule:{rule.code}",
        changes={k: [v, getattr(rule, k)] for k, v in before.items() if v != getattr(rule, k)},
        note=f"{len(changed)} tenggat dihitung ulang",
    )
    return rule


# --- consent -------------------------------------------------------------------------------


def _organisation_ref(organisation: Any) -> tuple[int | None, str]:
    """(id, name) from a care-app organisation, an id, or a name."""
    if organisation is None:
        return None, ""
    if isinstance(organisation, int):
        return organisation, ""
    if isinstance(organisation, str):
        return None, organisation.strip()
    return getattr(organisation, "pk", None), str(getattr(organisation, "name", "") or "")


@transaction.atomic
def consent_record(
    *,
    actor: User,
    case: Case,
    subject: CaseParty,
    given_by: CaseParty,
    purpose: str,
    method: str,
    given_on: date,
    organisation: Any = None,
    note: str = "",
) -> Consent:
    """Record consent. A child's consent comes from a guardian party of the case (UU PDP
    Pasal 25); an adult consents for themself or through their guardian."""
    case = _lock_case(case)
    _require_open(case)
    errors: dict[str, str] = {}
    if subject.case_id != case.pk or subject.role != PartyRole.VICTIM:
        errors["subject"] = _("Pilih korban dari kasus ini.")
    if given_by.case_id != case.pk:
        errors["given_by"] = _("Pilih orang dari kasus ini.")
    elif not errors:
        child = subject.person is not None and subject.person.is_child
        if given_by.role == PartyRole.GUARDIAN:
            if given_by.guardian_for_id != subject.pk:
                errors["given_by"] = _("Wali ini bukan wali dari korban tersebut.")
        elif given_by.pk != subject.pk:
            errors["given_by"] = _("Persetujuan diberikan oleh korban sendiri atau walinya.")
        elif child:
            errors["given_by"] = _(
                "Korban anak: persetujuan harus diberikan oleh orang tua atau wali (UU PDP Pasal 25)."
            )
    if purpose not in ConsentPurpose.values:
        errors["purpose"] = _("Tujuan tidak dikenal.")
    if method not in ConsentMethod.values:
        errors["method"] = _("Cara tidak dikenal.")
    if given_on > timezone.localdate():
        errors["given_on"] = _("Tanggal tidak boleh di masa depan.")
    organisation_id, organisation_name = _organisation_ref(organisation)
    if purpose == ConsentPurpose.SHARING and not (organisation_name or organisation_id):
        errors["organisation"] = _("Sebutkan lembaga penerima data.")
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        case=case,
        subject=subject,
        given_by=given_by,
        purpose=purpose,
        organisation_id=organisation_id,
        organisation_name=(organisation_name or f"#{organisation_id}")
        if purpose == ConsentPurpose.SHARING
        else "",
        method=method,
        given_on=given_on,
        note=note.strip(),
        recorded_by=actor,
    )
    audit_event(
        actor=actor,
        action="case.consent_record",
        target=consent,
        target_label=case.number,
        changes={
            "purpose": [None, purpose],
            "organisation_name": [None, consent.organisation_name or None],
            "given_by_role": [None, given_by.role],
        },
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, case: Case, consent: Consent, note: str = "") -> Consent:
    case = _lock_case(case)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.case_id != case.pk:
        raise ValidationError(_("Persetujuan ini bukan bagian dari kasus ini."))
    if consent.withdrawn_at is not None:
        raise TransitionError(_("Persetujuan ini sudah dicabut."), code="withdrawn")
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.withdrawal_note = note.strip()
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note"])
    audit_event(
        actor=actor,
        action="case.consent_withdraw",
        target=consent,
        target_label=case.number,
        changes={"withdrawn": [False, True]},
    )
    return consent


@transaction.atomic
def consent_override_record(
    *,
    actor: User,
    case: Case,
    subject: CaseParty,
    organisation: Any,
    reason: str,
    purpose: str = ConsentPurpose.SHARING,
) -> ConsentOverride:
    """A supervisor allows sharing without consent, with a reason (audited)."""
    if not actor.can(Cap.CASE_APPROVE_CLOSURE):
        raise PermissionDenied
    case = _lock_case(case)
    organisation_id, organisation_name = _organisation_ref(organisation)
    errors: dict[str, str] = {}
    if subject.case_id != case.pk or subject.role != PartyRole.VICTIM:
        errors["subject"] = _("Pilih korban dari kasus ini.")
    if not (organisation_id or organisation_name):
        errors["organisation"] = _("Sebutkan lembaga penerima data.")
    if len(reason.strip()) < 10:
        errors["reason"] = _("Tulis alasan pengecualian (paling sedikit 10 karakter).")
    if errors:
        raise ValidationError(errors)
    override = ConsentOverride.objects.create(
        case=case,
        subject=subject,
        purpose=purpose,
        organisation_id=organisation_id,
        organisation_name=organisation_name or f"#{organisation_id}",
        reason=reason.strip(),
        actor=actor,
        at=timezone.now(),
    )
    audit_event(
        actor=actor,
        action="case.consent_override",
        target=override,
        target_label=case.number,
        changes={"organisation_name": [None, override.organisation_name]},
        note="berbagi data tanpa persetujuan, dengan alasan tercatat",
    )
    return override


# --- documents and notes -------------------------------------------------------------------


@transaction.atomic
def document_upload(
    *,
    actor: User,
    case: Case,
    kind: str,
    attachment: AttachmentInput,
    party: CaseParty | None = None,
    description: str = "",
) -> CaseDocument:
    case = _lock_case(case)
    _require_open(case)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Jenis dokumen tidak dikenal.")})
    if party is not None and party.case_id != case.pk:
        raise ValidationError({"party": _("Pilih orang dari kasus ini.")})
    document = CaseDocument(
        case=case,
        party=party,
        kind=kind,
        description=description.strip()[:500],
        content_type=attachment.content_type,
        original_name=attachment.original_name,
        uploaded_by=actor,
    )
    document.seal(attachment.data)
    document.save(force_insert=True)
    audit_event(
        actor=actor,
        action="case.document_upload",
        target=document,
        target_label=case.number,
        changes={"kind": [None, kind], "size": [None, document.size]},
    )
    return document


@transaction.atomic
def note_add(*, actor: User, case: Case, body: str, confidential: bool = False) -> CaseNote:
    case = _lock_case(case)
    _require_open(case)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Catatan kosong.")})
    if len(body) > 10000:
        raise ValidationError({"body": _("Catatan paling panjang 10.000 karakter.")})
    note = CaseNote.objects.create(
        case=case, author=actor, at=timezone.now(), body=body, confidential=confidential
    )
    audit_event(
        actor=actor,
        action="case.note_add",
        target=note,
        target_label=case.number,
        changes={"confidential": [None, confidential]},
    )
    return note


@transaction.atomic
def handling_document_issue(*, actor: User, case: Case, victim: CaseParty) -> bytes:
    """The printable record of handling a victim may receive (UU TPKS Pasal 68)."""
    from payung.cases.handling_document import build_handling_document

    if victim.case_id != case.pk or victim.role != PartyRole.VICTIM:
        raise ValidationError({"victim": _("Pilih korban dari kasus ini.")})
    pdf = build_handling_document(case=case, victim=victim)
    audit_event(
        actor=actor,
        action="case.handling_document",
        target=case,
        target_label=case.number,
        note=f"pihak:{victim.pk}",
    )
    return pdf


# --- notifications (never a name: the number only) ------------------------------------------


def _notify_on_commit(case: Case, *, topic: str, title_text: str, to: Any) -> None:
    case_id, number, region = case.pk, case.number, case.region_code

    def send() -> None:
        from django.urls import reverse
        from django.utils import translation

        from payung.cases.selectors import fallback_responders
        from payung.notifications.services import notification_send

        recipients = fallback_responders(region_code=region) if to == "supervisors" else to
        with translation.override(settings.LANGUAGE_CODE):
            title = str(title_text) % {"number": number}
        notification_send(
            actor=None,
            recipients=recipients,
            topic=topic,
            title=title,
            url=reverse("cases:case_detail", args=[case_id]),
            channels=(),
        )

    transaction.on_commit(send, robust=True)

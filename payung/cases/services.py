"""Every write to reports and cases.

Each function is keyword-only, runs in one transaction, records what it did in the report's
history (``ReportEvent``) and in the audit trail, and defers notifications until the
transaction has committed. Views, the API, commands and tests all call these.

Identification (DOMAIN.md §4 step 2) is a small state machine: a report is ``baru`` until a
triager opens a case, attaches it to one, refers it out of the city, or closes it as not a
case. None of them deletes the report; the reporter's coarse status follows the move.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.accounts.roles import Role
from payung.audit.services import audit_event
from payung.cases import codes, deadlines
from payung.cases.choices import (
    CHILD_AGE_GROUPS,
    PHONE_CONTACT_CHANNELS,
    Channel,
    ContactChannel,
    NotCaseReason,
    PublicStatus,
    ReportEventKind,
    ReportStatus,
    RiskLevel,
    ViolenceForm,
    YesNoUnknown,
    age_group_for,
)
from payung.cases.models import (
    Case,
    CaseNumberCounter,
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
        pin_hash=make_password(pin),
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
        size=len(attachment.data),
        original_name=attachment.original_name,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    item.sealed = crypto.encrypt_bytes(attachment.data, item.crypto_label)
    item.save(force_insert=True)
    return item


def attachment_read(item: ReportAttachment) -> bytes:
    return crypto.decrypt_bytes(item.sealed, item.crypto_label)


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
) -> Case:
    """Open a case with the next number of the year (``PPA/2026/0001``).

    The year's counter row is locked while the number is taken, so concurrent openings get
    consecutive, unique numbers; the unique constraint on (year, sequence) backs it up.
    """
    if owner is not None and (
        not owner.is_active or owner.role not in (Role.CASE_MANAGER, Role.SUPERVISOR)
    ):
        raise ValidationError(
            {"owner": _("Pemilik kasus harus manajer kasus atau supervisor yang aktif.")}
        )
    year = timezone.localdate().year
    sequence, number = _next_case_number(year)
    case = Case.objects.create(
        number=number,
        year=year,
        sequence=sequence,
        region_code=region_code,
        risk_level=risk_level,
        owner=owner,
        created_by=actor,
        created_from=created_from,
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
        _DUMMY_HASH.append(make_password("000000"))
    check_password(pin, _DUMMY_HASH[0])


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
    if check_password(pin, report.pin_hash):
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

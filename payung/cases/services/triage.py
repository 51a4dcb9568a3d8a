"""Triage: risk, opening a case from a report, attaching, referring out, closing as not a case."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.accounts.roles import Role
from payung.audit.services import audit_event
from payung.cases import deadlines, policies
from payung.cases.choices import (
    CaseUnit,
    LawfulBasis,
    NotCaseReason,
    ReportEventKind,
    ReportStatus,
    RiskLevel,
)
from payung.cases.models import (
    Case,
    CaseNumberCounter,
    Report,
)
from payung.cases.services.case_record import case_seed_from_report
from payung.cases.services.deadlines import deadline_sync
from payung.cases.services.report_states import TransitionError, _check_transition, _move, _record
from payung.cases.services.reports import _notify_high_risk_on_commit
from payung.regions.models import Region

# ---------------------------------------------------------------------------------------
# Triage
# ---------------------------------------------------------------------------------------


def _lock(report: Report) -> Report:
    """Re-read the report under a row lock so two triagers cannot both move it."""
    return Report.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def report_set_risk(*, actor: User, report: Report, risk_level: str, note: str = "") -> Report:
    policies.authorize_report(actor, report, "triage")
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
    policies.authorize_triage(actor)
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
        lawful_basis=created_from.lawful_basis
        if created_from is not None
        else LawfulBasis.LEGAL_OBLIGATION,
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
    policies.authorize_report(actor, report, "triage")
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
    policies.authorize_report(actor, report, "triage")
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
    policies.authorize_report(actor, report, "triage")
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
    policies.authorize_report(actor, report, "triage")
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
    policies.authorize_report(actor, report, "message")
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

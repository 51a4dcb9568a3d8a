"""Reads of reports: lists, the triage queue, history, attachments, responders, duplicates, help for the resident.

The slim-row helpers at the top decide once which columns a list reads."""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models import Case as SqlCase
from django.utils import timezone

from payung.accounts.models import User
from payung.accounts.roles import Role
from payung.cases.choices import (
    ReportStatus,
)
from payung.cases.models import (
    Report,
    ReportAttachment,
    ReportEvent,
    TriageDeadlineRule,
)
from payung.cases.policies import attachable_cases as _attachable
from payung.cases.policies import visible_reports
from payung.cases.services import city_code
from payung.identity.names import normalise_person_name
from payung.regions.models import Region, ServicePost, ServicePostKind, covering_codes
from payung.regions.selectors import city_centre_post

DUPLICATE_WINDOW_DAYS = 30
DUPLICATE_CANDIDATE_LIMIT = 200
NAME_SIMILARITY = 0.85
CLOSE_DATE_DAYS = 3


# What a list row never shows of a kelurahan; its boundary is a GeoJSON polygon once the
# boundaries are imported, parsed for every row if selected.
_KELURAHAN_DEFERRED = (
    "kelurahan__boundary",
    "kelurahan__boundary_source",
    "kelurahan__aliases",
    "kelurahan__label_lat",
    "kelurahan__label_lng",
    "kelurahan__population",
    "kelurahan__bps_code",
)


# Columns the case page never shows of a related user, person or region: not read, and for
# a person's identifiers not decrypted (a consent or a document names a person; it does not
# need their NIK). Building objects from wide joined rows was most of the page's time.
USER_UNUSED = (
    "password",
    "last_login",
    "email",
    "date_joined",
    "phone",
    "preferred_language",
    "on_duty",
)
PERSON_UNUSED_FOR_NAMING = (
    "name_index",
    "nik",
    "nik_index",
    "kk",
    "kk_index",
    "phone",
    "phone_index",
    "address",
    "disability_kinds",
    "education",
    "occupation",
    "marital_status",
    "religion",
)
REGION_UNUSED = tuple(name.removeprefix("kelurahan__") for name in _KELURAHAN_DEFERRED)


def slim(
    queryset: QuerySet[Any],
    *,
    users: tuple[str, ...] = (),
    people: tuple[str, ...] = (),
    regions: tuple[str, ...] = (),
) -> QuerySet[Any]:
    """``queryset`` with the unused columns of the related ``users``, ``people`` (shown by
    name only) and ``regions`` (shown by name only) deferred; each path is select_related."""
    return queryset.select_related(*users, *people, *regions).defer(
        *_slim_deferred(users, people, regions)
    )


@functools.cache
def _slim_deferred(
    users: tuple[str, ...], people: tuple[str, ...], regions: tuple[str, ...]
) -> tuple[str, ...]:
    return (
        *(f"{path}__{f}" for path in users for f in USER_UNUSED),
        *(f"{path}__{f}" for path in people for f in PERSON_UNUSED_FOR_NAMING),
        *(f"{path}__{f}" for path in regions for f in REGION_UNUSED),
    )


def report_list(user: Any, *, status: str = "") -> QuerySet[Report]:
    """Reports in ``user``'s scope, newest first; no encrypted column is read."""
    qs = (
        visible_reports(user)
        .select_related("kelurahan", "case")
        .defer(*Report.ENCRYPTED_FIELDS, *_KELURAHAN_DEFERRED)
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-received_at", "-pk")


def triage_queue(user: Any, *, now: datetime | None = None) -> QuerySet[Report]:
    """Reports waiting for triage, the most urgent first: by response deadline, so overdue
    reports lead (most overdue first) and a fresh high-risk report, due within the hour,
    comes before older reports with longer windows."""
    now = now or timezone.now()
    return (
        visible_reports(user)
        .filter(status=ReportStatus.NEW)
        .select_related("kelurahan")
        .defer(*Report.ENCRYPTED_FIELDS, *_KELURAHAN_DEFERRED)
        .annotate(
            overdue=SqlCase(
                When(due_at__lte=now, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("due_at", "received_at", "pk")
    )


def report_history(report: Report) -> QuerySet[ReportEvent]:
    return report.events.select_related("actor").order_by("at", "pk")


def report_attachments(report: Report) -> QuerySet[ReportAttachment]:
    return report.attachments.defer("sealed").order_by("uploaded_at", "pk")


def get_attachment(report: Report, pk: int) -> ReportAttachment | None:
    return report.attachments.filter(pk=pk).first()


def deadline_rules() -> QuerySet[TriageDeadlineRule]:
    return TriageDeadlineRule.objects.order_by("hours", "risk_level")


def on_duty_responders(*, region_code: str) -> list[User]:
    """Active, on-duty case managers whose scope covers the report."""
    return list(
        User.objects.filter(
            role=Role.CASE_MANAGER,
            is_active=True,
            on_duty=True,
            region__code__in=covering_codes(region_code),
        ).select_related("region")
    )


def fallback_responders(*, region_code: str) -> list[User]:
    return list(
        User.objects.filter(
            role=Role.SUPERVISOR, is_active=True, region__code__in=covering_codes(region_code)
        ).select_related("region")
    )


def case_owner_choices(user: Any) -> QuerySet[User]:
    return (
        User.objects.filter(role__in=[Role.CASE_MANAGER, Role.SUPERVISOR], is_active=True)
        .filter(
            Q(region__code=user.scope_code) | Q(region__code__in=_ancestor_codes(user.scope_code))
        )
        .order_by("first_name", "username")
    )


def _ancestor_codes(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


# --- possible duplicates -----------------------------------------------------------------


def names_similar(a: str, b: str) -> bool:
    na, nb = normalise_person_name(a), normalise_person_name(b)
    if not na or not nb:
        return False
    if na == nb or set(na.split()) == set(nb.split()):
        return True
    return difflib.SequenceMatcher(None, na, nb).ratio() >= NAME_SIMILARITY


@dataclass
class DuplicateSuggestion:
    report: Report
    reasons: list[str] = field(default_factory=list)


def duplicate_suggestions(user: Any, report: Report) -> list[DuplicateSuggestion]:
    """Reports that may describe the same people or incident, strongest first.

    Matching is done on a bounded candidate set: reports in the same region received within
    ±30 days, plus any visible report with the same reporter-phone blind index. Names are
    compared after decryption, in Python, because the database holds only ciphertext.
    """
    base = visible_reports(user).exclude(pk=report.pk).select_related("case")
    window = (
        report.received_at - timedelta(days=DUPLICATE_WINDOW_DAYS),
        report.received_at + timedelta(days=DUPLICATE_WINDOW_DAYS),
    )
    nearby = Q(region_code=report.region_code, received_at__range=window)
    if report.reporter_phone_index:
        nearby |= Q(reporter_phone_index=report.reporter_phone_index)
    candidates = (
        base.filter(nearby)
        .only(
            "pk",
            "code",
            "received_at",
            "incident_date",
            "victim_name",
            "reporter_phone_index",
            "status",
            "region_code",
            "case__number",
            "case__id",
            "case__status",
        )
        .order_by("-received_at")[:DUPLICATE_CANDIDATE_LIMIT]
    )
    found: list[DuplicateSuggestion] = []
    for other in candidates:
        reasons = []
        if (
            report.reporter_phone_index
            and other.reporter_phone_index == report.reporter_phone_index
        ):
            reasons.append("telepon pelapor sama")
        if report.victim_name and names_similar(report.victim_name, other.victim_name):
            reasons.append("nama korban mirip")
        if (
            report.incident_date
            and other.incident_date
            and abs((report.incident_date - other.incident_date).days) <= CLOSE_DATE_DAYS
            and other.region_code == report.region_code
        ):
            reasons.append("tanggal kejadian berdekatan")
        if reasons:
            found.append(DuplicateSuggestion(report=other, reasons=reasons))
    found.sort(key=lambda s: (-len(s.reasons), -s.report.received_at.timestamp()))
    return found[:20]


def attachable_cases(user: Any) -> QuerySet[Any]:
    return _attachable(user).order_by("-created_at")


# --- help for the resident ------------------------------------------------------------------


@dataclass(frozen=True)
class EmergencyContacts:
    numbers: list[dict[str, str]]
    centre: ServicePost | None
    ppt: ServicePost | None


def emergency_contacts(*, kelurahan: Region | None) -> EmergencyContacts:
    """110, SAPA 129, the city centre's phone and the chosen kelurahan's PPT."""
    centre = city_centre_post(city_code())
    ppt = (
        ServicePost.objects.filter(
            kind=ServicePostKind.PPT, is_active=True, region=kelurahan
        ).first()
        if kelurahan is not None
        else None
    )
    return EmergencyContacts(numbers=list(settings.EMERGENCY_NUMBERS), centre=centre, ppt=ppt)

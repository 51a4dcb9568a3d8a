"""Reads for the privacy registers. They name cases by number and people by party id, role,
age group and the case worker who can reach them — never by name, contact or address: the
DPO does not need them, and a breach's contact plan goes through the case worker."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from payung.accounts.models import User
from payung.audit.models import AuditEvent
from payung.care.models import Referral, ServiceRecord, Stay
from payung.cases.choices import CaseStatus, PartyRole, age_group_for
from payung.cases.models import (
    Case,
    CaseDocument,
    CaseNote,
    CaseParty,
    Consent,
    Incident,
    Report,
)
from payung.core.counting import SubqueryCount
from payung.privacy import policies
from payung.privacy.models import (
    BREACH_NOTICE_HOURS,
    Breach,
    BreachStatus,
    DataSubjectRequest,
    InvolvedTable,
    LegalHold,
    RequestStatus,
)


def failed_verifications(user: Any) -> QuerySet[AuditEvent]:
    """Runs of the chain check that found a problem (``audit.verify``, note ``FAILED…``):
    what a breach may be linked to."""
    return AuditEvent.objects.filter(action="audit.verify", note__startswith="FAILED").order_by(
        "-id"
    )[:50]  # type: ignore[return-value]


def _failed_verifications_q() -> Q:
    return Q(action="audit.verify", note__startswith="FAILED")


def unrecorded_failed_verifications() -> QuerySet[AuditEvent]:
    """Failed runs of the chain check that no breach record names yet: the DPO's to-do."""
    return AuditEvent.objects.filter(_failed_verifications_q()).exclude(
        pk__in=Breach.objects.filter(verification_event__isnull=False).values(
            "verification_event_id"
        )
    )


# The DPO's lists filtered the way the home's counts link to them (``?tampil=``).
BREACH_SHOW = ("terbuka", "lewat")
REQUEST_SHOW = ("menunggu", "lewat")


def _breach_overdue_q(now: datetime) -> Q:
    """Not yet notified to both the subjects and the authority 3×24 h after awareness."""
    return Q(aware_at__lt=now - timedelta(hours=BREACH_NOTICE_HOURS)) & (
        Q(subjects_notified_at__isnull=True) | Q(authority_notified_at__isnull=True)
    )


def breaches_shown(user: Any, show: str = "", now: datetime | None = None) -> QuerySet[Breach]:
    now = now or timezone.now()
    breaches = policies.breaches(user)
    if show in BREACH_SHOW:
        breaches = breaches.exclude(status=BreachStatus.CLOSED)
    if show == "lewat":
        breaches = breaches.filter(_breach_overdue_q(now))
    return breaches


def requests_shown(
    user: Any, show: str = "", now: datetime | None = None
) -> QuerySet[DataSubjectRequest]:
    now = now or timezone.now()
    items = policies.requests(user)
    if show in REQUEST_SHOW:
        items = items.filter(status=RequestStatus.RECEIVED)
    if show == "lewat":
        items = items.filter(due_at__lt=now)
    return items


@dataclass(frozen=True)
class DpoFigures:
    failed_verifications: int
    open_breaches: int
    overdue_breaches: int
    open_requests: int
    overdue_requests: int


def dpo_figures(user: Any, now: datetime | None = None) -> DpoFigures:
    """The DPO's home counts in one query: each figure is a count over the queryset of the
    list it links to, carried as a scalar subquery on the user's own row."""
    now = now or timezone.now()
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            failed=SubqueryCount(unrecorded_failed_verifications()),
            breaches_open=SubqueryCount(breaches_shown(user, "terbuka", now)),
            breaches_late=SubqueryCount(breaches_shown(user, "lewat", now)),
            requests_open=SubqueryCount(requests_shown(user, "menunggu", now)),
            requests_late=SubqueryCount(requests_shown(user, "lewat", now)),
        )
        .values("failed", "breaches_open", "breaches_late", "requests_open", "requests_late")
        .get()
    )
    return DpoFigures(
        failed_verifications=row["failed"],
        open_breaches=row["breaches_open"],
        overdue_breaches=row["breaches_late"],
        open_requests=row["requests_open"],
        overdue_requests=row["requests_late"],
    )


@dataclass(frozen=True)
class AffectedSubject:
    """One data subject a breach touched, and how to reach them safely."""

    case_number: str
    case_pk: int | None
    party_pk: int | None
    role: str
    is_child: bool
    kind: str  # "kasus" or "laporan"
    report_pk: int | None
    worker: str  # username of the case worker who makes the contact
    worker_pk: int | None
    safe_times_recorded: bool
    contact_channel: str


def _case_ids(tables: list[str], until: datetime, region_q: Q) -> set[int]:
    """Cases with rows in the involved tables, recorded before the controller learnt of the
    breach (what could have leaked)."""
    ids: set[int] = set()
    scoped = Case.objects.filter(region_q)
    sources: dict[str, QuerySet[Any]] = {
        InvolvedTable.PERSON: CaseParty.objects.filter(person__created_at__lte=until),
        InvolvedTable.REPORT: Report.objects.filter(case__isnull=False, created_at__lte=until),
        InvolvedTable.INCIDENT: Incident.objects.filter(created_at__lte=until),
        InvolvedTable.DOCUMENT: CaseDocument.objects.filter(uploaded_at__lte=until),
        InvolvedTable.NOTE: CaseNote.objects.filter(at__lte=until),
        InvolvedTable.REFERRAL: Referral.objects.filter(sent_at__lte=until),
        InvolvedTable.STAY: Stay.objects.filter(created_at__lte=until),
    }
    for table in tables:
        if table == InvolvedTable.AUDIT:
            continue  # the trail names no victim: nobody is affected through it alone
        source = sources.get(table)
        if source is None:
            continue
        ids.update(scoped.filter(pk__in=source.values("case_id")).values_list("pk", flat=True))
    return ids


def affected_subjects(breach: Breach) -> list[AffectedSubject]:
    """Victims (and a child victim's guardians) of the cases whose data sat in the involved
    tables, plus the reporters of reports that never became a case; each with the case
    worker who contacts them at the safe times recorded on the report (never a letter home:
    the address may be the perpetrator's)."""
    region_q = Q(region_code__startswith=breach.region_code)
    case_ids = _case_ids(list(breach.tables), breach.aware_at, region_q)
    parties = (
        CaseParty.objects.filter(
            case_id__in=case_ids, role__in=[PartyRole.VICTIM, PartyRole.GUARDIAN]
        )
        .select_related("case__owner", "case__created_from", "person", "guardian_for__person")
        .order_by("case__number", "role", "pk")
    )
    rows: list[AffectedSubject] = []
    for party in parties:
        case = party.case
        source = case.created_from
        child_of = party.guardian_for.person if party.guardian_for is not None else None
        whose = child_of or party.person
        owner = case.owner
        rows.append(
            AffectedSubject(
                case_number=case.number,
                case_pk=case.pk,
                party_pk=party.pk,
                role=party.get_role_display(),
                is_child=bool(whose is not None and whose.is_child),
                kind="kasus",
                report_pk=None,
                worker=owner.username if owner is not None else "PPT kelurahan",
                worker_pk=case.owner_id,
                safe_times_recorded=bool(source and source.contact_safe_times),
                contact_channel=source.get_contact_channel_display() if source else "",
            )
        )
    if InvolvedTable.REPORT in breach.tables:
        loose = (
            Report.objects.filter(region_q, case__isnull=True, created_at__lte=breach.aware_at)
            .exclude(reporter_anonymous=True, victim_name="")
            .select_related("triaged_by")
            .only(
                "pk",
                "contact_channel",
                "contact_safe_times",
                "reporter_anonymous",
                "triaged_by__username",
                "victim_is_child",
            )
            .order_by("pk")
        )
        for report in loose:
            triager = report.triaged_by
            rows.append(
                AffectedSubject(
                    case_number=report.label,
                    case_pk=None,
                    party_pk=None,
                    role="pelapor / korban",
                    is_child=report.victim_is_child == "ya",
                    kind="laporan",
                    report_pk=report.pk,
                    worker=triager.username if triager is not None else "",
                    worker_pk=report.triaged_by_id,
                    safe_times_recorded=bool(report.contact_safe_times),
                    contact_channel=report.get_contact_channel_display(),
                )
            )
    return rows


def case_in_region(user: Any, number: str) -> Case | None:
    """A case of the DPO's region by its number (for a request's register entry)."""
    return (
        Case.objects.filter(user.region_q("region_code"), number=number.strip())
        .only("pk", "number", "region_code", "status", "processing_restricted", "anonymised_at")
        .first()
    )


def subjects_of(case: Case) -> QuerySet[CaseParty]:
    """The parties of a case, for choosing the data subject by role and id (no names)."""
    return CaseParty.objects.filter(case=case).order_by("role", "pk")


def sharing_consents(case: Case, party: CaseParty) -> QuerySet[Consent]:
    return Consent.objects.filter(case=case, subject=party, withdrawn_at__isnull=True)


def active_holds(user: Any) -> QuerySet[LegalHold]:
    return (
        LegalHold.objects.filter(released_at__isnull=True)
        .filter(Q(case__region_code__startswith=user.scope_code))
        .select_related("case", "placed_by")
    )


# --- what the retention schedule must not change -------------------------------------------


def _age(
    born: date | None,
    estimate: int | None,
    estimated_on: date | None,
    created: datetime | None,
    on: date,
) -> int | None:
    """``cases.Person.age(on)`` from plain values."""
    if born is not None:
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if estimate is not None:
        since = estimated_on or (timezone.localdate(created) if created else on)
        return estimate + max(0, (on - since).days // 365)
    return None


def statistical_counts(region_code: str = "") -> dict[str, dict[str, int]]:
    """The SIMFONI-PPA facts the retention schedule keeps: victims by form of violence, by
    age group at the time of the report and by sex; services given by code. Anonymisation
    must leave every number here unchanged (tests/privacy/test_retention.py)."""
    cases = Case.objects.filter(region_code__startswith=region_code)
    forms: Counter[str] = Counter()
    for tags in Incident.objects.filter(case__in=cases).values_list("violence_forms", flat=True):
        forms.update(tags or [])
    ages: Counter[str] = Counter()
    sexes: Counter[str] = Counter()
    # Plain values only: no encrypted column is read (or decrypted) to count.
    victims = CaseParty.objects.filter(
        case__in=cases, role=PartyRole.VICTIM, person__isnull=False
    ).values_list(
        "person__birth_date",
        "person__age_estimate",
        "person__age_estimated_on",
        "person__created_at",
        "person__sex",
        "case__reported_at",
        "case__created_at",
    )
    for born, estimate, estimated_on, person_created, sex, reported, opened in victims.iterator():
        on = timezone.localdate(reported or opened)
        age = _age(born, estimate, estimated_on, person_created, on)
        ages[str(age_group_for(age)) if age is not None else "?"] += 1
        sexes[sex] += 1
    services: Counter[str] = Counter(
        ServiceRecord.objects.filter(case__in=cases).values_list("service__code", flat=True)
    )
    referred: Counter[str] = Counter(
        Referral.objects.filter(case__in=cases).values_list("service__code", flat=True)
    )
    closed = cases.filter(status=CaseStatus.CLOSED).count()
    return {
        "violence_forms": dict(sorted(forms.items())),
        "age_groups": dict(sorted(ages.items())),
        "sex": dict(sorted(sexes.items())),
        "services": dict(sorted(services.items())),
        "referrals": dict(sorted(referred.items())),
        "cases": {"all": cases.count(), "closed": closed},
    }

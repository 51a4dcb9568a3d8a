"""The retention schedule applied: which records are due, a preview with counts, and the run
that anonymises them (``manage.py apply_retention``, scheduled nightly; docs/deployment.md).

Due: a closed case whose ``closed_at`` is older than the ``kasus_ditutup`` rule's months,
not already anonymised and not under an active legal hold; a report judged "not a case"
whose triage is older than the ``laporan_bukan_kasus`` rule. The writes are cases' and care's
services (``case_anonymise``, ``report_anonymise``), each authorising the actor and auditing;
this module writes the destruction record with the counts and the statistics before and
after, which must be equal.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from payung.cases.choices import CaseStatus, ReportStatus
from payung.cases.models import Case, Report
from payung.privacy.models import LegalHold, RecordType, RetentionRule


def months_before(moment: datetime, months: int) -> datetime:
    """``moment`` minus whole calendar months (the day clipped to the month's last)."""
    total = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _months(record_type: str) -> int | None:
    rule = RetentionRule.objects.filter(record_type=record_type).first()
    return rule.months if rule is not None else None


def due_cases(now: datetime | None = None, region_code: str = "") -> QuerySet[Case]:
    months = _months(RecordType.CLOSED_CASE)
    if months is None:
        return Case.objects.none()
    cutoff = months_before(now or timezone.now(), months)
    held = LegalHold.objects.filter(released_at__isnull=True).values("case_id")
    return (
        Case.objects.filter(
            status=CaseStatus.CLOSED,
            closed_at__lte=cutoff,
            anonymised_at__isnull=True,
            region_code__startswith=region_code,
        )
        .exclude(pk__in=held)
        .order_by("closed_at", "pk")
    )


def held_cases(now: datetime | None = None, region_code: str = "") -> QuerySet[Case]:
    """Cases that would be due but are held for a court or police process."""
    months = _months(RecordType.CLOSED_CASE)
    if months is None:
        return Case.objects.none()
    cutoff = months_before(now or timezone.now(), months)
    held = LegalHold.objects.filter(released_at__isnull=True).values("case_id")
    return Case.objects.filter(
        status=CaseStatus.CLOSED,
        closed_at__lte=cutoff,
        anonymised_at__isnull=True,
        region_code__startswith=region_code,
        pk__in=held,
    )


def due_reports(now: datetime | None = None, region_code: str = "") -> QuerySet[Report]:
    months = _months(RecordType.NOT_A_CASE)
    if months is None:
        return Report.objects.none()
    cutoff = months_before(now or timezone.now(), months)
    return Report.objects.filter(
        status=ReportStatus.NOT_A_CASE,
        case__isnull=True,
        triaged_at__lte=cutoff,
        anonymised_at__isnull=True,
        region_code__startswith=region_code,
    ).order_by("triaged_at", "pk")


@dataclass
class Preview:
    cases: int
    reports: int
    held: int
    case_numbers: list[str] = field(default_factory=list)


def preview(now: datetime | None = None, region_code: str = "") -> Preview:
    """What a run would anonymise now: counts and case numbers (no identities)."""
    cases = due_cases(now, region_code)
    return Preview(
        cases=cases.count(),
        reports=due_reports(now, region_code).count(),
        held=held_cases(now, region_code).count(),
        case_numbers=list(cases.values_list("number", flat=True)[:200]),
    )


def merge_counts(total: dict[str, int], more: dict[str, Any]) -> None:
    for key, value in more.items():
        if isinstance(value, int):
            total[key] = total.get(key, 0) + value

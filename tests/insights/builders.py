"""Cases for the insights tests, opened through the services from reports, with the dates
moved to the period a test needs (only the test moves them: the services stamp "now")."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.utils import timezone

from payung.cases.models import Case, Report
from payung.regions.models import Region
from tests.cases.casework import open_case


def at(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def case_on(personas: Any, day: Any, *, kelurahan: str = "", **report: Any) -> Case:
    """A case opened (and reported) on ``day``; ``report`` are the report's fields
    (violence_forms, victim_sex, victim_age, place_category, perpetrator_relationship…)."""
    if kelurahan:
        report["kelurahan"] = Region.objects.get(code=kelurahan)
    report.setdefault("received_at", at(day))
    case = open_case(personas, **report)
    Case.objects.filter(pk=case.pk).update(created_at=at(day), reported_at=at(day))
    Report.objects.filter(case=case).update(received_at=at(day))
    case.refresh_from_db()
    return case

"""Response deadlines: calendar hours, or working days that skip weekends."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from payung.cases import deadlines
from payung.cases.models import TriageDeadlineRule

JKT = ZoneInfo("Asia/Jakarta")


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=JKT)  # 2 March 2026 is a Monday


def test_calendar_hours() -> None:
    assert deadlines.add_hours(at(6, 22), 6, working_days=False) == at(7, 4)


def test_three_working_days_from_friday_afternoon_end_on_wednesday() -> None:
    assert deadlines.add_hours(at(6, 15), 72, working_days=True) == at(11, 15)


def test_working_days_from_a_saturday_start_counting_on_monday() -> None:
    assert deadlines.add_hours(at(7, 10), 72, working_days=True) == at(12, 0)


@pytest.mark.django_db
def test_the_seeded_rules_match_the_domain_defaults() -> None:
    rules = {r.risk_level: (r.hours, r.working_days) for r in TriageDeadlineRule.objects.all()}
    assert rules == {"tinggi": (0, False), "sedang": (6, False), "rendah": (72, True)}
    assert all(r.basis for r in TriageDeadlineRule.objects.all())
    assert deadlines.due_at(at(6, 15), "rendah") == at(11, 15)

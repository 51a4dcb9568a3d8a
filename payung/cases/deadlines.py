"""Triage response deadlines (docs/domain.md#deadlines), from ``TriageDeadlineRule``."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

# Built-in defaults, used only when the rules table has no row for a level (the data
# migration seeds it; the system admin edits it).
DEFAULT_RULES: dict[str, tuple[int, bool]] = {
    "tinggi": (0, False),
    "sedang": (6, False),
    "rendah": (72, True),
}


def _is_working_day(moment: datetime) -> bool:
    return moment.weekday() < 5


def add_hours(start: datetime, hours: int, *, working_days: bool) -> datetime:
    """``start`` + ``hours``; with ``working_days`` only hours on Monday–Friday count.

    Whole days step over weekends keeping the time of day; a start on a weekend counts from
    the following Monday 00:00 (local time). Public holidays are not yet taken into account.
    """
    if not working_days:
        return start + timedelta(hours=hours)
    local = timezone.localtime(start)
    while not _is_working_day(local):
        local = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    days, rest = divmod(hours, 24)
    while days:
        local += timedelta(days=1)
        if _is_working_day(local):
            days -= 1
    local += timedelta(hours=rest)
    while not _is_working_day(local):
        local += timedelta(days=1)
    return local


def due_at(received_at: datetime, risk_level: str) -> datetime:
    from payung.cases.models import TriageDeadlineRule

    rule = (
        TriageDeadlineRule.objects.filter(risk_level=risk_level)
        .values_list("hours", "working_days")
        .first()
    )
    hours, working = rule if rule else DEFAULT_RULES[risk_level]
    return add_hours(received_at, hours, working_days=working)

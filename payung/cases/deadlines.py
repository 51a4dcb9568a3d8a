"""Triage response deadlines (docs/domain.md#deadlines), from ``TriageDeadlineRule``.

Working days are counted by ``payung.calendar.workdays.add_hours`` (weekends and the public
holidays of the calendar are skipped); it is re-exported here for the case services.
"""

from __future__ import annotations

from datetime import datetime

from payung.calendar.workdays import add_hours

__all__ = ["DEFAULT_RULES", "MIN_RESPONSE_HOURS", "add_hours", "due_at"]

# Built-in defaults, used only when the rules table has no row for a level (the data
# migration seeds it; the system admin edits it). "Immediately" is a short, explicit window:
# a report is not late the moment it arrives.
DEFAULT_RULES: dict[str, tuple[int, bool]] = {
    "tinggi": (1, False),
    "sedang": (6, False),
    "rendah": (72, True),
}

# A response window of 0 hours would make every report late on arrival.
MIN_RESPONSE_HOURS = 1


def due_at(received_at: datetime, risk_level: str) -> datetime:
    from payung.cases.models import TriageDeadlineRule

    rule = (
        TriageDeadlineRule.objects.filter(risk_level=risk_level)
        .values_list("hours", "working_days")
        .first()
    )
    hours, working = rule if rule else DEFAULT_RULES[risk_level]
    return add_hours(received_at, hours, working_days=working)

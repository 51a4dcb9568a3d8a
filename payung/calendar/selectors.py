"""Reads of the holiday calendar."""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.functions import ExtractYear

from payung.calendar.models import Holiday


def holidays_of_year(year: int) -> QuerySet[Holiday]:
    return Holiday.objects.filter(date__year=year).order_by("date")


def holiday_years() -> list[int]:
    """The years that have at least one holiday, oldest first."""
    return sorted(
        {
            int(y)
            for y in Holiday.objects.annotate(y=ExtractYear("date"))
            .values_list("y", flat=True)
            .distinct()
        }
    )

"""Aggregate counts of reports for other apps' dashboards (outreach's "did reporting
follow?"): numbers per kelurahan and day, never a report. Callers check their own
``stats.read`` / ``outreach.manage`` policy; nothing here can return a record."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from django.db.models import Count
from django.db.models.functions import TruncDate

from payung.cases.choices import PlaceCategory
from payung.cases.models import Report


def report_daily_counts(
    *, region_prefix: str, start: datetime, end: datetime
) -> dict[str, dict[date, int]]:
    """Reports received (all channels) per kelurahan code and local day, in [start, end)."""
    rows = (
        Report.objects.filter(
            region_code__startswith=region_prefix, received_at__gte=start, received_at__lt=end
        )
        .annotate(day=TruncDate("received_at"))
        .values_list("region_code", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[str, dict[date, int]] = defaultdict(dict)
    for code, day, n in rows:
        counts[code][day] = n
    return dict(counts)


def online_report_count(*, region_prefix: str, start: datetime, end: datetime) -> int:
    """Reports whose place of incident is "online" (daring), in [start, end)."""
    return Report.objects.filter(
        region_code__startswith=region_prefix,
        received_at__gte=start,
        received_at__lt=end,
        place_category=PlaceCategory.ONLINE,
    ).count()

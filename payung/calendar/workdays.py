"""Working days: Monday to Friday, except the public holidays in ``Holiday``
(docs/domain.md#working-days).

Every count of working days in Payung goes through :func:`add_hours`. The holiday dates are
read once per process and kept for ``HOLIDAY_CACHE_SECONDS``: a deadline computation never
queries them again, and a loop that recomputes thousands of due times costs one query. A
change through the holiday services forgets the cache of the process that made it at once;
other processes see it when their copy expires.

Apps above this one whose stored due times count working days register a recount with
:func:`on_holidays_changed` (from their ``AppConfig.ready()``); the holiday services run it
inside their transaction, so a new or moved holiday moves the open due times it crosses.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

HOLIDAY_CACHE_SECONDS = 300

_cache: tuple[float, frozenset[date]] | None = None

#: ``hook(actor=..., days=[...]) -> int``: recount the stored due times that ``days`` may
#: move; returns how many changed.
HolidayHook = Callable[..., int]
_hooks: list[HolidayHook] = []


def holiday_dates() -> frozenset[date]:
    """Every recorded holiday (one query per process and ``HOLIDAY_CACHE_SECONDS``)."""
    global _cache
    now = time.monotonic()
    cached = _cache
    if cached is not None and now - cached[0] < HOLIDAY_CACHE_SECONDS:
        return cached[1]
    from payung.calendar.models import Holiday

    dates = frozenset(Holiday.objects.values_list("date", flat=True))
    _cache = (now, dates)
    return dates


def forget_holidays() -> None:
    """Drop this process's copy of the holiday dates; the next count reads them again."""
    global _cache
    _cache = None


def is_working_day(day: date, closed: frozenset[date] | None = None) -> bool:
    return day.weekday() < 5 and day not in (holiday_dates() if closed is None else closed)


def add_hours(start: datetime, hours: int, *, working_days: bool) -> datetime:
    """``start`` + ``hours``; with ``working_days`` only hours on working days count.

    Whole days step over weekends and holidays keeping the time of day (72 hours are three
    working days); a start on a day off counts from 00:00 (local time) of the next working
    day, and an end that falls on a day off moves to the next working day.
    """
    if not working_days:
        return start + timedelta(hours=hours)
    closed = holiday_dates()
    local = timezone.localtime(start)
    while not is_working_day(local.date(), closed):
        local = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    days, rest = divmod(hours, 24)
    while days:
        local += timedelta(days=1)
        if is_working_day(local.date(), closed):
            days -= 1
    local += timedelta(hours=rest)
    while not is_working_day(local.date(), closed):
        local += timedelta(days=1)
    return local


def on_holidays_changed(hook: HolidayHook) -> None:
    """Register a recount to run when holidays are added, moved or removed."""
    if hook not in _hooks:
        _hooks.append(hook)


def holidays_changed(*, actor: Any, days: Iterable[date]) -> int:
    """Called by the holiday services inside their transaction, after the write: forget the
    cached dates, run every registered recount, and forget again when the transaction ends
    (so a copy read inside a transaction that rolls back does not outlive it)."""
    days = sorted(set(days))
    forget_holidays()
    changed = sum(hook(actor=actor, days=days) for hook in _hooks)
    forget_holidays()
    transaction.on_commit(forget_holidays)
    return changed

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template

register = template.Library()


@register.filter
def hours_left(breach: Any, now: datetime | None = None) -> float:
    return float(breach.hours_left(now))


@register.filter
def absval(value: float) -> float:
    return abs(value)

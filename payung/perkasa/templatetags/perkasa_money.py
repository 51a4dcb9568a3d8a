"""``{{ amount|rupiah }}``: Rp 1.250.000, the Indonesian way of grouping digits."""

from __future__ import annotations

from typing import Any

from django import template

from payung.core.charts import format_number

register = template.Library()


@register.filter
def rupiah(value: Any) -> str:
    try:
        return "Rp " + format_number(int(value or 0))
    except (TypeError, ValueError):
        return ""

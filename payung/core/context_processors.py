from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def payung(request: HttpRequest) -> dict[str, Any]:
    return {
        "PAYUNG_ENV": settings.PAYUNG_ENV,
        "EMERGENCY_NUMBERS": settings.EMERGENCY_NUMBERS,
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
    }

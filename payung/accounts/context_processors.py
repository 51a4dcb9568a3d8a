"""What every page shown to a signed-in user needs from accounts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from payung.accounts.middleware import session_clock as clock


def session_clock(request: HttpRequest) -> dict[str, Any]:
    """Seconds left before the session ends (idle and absolute), for the idle warning
    (partials/idle_warning.html, static/payung/idle-warning.js)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"session_clock": None}
    return {"session_clock": {**clock(request), "timeout": settings.SESSION_IDLE_TIMEOUT}}

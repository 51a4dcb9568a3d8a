"""Request types for views behind ``login_required`` or ``capability_required``."""

from __future__ import annotations

from django.http import HttpRequest

from payung.accounts.models import User


class StaffRequest(HttpRequest):
    """A request whose user is signed in (the decorators guarantee it; this tells mypy)."""

    user: User

"""Request types for views behind ``login_required`` or ``capability_required``."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from payung.accounts.models import User


class StaffRequest(HttpRequest):
    """A request whose user is signed in (the decorators guarantee it; this tells mypy)."""

    user: User


def safe_next_path(request: HttpRequest, candidate: str) -> str | None:
    """``candidate`` as a same-site relative path (with its query), or None.

    Only paths: never another host, scheme or a protocol-relative ``//host`` or ``/\\host``.
    """
    if not candidate.startswith("/") or not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(candidate)
    path = parts.path
    if not path.startswith("/") or path.startswith(("//", "/\\")) or "\\" in path:
        return None
    if any(ord(c) < 32 for c in candidate):
        return None
    return path + (f"?{parts.query}" if parts.query else "")

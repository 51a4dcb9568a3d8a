"""Writes made by the API layer itself."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from payung.accounts.models import ApiToken

# How stale ``last_used_at`` may get: writing it on every call would turn every read into a
# write (and, on SQLite, serialise all API traffic on the write lock).
LAST_USED_RESOLUTION = timedelta(minutes=1)


def api_token_mark_used(*, token: ApiToken, now: datetime | None = None) -> bool:
    """Record that ``token`` was used, at most once a minute. Returns whether it wrote.

    Bookkeeping, not a change anyone made: it is neither audited nor wrapped in a
    transaction of its own (a single conditional UPDATE).
    """
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return False
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    written = ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
    return bool(written)

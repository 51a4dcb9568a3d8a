"""Small fixed-window counters in Django's cache, for per-IP limits on the public pages.

The address itself is never a key: each key is an HMAC of it under a random salt that
rotates daily and lives only in the cache (``_salt``), so neither the cache after a day nor
the database at any time says which address reported.

A counter key lives for one window from its first hit. ``cache.add`` + ``cache.incr`` are
atomic on Redis and on the local-memory cache, so concurrent requests do not lose counts.
With several server processes the limit holds across them only with a shared cache: set
``REDIS_URL`` (docs/deployment.md); the local-memory cache counts per process. (Django's
database cache is no substitute: its ``incr`` is a read followed by a write.)

A limit is enforced with ``take``: count first, then compare, in one atomic increment. Checking
the count and counting later lets every one of many parallel requests pass the check before
any of them is counted. (Per-code PIN lockout is kept in the database instead: it must survive
a cache flush.)
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from django.core.cache import cache

#: How long one salt is used. A counter window (minutes) that spans a change of salt starts
#: again from zero: a small loss of strictness for not keeping addresses recognisable.
SALT_PERIOD_SECONDS = 24 * 60 * 60


def _salt() -> bytes:
    """The current period's random salt, held only in the cache (never in the database or
    a file): once it expires, a counter key can no longer be linked to an address, and a
    stolen database holds no address at all. ``cache.add`` makes every process agree on
    one salt per period (with Redis; each process has its own with the local cache)."""
    period = int(time.time()) // SALT_PERIOD_SECONDS
    key = f"payung:throttle:salt:{period}"
    cache.add(key, secrets.token_hex(32), timeout=SALT_PERIOD_SECONDS + 3600)
    salt = cache.get(key)
    return str(salt).encode()


def _key(bucket: str, ident: str | None) -> str:
    digest = hmac.new(_salt(), (ident or "unknown").encode(), hashlib.sha256).hexdigest()[:32]
    return f"payung:throttle:{bucket}:{digest}"


def count(bucket: str, ident: str | None) -> int:
    return int(cache.get(_key(bucket, ident), 0))


def hit(bucket: str, ident: str | None, *, window_seconds: int) -> int:
    """Count one attempt; the count within the window, this attempt included."""
    key = _key(bucket, ident)
    for _attempt in range(3):
        if cache.add(key, 1, timeout=window_seconds):
            return 1
        try:
            value = int(cache.incr(key))
        except ValueError:  # expired between add and incr: start a new window
            continue
        if value == 1:
            # Redis creates a missing key on INCR without an expiry (it expired between
            # Django's existence check and the INCR): give it its window.
            cache.touch(key, timeout=window_seconds)
        return value
    return int(cache.incr(key))


def take(bucket: str, ident: str | None, *, limit: int, window_seconds: int) -> bool:
    """Count this attempt and say whether it is within ``limit``: one atomic step.

    Of any number of parallel callers at most ``limit`` get True per window.
    """
    return hit(bucket, ident, window_seconds=window_seconds) <= limit


def give_back(bucket: str, ident: str | None) -> None:
    """Return the slot of an attempt that ``take`` counted but that did not count after all
    (the form was refused, or the submission was a repeat of one already counted)."""
    key = _key(bucket, ident)
    try:
        value = int(cache.decr(key))
    except ValueError:  # the window ended meanwhile
        return
    if value <= 0:
        # Nothing left to count (or Redis made a key without expiry on DECR after the
        # window ended): an absent key counts as zero.
        cache.delete(key)


def exceeded(bucket: str, ident: str | None, *, limit: int) -> bool:
    return count(bucket, ident) >= limit


def reset(bucket: str, ident: str | None) -> None:
    cache.delete(_key(bucket, ident))

"""Small fixed-window counters in Django's cache, for per-IP limits on the public pages.

A counter key lives for one window from its first hit. ``cache.add`` + ``cache.incr`` are
atomic on Redis and on the local-memory cache, so concurrent requests do not lose counts.
(Per-code PIN lockout is kept in the database instead: it must survive a cache flush.)
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def _key(bucket: str, ident: str | None) -> str:
    digest = hashlib.sha256((ident or "unknown").encode()).hexdigest()[:32]
    return f"payung:throttle:{bucket}:{digest}"


def count(bucket: str, ident: str | None) -> int:
    return int(cache.get(_key(bucket, ident), 0))


def hit(bucket: str, ident: str | None, *, window_seconds: int) -> int:
    key = _key(bucket, ident)
    if cache.add(key, 1, timeout=window_seconds):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return 1


def exceeded(bucket: str, ident: str | None, *, limit: int) -> bool:
    return count(bucket, ident) >= limit


def reset(bucket: str, ident: str | None) -> None:
    cache.delete(_key(bucket, ident))

"""The current request's client IP and user agent, for the audit trail.

Services take ``actor=`` explicitly; the IP is ambient context that every audit row wants
but no service signature should have to carry.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest


@dataclass(frozen=True)
class RequestInfo:
    ip: str | None
    user_agent: str
    path: str


_current: ContextVar[RequestInfo | None] = ContextVar("payung_request", default=None)


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP, trusting X-Forwarded-For only for the configured proxy count."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def set_current(request: HttpRequest) -> object:
    info = RequestInfo(
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        path=request.path[:300],
    )
    return _current.set(info)


def reset_current(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


def current() -> RequestInfo | None:
    return _current.get()

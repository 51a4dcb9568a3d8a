"""Session hygiene and the two-factor requirement, applied to every staff request."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from payung.accounts.two_factor import pending_step

#: When this session signed in (epoch seconds); set by the login view, or on the first
#: request of a session made some other way (``force_login`` in tests, the admin).
SIGNED_IN_AT = "signed_in_at"

# Paths a logged-in user without a verified second factor may still reach.
_OTP_EXEMPT_NAMES = (
    "accounts:login",
    "accounts:logout",
    "accounts:otp_verify",
    "accounts:otp_setup",
    "set_language",
)


def _exempt_paths() -> tuple[str, ...]:
    return tuple(reverse(name) for name in _OTP_EXEMPT_NAMES)


class TwoFactorRequiredMiddleware:
    """Ends idle and too old sessions and sends users through the OTP step before anything else.

    A user whose role needs two-factor authentication (when ``REQUIRE_2FA`` is on), or who
    has set up a device of their own, is redirected to set up or enter a TOTP code before
    any other staff page or API call.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_seen", now)
            if now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                return redirect(f"{reverse('accounts:login')}?expired=1")
            # An absolute limit, however active the user is: the cookie's own expiry moves
            # forward whenever the session is saved, so it cannot be the limit.
            started = request.session.setdefault(SIGNED_IN_AT, now)
            if now - started > settings.SESSION_ABSOLUTE_LIMIT:
                logout(request)
                return redirect(f"{reverse('accounts:login')}?expired=2")
            if now - last > 60 or "last_seen" not in request.session:
                request.session["last_seen"] = now
            if not request.path.startswith(_exempt_paths()) and not request.path.startswith(
                settings.STATIC_URL
            ):
                target = pending_step(request)
                if target is not None:
                    url = reverse(target)
                    if request.method == "GET":
                        url += "?" + urlencode({"next": request.get_full_path()})
                    return redirect(url)
        return self.get_response(request)

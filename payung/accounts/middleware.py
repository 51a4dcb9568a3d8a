"""Session hygiene and the two-factor requirement, applied to every staff request."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from payung.accounts import preserved
from payung.accounts.two_factor import pending_step
from payung.core.forms import preserved_data_end, preserved_data_start

#: When this session signed in (epoch seconds); set by the login view, or on the first
#: request of a session made some other way (``force_login`` in tests, the admin).
SIGNED_IN_AT = "signed_in_at"
#: The last request that counted as activity (epoch seconds), for the idle limit.
LAST_SEEN = "last_seen"

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


def session_clock(request: HttpRequest, now: int | None = None) -> dict[str, int]:
    """Seconds left before the idle limit and before the absolute limit of this session."""
    now = int(time.time()) if now is None else now
    last = request.session.get(LAST_SEEN, now)
    started = request.session.get(SIGNED_IN_AT, now)
    return {
        "idle": max(0, settings.SESSION_IDLE_TIMEOUT - (now - last)),
        "absolute": max(0, settings.SESSION_ABSOLUTE_LIMIT - (now - started)),
    }


def _login_url(**params: str) -> str:
    return f"{reverse('accounts:login')}?{urlencode(params)}"


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _to_login(request: HttpRequest, url: str) -> HttpResponse:
    if _is_htmx(request):
        # htmx would swap the login page into a fragment: ask it to load the whole page.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _keep_post(request: HttpRequest, user: Any) -> tuple[str, bool]:
    """Keep a POST sent by ``user`` (None: whoever last signed in on this browser).

    Returns the page to come back to and whether anything was kept."""
    page = preserved.form_page(request)
    fields = preserved.fields_to_keep(request.POST)
    kept = preserved.preserved_form_keep(
        actor=user,
        page=page,
        action=request.path,
        fields=fields,
        files_dropped=bool(request.FILES),
    )
    return page, kept is not None


class TwoFactorRequiredMiddleware:
    """Ends idle and too old sessions and sends users through the OTP step before anything else.

    A user whose role needs two-factor authentication (when ``REQUIRE_2FA`` is on), or who
    has set up a device of their own, is redirected to set up or enter a TOTP code before
    any other staff page or API call.

    A form sent after the session ended is kept (payung/accounts/preserved.py) and the login
    page returns the user to the form's page, where ``process_view`` refills it once.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN, now)
            if now - last > settings.SESSION_IDLE_TIMEOUT:
                return self._expired(request, user, "1")
            # An absolute limit, however active the user is: the cookie's own expiry moves
            # forward whenever the session is saved, so it cannot be the limit.
            started = request.session.setdefault(SIGNED_IN_AT, now)
            if now - started > settings.SESSION_ABSOLUTE_LIMIT:
                return self._expired(request, user, "2")
            if now - last > 60 or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
            if not request.path.startswith(_exempt_paths()) and not request.path.startswith(
                settings.STATIC_URL
            ):
                target = pending_step(request)
                if target is not None:
                    url = reverse(target)
                    if request.method == "GET":
                        url += "?" + urlencode({"next": request.get_full_path()})
                    return redirect(url)
            return self._with_preserved(request)
        response = self.get_response(request)
        if (
            request.method == "POST"
            and not request.user.is_authenticated  # a sign-in just now is not a lost form
            and not request.path.startswith(_exempt_paths())
            and self._sent_to_login(response)
        ):
            return self._keep_for_browser(request, response)
        return response

    def _expired(self, request: HttpRequest, user: Any, why: str) -> HttpResponse:
        params = {"expired": why}
        if request.method == "POST" and not request.path.startswith(_exempt_paths()):
            # (Signing out, the language switch or a code is never a form worth keeping.)
            page, kept = _keep_post(request, user)
            params["next"] = page
            if kept:
                params["kept"] = "1"
        elif request.method in {"GET", "HEAD"}:
            params["next"] = request.get_full_path()
        logout(request)
        return _to_login(request, _login_url(**params))

    @staticmethod
    def _sent_to_login(response: HttpResponse) -> bool:
        return response.status_code == 302 and response.get("Location", "").startswith(
            reverse("accounts:login")
        )

    def _keep_for_browser(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """A staff form sent when the session was already gone (login_required answered
        with the login page): keep it for the user who last signed in on this browser."""
        owner = preserved.owner_from_cookie(request)
        fields = preserved.fields_to_keep(request.POST)
        if not owner or not fields:
            return response
        token = request.COOKIES.get(preserved.BROWSER_COOKIE) or preserved.new_browser_token()
        page = preserved.form_page(request)
        kept = preserved.preserved_form_keep(
            actor=None,
            page=page,
            action=request.path,
            fields=fields,
            files_dropped=bool(request.FILES),
            browser_key=preserved.browser_key(token),
            owner_hint=owner,
        )
        if kept is None:
            return response
        answer = _to_login(request, _login_url(next=page, kept="1"))
        preserved.set_browser_cookie(answer, token)
        return answer

    def _with_preserved(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_payung_preserved", None)
            if token is not None:
                preserved_data_end(token)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        """On the first GET of a page whose form was kept for this user, take the fields
        back and say so; the forms the view renders are refilled from them."""
        pages = (
            request.session.get(preserved.PENDING_SESSION_KEY) if request.method == "GET" else None
        )
        if not pages or not getattr(request, "user", None) or not request.user.is_authenticated:
            return None
        matching = [p for p in pages if preserved.page_path(p) == request.path]
        if not matching:
            return None
        request.session[preserved.PENDING_SESSION_KEY] = [p for p in pages if p not in matching]
        kept = preserved.preserved_form_take(actor=request.user, page=matching[0])
        if kept is None:
            return None
        notice = _("Isian Anda dipulihkan — periksa lalu simpan.")
        if kept.files_dropped:
            notice += " " + _("Lampiran tidak ikut disimpan: pilih berkasnya lagi.")
        messages.info(request, notice)
        # Ended in __call__ once the response is rendered.
        request._payung_preserved = preserved_data_start(  # type: ignore[attr-defined]
            preserved.decode(kept.data)
        )
        return None

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from payung.core import request_context


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request_context.set_current(request)
        try:
            return self.get_response(request)
        finally:
            request_context.reset_current(token)


class LanguageMiddleware:
    """Bahasa Indonesia first: English only when the user chose it with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many phones in
    Indonesia run in English; residents and officers should still see Indonesian by default.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class PrivateNoStoreMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in person or an API client.

    Case lists, records and API JSON carry victims' names: no browser cache, shared-phone
    history or proxy may keep a copy. Applies when the request has an authenticated user
    (session) or an ``Authorization`` header (API tokens), and to the public pages that show a
    report's code, PIN or status. A view that set ``no-store`` itself is left alone; any other
    ``Cache-Control`` it set is made private and uncacheable, since it would let private data be
    kept. Static files never get here: WhiteNoise answers them before this middleware.
    """

    PUBLIC_PRIVATE_VIEWS = frozenset({"report:status", "report:thanks"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self._private(request) and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response

    def _private(self, request: HttpRequest) -> bool:
        if "HTTP_AUTHORIZATION" in request.META:
            return True
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in self.PUBLIC_PRIVATE_VIEWS:
            return True
        # Without a session cookie this reads no session and makes no query.
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)

"""Who is calling the API: a signed-in browser session, or a personal API token.

- **Session** (the staff web app, the interactive docs): Django's session cookie, with the
  CSRF token required for unsafe methods (``X-CSRFToken`` header), as for any form.
- **Token** (integrations): ``Authorization: Bearer pyg_…``. Only the token's SHA-256 is
  stored; it is looked up among usable tokens (not revoked, not expired, active user). A token
  acts as its user, with that user's role, capabilities and scope — nothing more, and less
  when it was narrowed at creation: read-only (GET and HEAD) and/or to some parts of the API
  (``PART_PREFIXES``). A token whose owner must use two-factor authentication
  (``REQUIRE_2FA`` and the role) but has no confirmed device is refused, whenever it was made.
  A bearer header that is present but wrong is refused with 401; it never falls back to the
  session.

Both set ``request.auth`` (and ``request.user``) to the ``User``. Endpoints check what the
user may do with ``require_capability`` and narrow querysets with the app's policies.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import user_has_device
from ninja.security import APIKeyCookie, HttpBearer

from payung.accounts.models import ApiPart, ApiToken, User
from payung.accounts.roles import Cap
from payung.core.api_errors import ApiError, error_response

# Paths below the API root that each part covers (routers are registered in api.py;
# tests/api/test_token_limits.py checks that every operation belongs to one part).
PART_PREFIXES: dict[str, tuple[str, ...]] = {
    ApiPart.REPORTS: ("reports/",),
    ApiPart.CASES: ("cases/", "people/"),
    ApiPart.CARE: ("care/",),
    ApiPart.REFERENCE: ("regions/", "posts/"),
    ApiPart.STATS: ("insights/",),
    ApiPart.OUTREACH: ("outreach/",),
    ApiPart.PERKASA: ("perkasa/",),
}
# Open to every token: who am I, and the schema.
ALWAYS_ALLOWED = ("me", "openapi.json")

# --- token bookkeeping (moved from the API layer) ----------------------------------------
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


def part_of(relative_path: str) -> str | None:
    """The part of the API a path below the API root belongs to (None: no part)."""
    for part, prefixes in PART_PREFIXES.items():
        if relative_path.startswith(prefixes):
            return part
    return None


def _invalid_token() -> ApiError:
    return ApiError(
        401, "invalid_token", _("Token API tidak dikenal, sudah dicabut, atau sudah kedaluwarsa.")
    )


def _lacks_required_two_factor(user: User) -> bool:
    return bool(
        settings.REQUIRE_2FA and user.needs_two_factor and not user_has_device(user, confirmed=True)
    )


# Reads sent as POST so that what is searched for (a NIK, a name) stays out of URLs and
# access logs: a read-only token may make them.
READ_ONLY_POSTS = frozenset({"people/search", "perkasa/registrants/search"})


def check_token_allows(token: ApiToken, request: HttpRequest) -> None:
    """``ApiError(403)`` unless ``token`` may make this request (its method and its part)."""
    method = request.method or "GET"
    relative = request.path.removeprefix(reverse("api-1.0.0:api-root"))
    if method == "POST" and relative in READ_ONLY_POSTS:
        method = "GET"
    if not token.allows_method(method):
        raise ApiError(
            403,
            "token_read_only",
            _("Token ini hanya boleh membaca data (GET). Buat token lain untuk mengubah data."),
        )
    if relative in ALWAYS_ALLOWED:
        return
    part = part_of(relative)
    if part is None or not token.allows_part(part):
        raise ApiError(403, "token_scope", _("Token ini tidak diizinkan memakai bagian API ini."))


def user_for_token(raw: str) -> tuple[User, ApiToken]:
    """The user a raw bearer token acts as; ``ApiError(401)`` when it is not usable."""
    raw = raw.strip()
    if not raw.startswith(ApiToken.PREFIX):
        raise _invalid_token()
    token = (
        ApiToken.objects.usable()
        .select_related("user__region")
        .filter(token_hash=ApiToken.hash(raw))
        .first()
    )
    if token is None:
        raise _invalid_token()
    if _lacks_required_two_factor(token.user):
        raise ApiError(
            403,
            "two_factor_required",
            _(
                "Pemilik token wajib memakai verifikasi dua langkah tetapi belum memasangnya. "
                "Token ditolak sampai verifikasi dua langkah dipasang di halaman Keamanan akun."
            ),
        )
    api_token_mark_used(token=token)
    return token.user, token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer pyg_…``: a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user, api_token = user_for_token(token)
        check_token_allows(api_token, request)
        request.user = user
        request.api_token = api_token  # type: ignore[attr-defined]
        return user


class _CsrfCheck(CsrfViewMiddleware):
    # Django's check, without rendering the HTML failure page only to throw it away.
    def _reject(self, request: HttpRequest, reason: str) -> HttpResponse:
        return HttpResponseForbidden(reason)


def csrf_failed(request: HttpRequest) -> bool:
    """Whether an unsafe request lacks a valid CSRF token (safe methods always pass)."""
    check = _CsrfCheck(lambda request: HttpResponse())
    request.csrf_processing_done = False  # type: ignore[attr-defined]
    check.process_request(request)
    return check.process_view(request, lambda request: HttpResponse(), (), {}) is not None


class SessionAuth(APIKeyCookie):
    """The staff web app's session, with CSRF checked on unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # The CSRF check happens in authenticate(), and only for a signed-in session, so that
        # an anonymous call is answered 401 rather than a confusing CSRF 403.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = getattr(request, "user", None)
        if key is None or user is None or not user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and csrf_failed(request):
            raise ApiError(
                403, "csrf_failed", _("Pemeriksaan CSRF gagal. Muat ulang halaman lalu coba lagi.")
            )
        return user


def require_capability(request: HttpRequest, capability: str) -> User:
    """The caller, if they hold ``capability``; otherwise ``ApiError(403)``."""
    user: User = request.auth  # type: ignore[attr-defined]
    if not user.can(capability):
        raise ApiError(403)
    return user


def docs_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``docs_decorator`` for ``/docs`` and ``/openapi.json``: staff with ``Cap.API_DOCS`` only.

    The docs page is for a browser: anonymous visitors go to the login page. The schema is
    also fetched by programs: they may send a bearer token, and are answered in the API's
    error shape (401/403) instead of a redirect.
    """
    is_schema = getattr(getattr(view, "func", view), "__name__", "") == "openapi_json"

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        user: Any = request.user
        if header.lower().startswith("bearer "):
            try:
                user, _token = user_for_token(header[7:])
            except ApiError as exc:
                return error_response(exc.status, exc.code, exc.message)
            request.user = user
        if not user.is_authenticated:
            if is_schema:
                return error_response(401)
            return redirect_to_login(request.get_full_path())
        if not user.can(Cap.API_DOCS):
            if is_schema:
                return error_response(403)
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped

"""One error shape for the whole API, and the helpers that produce it.

Every error the API returns — a refused login, a missing record, invalid input, a wrong
method, too many requests, an unhandled crash — has this body::

    {"error": {"code": "not_found", "message": "Data tidak ditemukan.", "details": []}}

``code`` is stable snake_case for programs; ``message`` is for people, in Bahasa Indonesia;
``details`` is a list, empty unless there is more to say (for a validation error: one entry
per invalid field, ``{"loc": ["query", "level"], "message": "...", "type": "enum"}``).

How to use it from another app's router (``payung/<app>/api.py``)::

    from django.shortcuts import get_object_or_404
    from ninja import Router

    from payung.accounts.api_auth import require_capability
    from payung.core.api_errors import ApiError, errors

    router = Router(tags=["reports"])

    @router.get("/{pk}", response={200: ReportOut, **errors(403, 404)})
    def report_detail(request, pk: int):
        require_capability(request, Cap.REPORT_TRIAGE)       # 403 permission_denied
        report = get_report_for(request.auth, pk)           # raise Http404 outside the scope
        if report.is_locked:
            raise ApiError(409, "report_locked", _("Laporan sedang dikunci."))
        return report

and register it in ``payung/api/api.py``: ``api.add_router("/reports/", router)``.

- Raise ``Http404`` (or use ``get_object_or_404`` on a *scoped* queryset) for a record that
  does not exist **or is outside the caller's scope**: both answer the same 404, whose message
  never repeats the exception's text.
- Raise ``ApiError(status, code, message, details=[...])`` for anything else you mean to tell
  the client. ``message`` should be a ``gettext`` string in Indonesian.
- ``errors(*statuses)`` documents the error responses in OpenAPI; 401 and 429 are always
  added because every authenticated endpoint can return them. The API root adds what any
  operation can answer whatever its code: 422 where there are parameters or a body, 400 and
  413 where there is a body (``payung.api.api``).
- A service's ``ValidationError`` becomes a 422 with ``validation_error(exc)``. What Django
  refuses while reading the request (a multipart body without a boundary, too many fields,
  a body over the size limit) is a 400 (413), never a 500.
- Do not catch exceptions just to return 500 yourself: an unhandled exception is logged with
  its traceback and answered with ``server_error``, without details.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

logger = logging.getLogger("payung.api")

# The code and default message for each status the API uses.
STATUS_CODES: dict[int, str] = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "server_error",
}


def default_message(status: int) -> str:
    messages = {
        400: _("Permintaan tidak dapat diproses."),
        401: _("Autentikasi diperlukan: masuk ke Payung atau kirim token API yang berlaku."),
        403: _("Anda tidak berwenang melakukan tindakan ini."),
        404: _("Data tidak ditemukan."),
        405: _("Metode HTTP ini tidak didukung untuk alamat ini."),
        409: _("Permintaan bertentangan dengan keadaan data saat ini."),
        413: _("Data yang dikirim terlalu besar."),
        415: _("Format data yang dikirim tidak didukung."),
        422: _("Data yang dikirim tidak valid."),
        429: _("Terlalu banyak permintaan. Coba lagi beberapa saat lagi."),
        500: _("Terjadi kesalahan pada server. Kejadian ini sudah dicatat."),
    }
    return messages.get(status, _("Permintaan gagal."))


class ApiError(Exception):
    """An error meant for the client: ``raise ApiError(409, "report_locked", _("…"))``."""

    def __init__(
        self,
        status: int,
        code: str | None = None,
        message: str | None = None,
        *,
        details: list[Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status = status
        self.code = code or STATUS_CODES.get(status, "error")
        self.message = str(message) if message else default_message(status)
        self.details = details or []
        self.headers = headers or {}
        super().__init__(f"{self.status} {self.code}: {self.message}")


class ErrorBody(Schema):
    code: str = Field(..., description="stable snake_case code, e.g. not_found")
    message: str = Field(..., description="human-readable message in Bahasa Indonesia")
    details: list[Any] = Field(default_factory=list, description="more about the error, if any")


class ErrorOut(Schema):
    """The body of every error response."""

    error: ErrorBody


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """OpenAPI responses for an endpoint: ``response={200: X, **errors(403, 404)}``."""
    return dict.fromkeys(sorted({401, 429, *statuses}), ErrorOut)


def error_body(code: str, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": str(message), "details": details or []}}


def error_response(
    status: int,
    code: str | None = None,
    message: str | None = None,
    *,
    details: list[Any] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """The error shape as a response, for code outside a ninja operation (views, decorators)."""
    response = JsonResponse(
        error_body(
            code or STATUS_CODES.get(status, "error"), message or default_message(status), details
        ),
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="payung"'
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def validation_error(exc: DjangoValidationError) -> ApiError:
    """A service's ``ValidationError`` as a 422 with one detail per message."""
    details: list[dict[str, Any]] = []
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            details.extend(
                {"loc": ["body", name], "message": m, "type": "value_error"} for m in messages
            )
    else:
        details = [{"loc": ["body"], "message": m, "type": "value_error"} for m in exc.messages]
    return ApiError(422, "validation_error", _("Data yang dikirim tidak valid."), details=details)


def unreadable_request_response(exc: Exception) -> HttpResponse:
    """What Django answers 400 (or 413) for, in the error shape: a multipart body without a
    boundary, too many fields, a body over DATA_UPLOAD_MAX_MEMORY_SIZE, a bad Host header."""
    if isinstance(exc, RequestDataTooBig):
        return error_response(413)
    return error_response(400)


# What reading the request itself can raise (request.POST, request.FILES, request.get_host()).
UNREADABLE_REQUEST = (MultiPartParserError, BadRequest, SuspiciousOperation)


# ninja's own English messages, replaced by the Indonesian default for their status.
_NINJA_DEFAULT_MESSAGES = {"Unauthorized", "Forbidden", "Too many requests.", "CSRF check Failed"}


def _on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(
        exc.status, exc.code, exc.message, details=exc.details, headers=exc.headers
    )


def _on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [
        {
            "loc": [str(part) for part in error.get("loc", ())],
            "message": str(error.get("msg", "")),
            "type": str(error.get("type", "")),
        }
        for error in exc.errors
    ]
    return error_response(422, details=details)


def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, ValidationError):
        # The parser refused a body it could read (a NUL character): ninja reports every
        # exception of the parser as "Cannot parse request body", the cause says which field.
        return _on_validation_error(request, exc.__cause__)
    status = exc.status_code
    message = None if exc.message in _NINJA_DEFAULT_MESSAGES else exc.message
    if exc.message.startswith("Cannot parse request body"):
        message = _("Isi permintaan tidak dapat dibaca: kirim JSON yang valid.")
    if exc.message == "CSRF check Failed":
        return error_response(
            403, "csrf_failed", _("Pemeriksaan CSRF gagal. Muat ulang halaman lalu coba lagi.")
        )
    return error_response(status, message=message)


def _on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(401)


def _on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    # ninja adds Retry-After to this response itself.
    return error_response(429)


def _on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Never echo the exception: "No Case matches the given query" says what was looked up.
    return error_response(404)


def _on_permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(403)


def _on_unreadable_request(request: HttpRequest, exc: Exception) -> HttpResponse:
    return unreadable_request_response(exc)


def _on_exception(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.error(
        "Unhandled API error on %s %s",
        request.method,
        request.path,
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    # Let Django's error reporting (and the test client) see it, as for any other view.
    if sys.exc_info()[1] is exc:
        got_request_exception.send(sender=None, request=request)
    return error_response(500)


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace ninja's default handlers (``{"detail": ...}``) with the Payung error shape."""
    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (ApiError, _on_api_error),
        (ValidationError, _on_validation_error),
        (HttpError, _on_http_error),
        (AuthenticationError, _on_authentication_error),
        (Throttled, _on_throttled),
        (Http404, _on_not_found),
        (PermissionDenied, _on_permission_denied),
        *((exc_class, _on_unreadable_request) for exc_class in UNREADABLE_REQUEST),
        (Exception, _on_exception),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)

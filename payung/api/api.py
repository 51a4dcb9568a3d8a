"""The REST API root, mounted at ``/api/v1/``. Each app contributes a router from its own
``api.py`` and registers it here: ``api.add_router("/reports/", router)``.

Everything below ``/api/v1/`` answers in JSON with one error shape (see ``payung.core.api_errors``),
including paths that do not exist (404) and methods an endpoint does not accept (405).
Requests are read by ``payung.api.parser`` (no NUL character in any text); the OpenAPI document
lists for every operation the errors any operation can answer (``_document_errors``).

Authentication (``payung.accounts.api_auth``): a personal token (``Authorization: Bearer pyg_…``) or the
staff session (with CSRF on unsafe methods). Every endpoint requires one of them unless it
says ``auth=None`` — and nothing in the API should: residents use the public site.

The interactive docs (``/api/v1/docs``) and the schema (``/api/v1/openapi.json``) are for
signed-in staff with ``Cap.API_DOCS`` (a token works for the schema too); they are not public.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import Resolver404, URLPattern, URLResolver, re_path, resolve
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.throttling import AuthRateThrottle

from payung.accounts.api_auth import SessionAuth, TokenAuth, docs_access
from payung.api import me, reference
from payung.api.parser import NUL, PayungParser, nul_error
from payung.care.api import router as care_router
from payung.cases.api import router as reports_router
from payung.cases.api_cases import people_router
from payung.cases.api_cases import router as cases_router
from payung.core.api_errors import (
    UNREADABLE_REQUEST,
    error_response,
    install_error_handlers,
    unreadable_request_response,
)
from payung.insights.api import router as insights_router
from payung.outreach.api import router as outreach_router
from payung.perkasa.api import router as perkasa_router


def json_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn what Django would answer in HTML outside an operation into the error shape:
    ninja's plain-text 405 and a 404 raised before any operation runs."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if NUL in request.path:
            # The parser checks bodies, queries and forms; path parameters arrive here.
            error = nul_error(("path",))
            details = [{"loc": list(error["loc"]), "message": error["msg"], "type": error["type"]}]
            return error_response(422, details=details)
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return error_response(404)
        except UNREADABLE_REQUEST as exc:
            # Reading the body for the CSRF check happens before ninja's error handling.
            return unreadable_request_response(exc)
        if isinstance(response, HttpResponseNotAllowed):
            return error_response(405, headers={"Allow": response["Allow"]})
        return response

    return wrapped


def _unknown_path(request: HttpRequest, path: str = "") -> HttpResponse:
    # The catch-all also stops APPEND_SLASH from redirecting, so say where the route is.
    if not request.path.endswith("/"):
        try:
            match = resolve(f"{request.path}/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "unknown-path":
            return error_response(404, details=[{"did_you_mean": f"{request.path}/"}])
    return error_response(404)


def _document_errors(schema: OpenAPISchema) -> OpenAPISchema:
    """Add to every operation the errors any of them can answer, so that no operation has
    to list them: 401 and 429 (authentication, rate limit); 422 for invalid parameters or
    body; 400 for a body that cannot be read (not JSON, multipart without a boundary) and
    413 for one over the size limit."""
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
    descriptions = {
        400: "Bad Request",
        401: "Unauthorized",
        413: "Content Too Large",
        422: "Unprocessable Content",
        429: "Too Many Requests",
    }
    for path_item in schema["paths"].values():
        for operation in path_item.values():
            statuses = set()
            if operation.get("security"):
                statuses |= {401, 429}
            if operation.get("parameters") or "requestBody" in operation:
                statuses.add(422)
            if "requestBody" in operation:
                statuses |= {400, 413}
            responses = operation["responses"]
            for status in sorted(statuses - set(responses)):
                responses[status] = {"description": descriptions[status], **error}
            operation["responses"] = dict(sorted(responses.items()))
    return schema


class PayungAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return _document_errors(schema)

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls: list[URLResolver | URLPattern] = []
        for url in super()._get_urls():
            if isinstance(url, URLPattern):
                url = URLPattern(url.pattern, json_errors(url.callback), url.default_args, url.name)
            urls.append(url)
        # Last: any other path below /api/v1/ is a JSON 404, not the staff site's HTML page.
        urls.append(re_path(r"^(?P<path>.*)$", _unknown_path, name="unknown-path"))
        return urls


api = PayungAPI(
    title="Payung API",
    version="1.0.0",
    description=(
        "API Payung untuk staf dan integrasi. Autentikasi: token pribadi "
        "(`Authorization: Bearer pyg_…`) atau sesi masuk. Setiap galat berbentuk "
        '`{"error": {"code": …, "message": …, "details": […]}}`.'
    ),
    urls_namespace="api-1.0.0",
    auth=[TokenAuth(), SessionAuth()],
    parser=PayungParser(),
    throttle=[AuthRateThrottle(settings.API_THROTTLE_RATE)],
    docs_decorator=docs_access,
)
install_error_handlers(api)

api.add_router("", me.router)
api.add_router("", reference.router)
api.add_router("/reports/", reports_router)
api.add_router("/cases/", cases_router)
api.add_router("/people/", people_router)
api.add_router("/care/", care_router)
api.add_router("/insights/", insights_router)
api.add_router("/outreach/", outreach_router)
api.add_router("/perkasa/", perkasa_router)

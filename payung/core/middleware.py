from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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

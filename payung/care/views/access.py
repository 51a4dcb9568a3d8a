"""Who may open a care page: the decorators and small helpers the care views share."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse

PAGE_SIZE = 50

View = Callable[..., HttpResponse]


def allowed_if(predicate: Callable[[Any], bool]) -> Callable[[View], View]:
    """Like ``capability_required`` for a policy predicate: anonymous users go to the login
    page, signed-in users the predicate refuses get 403 (a kind of page, never a record)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


login_required_staff = allowed_if(_signed_in)


def _form_failed(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)

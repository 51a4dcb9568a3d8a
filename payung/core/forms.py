"""Form helpers shared by every app's views."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.formsets import ManagementForm
from django.forms.renderers import DjangoTemplates
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.functional import cached_property


def add_validation_errors(form: Any, exc: ValidationError) -> None:
    """Show a service's ``ValidationError`` on ``form``: errors keyed by a field the form has
    go beside that field, everything else at the top of the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- Refilling a form the user sent after their session expired ------------------------------
#
# accounts keeps a POST that arrived after the session ended (payung/accounts/preserved.py) and,
# on the first GET of the form's page after signing in again, hands its fields to this request
# with ``use_preserved_data``. Every form rendered on that page then shows those values instead
# of its initial ones (the renderer below gives every form this BoundField), so the case note,
# the assessment, the referral — any staff form — is refilled without code in its view. Only
# unbound forms are refilled: the user still reads and presses save (CSRF, and intent).

_preserved: ContextVar[QueryDict | None] = ContextVar("payung_preserved_post", default=None)

# Widgets never refilled: a password is never kept, a file cannot be put back in a file input.
_NOT_REFILLED = (forms.PasswordInput, forms.FileInput)
# Unchecked boxes and empty multiple choices are absent from a POST: absent means "none" once
# we know the form was the one sent.
_ABSENT_MEANS_EMPTY = (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.SelectMultiple)


def preserved_data_start(data: QueryDict) -> Token[QueryDict | None]:
    """Refill the forms rendered from now on from ``data`` (a POST kept earlier); the
    caller ends it with ``preserved_data_end`` when the response is rendered."""
    return _preserved.set(data)


def preserved_data_end(token: Token[QueryDict | None]) -> None:
    _preserved.reset(token)


@contextmanager
def use_preserved_data(data: QueryDict) -> Iterator[None]:
    """Refill the forms rendered inside this block from ``data``."""
    token = preserved_data_start(data)
    try:
        yield
    finally:
        preserved_data_end(token)


def _was_sent(form: Any, data: QueryDict) -> bool:
    """True when ``data`` holds a field of ``form``: this form (not a sibling) was sent."""
    cached = getattr(form, "_payung_preserved_sent", None)
    if cached is None:
        cached = any(form.add_prefix(name) in data for name in form.fields)
        form._payung_preserved_sent = cached
    return bool(cached)


class PreservingBoundField(BoundField):
    """A BoundField whose initial value comes from a preserved POST when one is in use."""

    @cached_property
    def initial(self) -> Any:
        data = _preserved.get()
        widget = self.field.widget
        if (
            data is None
            or self.form.is_bound
            or isinstance(widget, _NOT_REFILLED)
            or isinstance(self.form, ManagementForm)
        ):
            return super().initial
        if self.html_name in data or (
            isinstance(widget, _ABSENT_MEANS_EMPTY) and _was_sent(self.form, data)
        ):
            return widget.value_from_datadict(data, MultiValueDict(), self.html_name)
        return super().initial


class FormRenderer(DjangoTemplates):
    """Django's template renderer, with the refilling BoundField for every form
    (settings.FORM_RENDERER)."""

    bound_field_class = PreservingBoundField

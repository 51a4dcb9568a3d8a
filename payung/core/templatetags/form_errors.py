"""The error summary every page shows first after a failed submit (partials/error_summary.html).

base.html asks ``page_errors`` for the errors of the forms in the page's context, so every
form — staff or public — gets the summary, the "Ada kesalahan:" title and the focus move
without code of its own. Forms built lazily and never used (the case page's small forms) are
not built here: only a form that was bound can have errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.forms.formsets import BaseFormSet
from django.utils.functional import SimpleLazyObject, empty

register = template.Library()


@dataclass(frozen=True)
class PageError:
    message: str
    label: str = ""
    # The id of the field to jump to ("id_body"); empty for an error of the whole form.
    target: str = ""


def _field_target(bound: forms.BoundField) -> str:
    return bound.id_for_label or bound.auto_id or ""


def _form_errors(form: forms.BaseForm) -> list[PageError]:
    if not form.is_bound or not form.errors:
        return []
    found = [PageError(str(m)) for m in form.non_field_errors()]
    for bound in form:
        for message in bound.errors:
            if bound.is_hidden:
                found.append(PageError(str(message)))
            else:
                found.append(PageError(str(message), str(bound.label or ""), _field_target(bound)))
    return found


def _errors_of(value: Any) -> list[PageError]:
    if isinstance(value, SimpleLazyObject) and value._wrapped is empty:
        return []
    if isinstance(value, forms.BaseForm):
        return _form_errors(value)
    if isinstance(value, BaseFormSet) and value.is_bound:
        found = [PageError(str(m)) for m in value.non_form_errors()]
        for form in value.forms:
            found += _form_errors(form)
        return found
    return []


@register.simple_tag(takes_context=True)
def page_errors(context: template.Context) -> list[PageError]:
    """The errors of every bound form in the context, each form's in the order of its
    fields, the errors of the whole form first. Each form counted once."""
    seen: set[int] = set()
    found: list[PageError] = []
    for value in context.flatten().values():
        if id(value) in seen:
            continue
        seen.add(id(value))
        found += _errors_of(value)
    return found

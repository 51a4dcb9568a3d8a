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
from django.template.base import Parser, Token
from django.utils.functional import SimpleLazyObject, empty

register = template.Library()


@dataclass(frozen=True)
class PageError:
    message: str
    label: str = ""
    # The id of the field to jump to ("id_body"); empty for an error of the whole form.
    target: str = ""
    # Ids the field may carry on the page, best first: a group of radios or checkboxes is a
    # <div id="id_x"> in Django's widget, a <fieldset id="id_x_group"> in the intake
    # templates, and its first input is id_x_0.
    candidates: tuple[str, ...] = ()


def _field_error(bound: forms.BoundField, message: str) -> PageError:
    auto = bound.auto_id or ""
    first = bound.id_for_label or auto
    candidates = tuple(dict.fromkeys(c for c in (first, auto, f"{auto}_group", f"{auto}_0") if c))
    return PageError(message, str(bound.label or ""), first, candidates)


def _form_errors(form: forms.BaseForm) -> list[PageError]:
    if not form.is_bound or not form.errors:
        return []
    found = [PageError(str(m)) for m in form.non_field_errors()]
    for bound in form:
        for message in bound.errors:
            if bound.is_hidden:
                found.append(PageError(str(message)))
            else:
                found.append(_field_error(bound, str(message)))
    return found


def _errors_of(value: Any) -> list[PageError]:
    if isinstance(value, SimpleLazyObject) and value._wrapped is empty:  # type: ignore[attr-defined]
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


class ErrorsFirstNode(template.Node):
    """``{% errors_first %}summary{% then %}content{% end_errors_first %}``: renders the
    content first, then the summary above it, with ``page_errors`` put in the order their
    fields appear in the content (a template may show fields in another order than the
    form declares them) and each linked to an id that is really on the page."""

    child_nodelists = ("summary", "content")

    def __init__(self, summary: template.NodeList, content: template.NodeList) -> None:
        self.summary = summary
        self.content = content

    def render(self, context: template.Context) -> str:
        content = self.content.render(context)
        errors = context.get("page_errors") or []
        if not errors:
            return content
        placed = []
        for index, error in enumerate(errors):
            position, target = -1, ""
            for candidate in error.candidates:
                position = content.find(f'id="{candidate}"')
                if position != -1:
                    target = candidate
                    break
            # Errors of a whole form (or of a field not on the page) come first.
            placed.append((position, index, PageError(error.message, error.label, target)))
        placed.sort(key=lambda item: (item[0], item[1]))
        with context.push(page_errors=[error for _, _, error in placed]):
            summary = self.summary.render(context)
        return summary + content


@register.tag
def errors_first(parser: Parser, token: Token) -> ErrorsFirstNode:
    summary = parser.parse(("then",))
    parser.delete_first_token()
    content = parser.parse(("end_errors_first",))
    parser.delete_first_token()
    return ErrorsFirstNode(summary, content)

"""The data protection officer's screens: both logs, filtered and paged, and the chain check.

Rows are shown as recorded: services redact sensitive values before they reach the trail,
and these views never look up the target records themselves, so no victim's name can appear.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from payung.accounts.decorators import capability_required
from payung.accounts.roles import Cap
from payung.audit import selectors
from payung.audit.forms import AccessFilterForm, EventFilterForm
from payung.audit.services import audit_chain_verify
from payung.core.pagination import CappedPaginator

PER_PAGE = 50

# The capability check comes first so that anonymous visitors are sent to the login page
# whatever the method; a signed-in DPO using the wrong method gets 405.


def _render_list(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    # htmx refreshes only the results; a plain request (no JavaScript) gets the whole page.
    name = f"{template}#results" if getattr(request, "htmx", False) else template
    return render(request, name, context)


@capability_required(Cap.AUDIT_READ)
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET)
    events = (
        selectors.audit_events(**form.cleaned_data)
        if form.is_valid()
        else selectors.audit_events().none()
    )
    page = CappedPaginator(events, PER_PAGE).get_page(request.GET.get("page"))
    return _render_list(
        request, "audit/event_list.html", {"form": form, "page_obj": page, "tab": "events"}
    )


@capability_required(Cap.AUDIT_READ)
@require_GET
def access_list(request: HttpRequest) -> HttpResponse:
    form = AccessFilterForm(request.GET)
    rows = (
        selectors.access_logs(**form.cleaned_data)
        if form.is_valid()
        else selectors.access_logs().none()
    )
    page = CappedPaginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return _render_list(
        request, "audit/access_list.html", {"form": form, "page_obj": page, "tab": "access"}
    )


@capability_required(Cap.AUDIT_READ)
@require_POST
def verify(request: HttpRequest) -> HttpResponse:
    result = audit_chain_verify(actor=request.user)
    name = (
        "audit/verify_result.html#result"
        if getattr(request, "htmx", False)
        else "audit/verify_result.html"
    )
    return render(
        request,
        name,
        {"result": result, "tab": "verify", "perms_privacy": request.user.can(Cap.PRIVACY)},  # type: ignore[union-attr]
    )

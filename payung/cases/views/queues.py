"""Queues: my deadlines, deadline breaches, closure approvals."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from payung.accounts.decorators import capability_required
from payung.accounts.http import StaffRequest
from payung.accounts.roles import Cap
from payung.cases import extensions, forms, policies, selectors, services
from payung.cases.views.case_pages import cases_required

# --- queues: my deadlines, breaches, closure approvals ----------------------------------------


@require_GET
@cases_required
def deadlines(request: StaffRequest) -> HttpResponse:
    now = timezone.now()
    supervisor = policies.is_supervisor(request.user)
    mine = list(selectors.my_deadlines(request.user)[:200])
    breaches = list(selectors.deadline_breaches(request.user, now=now)[:200]) if supervisor else []
    return render(
        request,
        "cases/deadlines.html",
        {"mine": mine, "breaches": breaches, "supervisor": supervisor, "now": now},
    )


@require_GET
@capability_required(Cap.CASE_APPROVE_CLOSURE)
def closure_queue(request: StaffRequest) -> HttpResponse:
    requests = list(selectors.closure_queue(request.user))
    checklists = extensions.closure_checklists(requests)
    rows = [
        (
            r,
            forms.ClosureDecisionForm(prefix=f"c{r.pk}", own=r.requested_by_id == request.user.pk),
            checklists.get(r.pk, []),
        )
        for r in requests
    ]
    return render(request, "cases/closure_queue.html", {"rows": rows})


@require_POST
@capability_required(Cap.CASE_APPROVE_CLOSURE)
def closure_decide(request: StaffRequest, pk: int) -> HttpResponse:
    closure = selectors.get_closure_request_for(request.user, pk)
    form = forms.ClosureDecisionForm(
        request.POST, prefix=f"c{closure.pk}", own=closure.requested_by_id == request.user.pk
    )
    if not form.is_valid():
        messages.error(request, _("Pilih setujui atau tolak."))
        return redirect("cases:closure_queue")
    approve = form.cleaned_data["decision"] == "setuju"
    try:
        services.closure_decide(
            actor=request.user, request=closure, approve=approve, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cases:closure_queue")
    messages.success(
        request,
        (_("Kasus %(n)s ditutup.") if approve else _("Permintaan penutupan %(n)s ditolak."))
        % {"n": closure.case.number},
    )
    return redirect("cases:closure_queue")

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from payung.accounts.decorators import capability_required
from payung.accounts.roles import Cap
from payung.audit.models import AuditEvent


@require_GET
@capability_required(Cap.AUDIT_READ)
def event_list(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.select_related("actor")[:100]
    return render(request, "audit/event_list.html", {"events": events})

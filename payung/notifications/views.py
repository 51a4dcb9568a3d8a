from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from payung.accounts.decorators import capability_required
from payung.accounts.http import StaffRequest
from payung.accounts.roles import Cap
from payung.notifications import policies, selectors, services


@require_GET
@login_required
def notification_list(request: StaffRequest) -> HttpResponse:
    items = list(selectors.notifications_for(request.user))
    return render(
        request,
        "notifications/list.html",
        {"items": items, "unread": sum(1 for n in items if n.read_at is None)},
    )


@require_POST
@login_required
def notification_read(request: StaffRequest, pk: int) -> HttpResponse:
    note = policies.get_notification_for(request.user, pk)
    services.notification_mark_read(actor=request.user, notification=note)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
@login_required
def notification_read_all(request: StaffRequest) -> HttpResponse:
    count = services.notification_mark_all_read(actor=request.user)
    messages.success(
        request, _("%(count)s pemberitahuan ditandai sudah dibaca.") % {"count": count}
    )
    return redirect("notifications:list")


@require_GET
@capability_required(Cap.USERS_MANAGE)
def outbox_failed(request: StaffRequest) -> HttpResponse:
    return render(
        request, "notifications/outbox_failed.html", {"failed": selectors.failed_messages()}
    )


@require_POST
@capability_required(Cap.USERS_MANAGE)
def outbox_retry(request: StaffRequest, pk: int) -> HttpResponse:
    message = policies.get_outbox_message_for(request.user, pk)
    services.outbox_retry(actor=request.user, message=message)
    messages.success(request, _("Pesan dimasukkan lagi ke antrean kirim."))
    return redirect("notifications:outbox_failed")

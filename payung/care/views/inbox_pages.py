"""The provider's referral inbox: accept, decline, schedule, complete, report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from payung.accounts.decorators import capability_required
from payung.accounts.http import StaffRequest
from payung.accounts.roles import Cap
from payung.audit.services import access_record
from payung.care import policies, selectors, services
from payung.care.forms import (
    AcceptForm,
    CompleteForm,
    DeclineForm,
    InboxFilterForm,
    ReportUploadForm,
    ScheduleForm,
)
from payung.care.referrals import REPORT_STATUSES
from payung.care.views.access import PAGE_SIZE, _form_failed
from payung.cases.uploads import max_upload_bytes
from payung.partners import policies as partner_policies

# --- the provider's referral inbox -----------------------------------------------------------


@require_GET
@capability_required(Cap.REFERRAL_INBOX)
def referral_inbox(request: StaffRequest) -> HttpResponse:
    filter_form = InboxFilterForm(request.GET or None)
    show = filter_form.value()
    page = Paginator(selectors.inbox(request.user, show=show), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "care/inbox.html",
        {
            "page": page,
            "filter_form": filter_form,
            "show": show,
            "organisation": partner_policies.organisation_of(request.user),
        },
    )


def _inbox_context(request: StaffRequest, referral: Any, **forms: Any) -> dict[str, Any]:
    context = {
        "referral": referral,
        "shared": referral.shared() if referral.shows_shared_data else {},
        "history": selectors.referral_history(referral),
        "reports": selectors.referral_reports(referral),
        "overdue": referral.is_overdue(),
        "accept_form": AcceptForm(prefix="accept"),
        "decline_form": DeclineForm(prefix="decline"),
        "schedule_form": ScheduleForm(
            prefix="schedule",
            initial={
                "scheduled_for": referral.scheduled_for
                and timezone.localtime(referral.scheduled_for)
            },
        ),
        "complete_form": CompleteForm(
            prefix="complete", initial={"delivered_on": timezone.localdate()}
        ),
        "report_form": ReportUploadForm(prefix="report"),
        "upload_limit": max_upload_bytes(),
        "may_report": referral.status in REPORT_STATUSES,
    }
    context.update(forms)
    return context


@never_cache
@require_GET
@capability_required(Cap.REFERRAL_INBOX)
def referral_inbox_detail(request: StaffRequest, pk: int) -> HttpResponse:
    referral = policies.get_inbox_referral_for(request.user, pk)
    access_record(
        actor=request.user,
        target=referral,
        purpose="referral.provider_view",
        target_label=referral.shared().get("case_number", ""),
    )
    return render(request, "care/inbox_detail.html", _inbox_context(request, referral))


def _provider_step(
    request: StaffRequest,
    pk: int,
    form_class: type[forms.Form],
    prefix: str,
    action: Callable[[Any, dict[str, Any]], Any],
    success: str,
    *,
    files: bool = False,
) -> HttpResponse:
    referral = policies.get_inbox_referral_for(request.user, pk, need="respond")
    form = form_class(request.POST, request.FILES if files else None, prefix=prefix)
    if form.is_valid():
        try:
            action(referral, form.cleaned_data)
        except ValidationError as exc:
            _form_failed(form, exc)
        else:
            messages.success(request, success)
            return redirect("care:referral_inbox_detail", pk=referral.pk)
    referral.refresh_from_db()
    return render(
        request,
        "care/inbox_detail.html",
        _inbox_context(
            request, referral, step_errors=form.non_field_errors(), **{f"{prefix}_form": form}
        ),
        status=400,
    )


@require_POST
@capability_required(Cap.REFERRAL_INBOX)
def referral_accept(request: StaffRequest, pk: int) -> HttpResponse:
    return _provider_step(
        request,
        pk,
        AcceptForm,
        "accept",
        lambda referral, data: services.referral_accept(
            actor=request.user, referral=referral, note=data["note"]
        ),
        _("Rujukan diterima. Manajer kasus diberi tahu."),
    )


@require_POST
@capability_required(Cap.REFERRAL_INBOX)
def referral_decline(request: StaffRequest, pk: int) -> HttpResponse:
    return _provider_step(
        request,
        pk,
        DeclineForm,
        "decline",
        lambda referral, data: services.referral_decline(
            actor=request.user, referral=referral, reason=data["reason"]
        ),
        _("Rujukan ditolak. Manajer kasus diberi tahu alasannya."),
    )


@require_POST
@capability_required(Cap.REFERRAL_INBOX)
def referral_schedule(request: StaffRequest, pk: int) -> HttpResponse:
    return _provider_step(
        request,
        pk,
        ScheduleForm,
        "schedule",
        lambda referral, data: services.referral_schedule(
            actor=request.user,
            referral=referral,
            scheduled_for=data["scheduled_for"],
            note=data["note"],
        ),
        _("Jadwal layanan disimpan. Manajer kasus diberi tahu."),
    )


@require_POST
@capability_required(Cap.REFERRAL_INBOX)
def referral_complete(request: StaffRequest, pk: int) -> HttpResponse:
    return _provider_step(
        request,
        pk,
        CompleteForm,
        "complete",
        lambda referral, data: services.referral_complete(
            actor=request.user,
            referral=referral,
            delivered_on=data["delivered_on"],
            outcome=data["outcome"],
            description=data["description"],
        ),
        _("Layanan dicatat selesai. Manajer kasus diberi tahu."),
    )


@require_POST
@capability_required(Cap.REFERRAL_INBOX)
def referral_report_upload(request: StaffRequest, pk: int) -> HttpResponse:
    return _provider_step(
        request,
        pk,
        ReportUploadForm,
        "report",
        lambda referral, data: services.referral_report_upload(
            actor=request.user,
            referral=referral,
            attachment=data["file"],
            description=data["description"],
        ),
        _("Laporan dilampirkan dan disimpan terenkripsi."),
        files=True,
    )

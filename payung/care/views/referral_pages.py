"""Referrals: the case worker's side."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from payung.accounts.http import StaffRequest
from payung.audit.services import access_record
from payung.care import policies, selectors, services
from payung.care.forms import (
    CancelForm,
    InboxFilterForm,
    ReferralForm,
)
from payung.care.views.access import PAGE_SIZE, _form_failed, allowed_if, login_required_staff
from payung.care.views.case_care import _case_page, _case_url, _flash_errors
from payung.cases.policies import can_use_cases
from payung.core.downloads import secure_download

# --- referrals: the case worker's side ----------------------------------------------------------


@require_GET
@allowed_if(can_use_cases)
def referral_list(request: StaffRequest) -> HttpResponse:
    filter_form = InboxFilterForm(request.GET or None)
    show = filter_form.value()
    referrals = selectors.case_referral_list(request.user, show=show)
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "care/referral_list.html",
        {"page": page, "filter_form": filter_form, "show": show},
    )


@require_http_methods(["GET", "POST"])
@allowed_if(policies.may_refer)
def referral_create(request: StaffRequest, case_pk: int) -> HttpResponse:
    case = policies.get_care_case_for(request.user, case_pk, need="refer")
    form = ReferralForm(
        request.POST or None,
        victims=selectors.case_victims(case),
        targets=selectors.referral_targets(request.user),
        may_override=policies.is_supervisor(request.user),
    )
    consent_refused = False
    if request.method == "POST" and form.is_valid():
        service, organisation = form.chosen()
        try:
            services.referral_send(
                actor=request.user,
                case=case,
                victim=form.victim_party(),
                service=service,
                organisation=organisation,
                urgency=form.cleaned_data["urgency"],
                note=form.cleaned_data["note"],
                share=form.cleaned_data["share"],
                override_reason=form.cleaned_data.get("override_reason", ""),
            )
        except services.ConsentRequired as exc:
            consent_refused = True
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            _form_failed(form, exc)
        else:
            messages.success(
                request,
                _("Rujukan %(service)s dikirim ke %(organisation)s.")
                % {"service": service.name.lower(), "organisation": organisation.name},
            )
            return redirect(_case_url(case.pk))
    return _case_page(
        request,
        case,
        "care/referral_form.html",
        form,
        purpose="case.referral_form",
        status=400 if consent_refused else 200,
        consent_refused=consent_refused,
    )


@never_cache
@require_GET
@allowed_if(can_use_cases)
def referral_detail(request: StaffRequest, pk: int) -> HttpResponse:
    referral = policies.get_case_referral_for(request.user, pk)
    access_record(
        actor=request.user,
        target=referral,
        purpose="referral.view",
        target_label=referral.case.number,
    )
    return render(
        request,
        "care/referral_detail.html",
        {
            "referral": referral,
            "case": referral.case,
            "shared": referral.shared(),
            "history": selectors.referral_history(referral),
            "reports": selectors.referral_reports(referral),
            "may_cancel": referral.is_open and policies.may_refer_on(request.user, referral.case),
            "cancel_form": CancelForm(),
            "overdue": referral.is_overdue(),
        },
    )


@require_POST
@allowed_if(policies.may_refer)
def referral_cancel(request: StaffRequest, pk: int) -> HttpResponse:
    referral = policies.get_case_referral_for(request.user, pk, need="refer")
    form = CancelForm(request.POST)
    if not form.is_valid():
        _flash_errors(request, form)
        return redirect("care:referral_detail", pk=referral.pk)
    try:
        services.referral_cancel(
            actor=request.user, referral=referral, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("care:referral_detail", pk=referral.pk)
    messages.success(request, _("Rujukan dibatalkan; penyedia layanan diberi tahu."))
    return redirect(_case_url(referral.case_id))


@never_cache
@require_GET
@login_required_staff
def referral_report_download(request: StaffRequest, pk: int, report_pk: int) -> HttpResponse:
    """The provider's report: for that organisation's staff and for whoever sees the case."""
    report = policies.get_referral_report_for(request.user, pk, report_pk)
    access_record(
        actor=request.user,
        target=report,
        purpose="referral.report",
        target_label=report.referral.case.number,
    )
    safe = report.referral.case.number.replace("/", "-")
    return secure_download(
        services.referral_report_read(report),
        report.content_type,
        f"{safe}-laporan-rujukan-{report.pk}.{report.extension}",
    )

"""Delivered services and the visum letter."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from payung.accounts.http import StaffRequest
from payung.audit.services import access_record
from payung.care import policies, selectors, services
from payung.care.forms import (
    ServiceRecordForm,
    VisumLetterForm,
)
from payung.care.views.access import _form_failed, allowed_if
from payung.care.views.case_care import _case_page, _case_url
from payung.cases.policies import can_use_cases
from payung.core.downloads import secure_download
from payung.partners import selectors as partner_selectors

# --- delivered services and the visum letter -----------------------------------------------


@require_http_methods(["GET", "POST"])
@allowed_if(can_use_cases)
def service_record_add(request: StaffRequest, case_pk: int) -> HttpResponse:
    case = policies.get_care_case_for(request.user, case_pk, need="work")
    form = ServiceRecordForm(
        request.POST or None,
        victims=selectors.case_victims(case),
        organisations=list(partner_selectors.directory(actor=request.user)),
        initial={"delivered_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        organisation, unit = form.provider_parts()
        data = form.cleaned_data
        try:
            services.service_record_add(
                actor=request.user,
                case=case,
                victim=form.victim_party(),
                service=data["service"],
                delivered_on=data["delivered_on"],
                outcome=data["outcome"],
                description=data["description"],
                organisation=organisation,
                internal_unit=unit,
                simfoni_category=data["simfoni_category"],
            )
        except ValidationError as exc:
            _form_failed(form, exc)
        else:
            messages.success(request, _("Layanan yang diberikan dicatat."))
            return redirect(_case_url(case.pk))
    return _case_page(
        request, case, "care/service_record_form.html", form, purpose="case.service_form"
    )


@require_http_methods(["GET", "POST"])
@allowed_if(policies.may_refer)
def visum_letter_create(request: StaffRequest, case_pk: int) -> HttpResponse:
    case = policies.get_care_case_for(request.user, case_pk, need="refer")
    organisations = list(partner_selectors.directory(actor=request.user, service="visum"))
    form = VisumLetterForm(
        request.POST or None,
        victims=selectors.case_victims(case),
        organisations=organisations,
        may_override=policies.is_supervisor(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            letter = services.visum_letter_issue(
                actor=request.user,
                case=case,
                victim=form.victim_party(),
                organisation=form.chosen_organisation(),
                police_report_number=data["police_report_number"],
                purpose=data["purpose"],
                override_reason=data.get("override_reason", ""),
            )
        except ValidationError as exc:
            _form_failed(form, exc)
        else:
            messages.success(
                request,
                _("Surat permintaan visum %(number)s diterbitkan. Unduh dan cetak PDF-nya.")
                % {"number": letter.number},
            )
            return redirect(_case_url(case.pk))
    return _case_page(request, case, "care/visum_form.html", form, purpose="case.visum_form")


@never_cache
@require_GET
@allowed_if(can_use_cases)
def visum_letter_pdf(request: StaffRequest, pk: int) -> HttpResponse:
    letter = policies.get_visum_letter_for(request.user, pk)
    access_record(
        actor=request.user, target=letter, purpose="visum.print", target_label=letter.case.number
    )
    pdf = services.visum_letter_print(actor=request.user, letter=letter)
    return secure_download(pdf, "application/pdf", f"surat-visum-{letter.number}.pdf")

"""Accompaniment, return and reintegration."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from payung.accounts.http import StaffRequest
from payung.care import policies, selectors, services
from payung.care.choices import ReturnDestination
from payung.care.forms import (
    AccompanimentForm,
    AccompanimentOutcomeForm,
    HandoverForm,
    ReintegrationForm,
)
from payung.care.views.access import _form_failed, allowed_if
from payung.care.views.case_care import _case_page, _case_url
from payung.cases.policies import can_use_cases
from payung.cases.selectors import kelurahan_options

# --- accompaniment ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@allowed_if(can_use_cases)
def accompaniment_add(request: StaffRequest, case_pk: int) -> HttpResponse:
    case = policies.get_care_case_for(request.user, case_pk, need="work")
    form = AccompanimentForm(
        request.POST or None,
        victims=selectors.case_victims(case),
        people=selectors.assignable_officers(case),
        default=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.accompaniment_plan(
                actor=request.user,
                case=case,
                victim=form.victim_party(),
                destination=data["destination"],
                place=data["place"],
                scheduled_on=data["scheduled_on"],
                officer=form.person(data["officer"]),
                purpose=data["purpose"],
            )
        except ValidationError as exc:
            _form_failed(form, exc)
        else:
            messages.success(request, _("Pendampingan direncanakan."))
            return redirect(_case_url(case.pk))
    return _case_page(
        request, case, "care/accompaniment_form.html", form, purpose="case.accompaniment_form"
    )


@require_http_methods(["GET", "POST"])
@allowed_if(can_use_cases)
def accompaniment_outcome(request: StaffRequest, pk: int) -> HttpResponse:
    item = policies.get_accompaniment_for(request.user, pk, need="work")
    form = AccompanimentOutcomeForm(
        request.POST or None,
        initial={
            "completed_on": item.completed_on or timezone.localdate(),
            "outcome": item.outcome,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.accompaniment_record_outcome(
                actor=request.user,
                accompaniment=item,
                completed_on=form.cleaned_data["completed_on"],
                outcome=form.cleaned_data["outcome"],
            )
        except ValidationError as exc:
            _form_failed(form, exc)
        else:
            messages.success(request, _("Hasil pendampingan dicatat."))
            return redirect(_case_url(item.case_id))
    return _case_page(
        request,
        item.case,
        "care/accompaniment_outcome.html",
        form,
        purpose="case.accompaniment",
        item=item,
    )


# --- return and reintegration ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@allowed_if(can_use_cases)
def reintegration_add(request: StaffRequest, case_pk: int) -> HttpResponse:
    case = policies.get_care_case_for(request.user, case_pk, need="work")
    form = ReintegrationForm(
        request.POST or None,
        victims=selectors.case_victims(case),
        kelurahan=list(kelurahan_options()),
        initial={"destination": ReturnDestination.IN_CITY},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reintegration_plan(
                actor=request.user,
                case=case,
                victim=form.victim_party(),
                destination=data["destination"],
                kelurahan=form.kelurahan_region(),
                outside_place=data["outside_place"],
                receiving_unit=data["receiving_unit"],
                planned_on=data["planned_on"],
                receiving_party=data["receiving_party"],
                note=data["note"],
            )
        except ValidationError as exc:
            _form_failed(form, exc)
        else:
            messages.success(request, _("Rencana kepulangan dicatat."))
            return redirect(_case_url(case.pk))
    return _case_page(
        request, case, "care/reintegration_form.html", form, purpose="case.reintegration_form"
    )


@require_http_methods(["GET", "POST"])
@allowed_if(can_use_cases)
def reintegration_handover(request: StaffRequest, pk: int) -> HttpResponse:
    item = policies.get_reintegration_for(request.user, pk, need="work")
    form = HandoverForm(
        request.POST or None,
        initial={"handed_over_on": timezone.localdate(), "receiving_party": item.receiving_party},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reintegration_handover(
                actor=request.user,
                reintegration=item,
                handed_over_on=form.cleaned_data["handed_over_on"],
                receiving_party=form.cleaned_data["receiving_party"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _form_failed(form, exc)
        else:
            messages.success(request, _("Serah terima kepulangan dicatat."))
            return redirect(_case_url(item.case_id))
    return _case_page(
        request,
        item.case,
        "care/reintegration_handover.html",
        form,
        purpose="case.reintegration",
        item=item,
    )

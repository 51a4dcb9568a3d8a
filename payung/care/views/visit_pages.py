"""Home visits."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from payung.accounts.http import StaffRequest
from payung.audit.services import access_record
from payung.care import policies, selectors, services
from payung.care.choices import HomeVisitStatus
from payung.care.forms import (
    HomeVisitCancelForm,
    HomeVisitForm,
    HomeVisitRecordForm,
)
from payung.care.views.access import _form_failed, allowed_if
from payung.care.views.case_care import _case_page, _case_url, _flash_errors
from payung.cases.policies import can_use_cases

# --- home visits -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@allowed_if(can_use_cases)
def home_visit_add(request: StaffRequest, case_pk: int) -> HttpResponse:
    case = policies.get_care_case_for(request.user, case_pk, need="work")
    reintegrations = list(case.reintegrations.order_by("-planned_on", "-pk"))
    initial: dict[str, Any] = {}
    if request.GET.get("kepulangan"):
        initial["reintegration"] = request.GET["kepulangan"]
    form = HomeVisitForm(
        request.POST or None,
        victims=selectors.case_victims(case),
        people=selectors.assignable_officers(case),
        reintegrations=reintegrations,
        default=request.user,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.home_visit_schedule(
                actor=request.user,
                case=case,
                victim=form.victim_party(),
                scheduled_at=data["scheduled_at"],
                officer=form.person(data["officer"]),
                purpose=data["purpose"],
                reintegration=form.chosen_reintegration() if reintegrations else None,
            )
        except ValidationError as exc:
            _form_failed(form, exc)
        else:
            messages.success(request, _("Kunjungan rumah dijadwalkan."))
            return redirect(_case_url(case.pk))
    return _case_page(
        request, case, "care/home_visit_form.html", form, purpose="case.home_visit_form"
    )


@never_cache
@require_GET
@allowed_if(can_use_cases)
def home_visit_detail(request: StaffRequest, pk: int) -> HttpResponse:
    visit = policies.get_home_visit_for(request.user, pk)
    access_record(
        actor=request.user, target=visit, purpose="home_visit.view", target_label=visit.case.number
    )
    return render(request, "care/home_visit_detail.html", _visit_context(request, visit))


def _visit_context(request: StaffRequest, visit: Any, record_form: Any = None) -> dict[str, Any]:
    may_record = visit.status == HomeVisitStatus.PLANNED and (
        policies.may_work_case(request.user, visit.case)
        or (visit.officer_id == request.user.pk and not visit.case.is_closed)
    )
    return {
        "visit": visit,
        "case": visit.case,
        "victim": visit.victim,
        "may_record": may_record,
        "record_form": record_form
        or HomeVisitRecordForm(initial={"visited_at": timezone.localtime()}),
        "cancel_form": HomeVisitCancelForm(),
    }


@require_POST
@allowed_if(can_use_cases)
def home_visit_record(request: StaffRequest, pk: int) -> HttpResponse:
    visit = policies.get_home_visit_for(request.user, pk, need="work")
    form = HomeVisitRecordForm(request.POST)
    if form.is_valid():
        try:
            services.home_visit_record(
                actor=request.user,
                visit=visit,
                visited_at=form.cleaned_data["visited_at"],
                findings=form.cleaned_data["findings"],
                safety_concern=form.cleaned_data["safety_concern"],
            )
        except ValidationError as exc:
            _form_failed(form, exc)
        else:
            messages.success(request, _("Hasil kunjungan rumah dicatat."))
            return redirect("care:home_visit_detail", pk=visit.pk)
    visit.refresh_from_db()
    return render(
        request,
        "care/home_visit_detail.html",
        _visit_context(request, visit, form),
        status=400,
    )


@require_POST
@allowed_if(can_use_cases)
def home_visit_cancel(request: StaffRequest, pk: int) -> HttpResponse:
    visit = policies.get_home_visit_for(request.user, pk, need="work")
    form = HomeVisitCancelForm(request.POST)
    if not form.is_valid():
        _flash_errors(request, form)
        return redirect("care:home_visit_detail", pk=visit.pk)
    try:
        services.home_visit_cancel(
            actor=request.user, visit=visit, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Kunjungan rumah dibatalkan."))
    return redirect("care:home_visit_detail", pk=visit.pk)


def _week_from(request: HttpRequest) -> date:
    raw = request.GET.get("minggu", "")
    try:
        day = date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return selectors.week_start(day)


@require_GET
@allowed_if(can_use_cases)
def my_visits(request: StaffRequest) -> HttpResponse:
    """ "Kunjungan saya": this week's visits as a calendar table (no JavaScript), then every
    planned visit."""
    start = _week_from(request)
    return render(
        request,
        "care/my_visits.html",
        {
            "days": selectors.my_week(request.user, start),
            "start": start,
            "end": start + timedelta(days=6),
            "previous": start - timedelta(days=7),
            "next": start + timedelta(days=7),
            "this_week": selectors.week_start(timezone.localdate()),
            "planned": list(selectors.my_planned_visits(request.user)[:200]),
            "accompaniments": list(selectors.my_accompaniments(request.user)[:200]),
        },
    )

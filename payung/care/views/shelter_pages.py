"""Shelters: list, residents, the shelter page, admitting and discharging."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from payung.accounts.decorators import capability_required
from payung.accounts.http import StaffRequest
from payung.accounts.roles import Cap
from payung.audit.services import access_record
from payung.care import policies, selectors, services
from payung.care.forms import (
    AdmitForm,
    DischargeForm,
    ShelterForm,
)
from payung.care.models import Shelter
from payung.care.views.access import _form_failed, allowed_if

# --- shelters --------------------------------------------------------------------------------


@require_GET
@allowed_if(policies.may_view_shelters)
def shelter_list(request: StaffRequest) -> HttpResponse:
    shelters = list(selectors.shelters_with_occupancy(actor=request.user))
    rows = [(shelter, selectors.occupancy_of(shelter)) for shelter in shelters]
    stays = list(selectors.stays_for_cases(actor=request.user, current_only=True))
    return render(
        request,
        "care/shelter_list.html",
        {"rows": rows, "stays": stays, "may_admit": policies.may_admit(request.user)},
    )


@require_GET
@capability_required(Cap.SHELTER)
def shelter_residents(request: StaffRequest) -> HttpResponse:
    """Shelter staff's start: their own shelter's page."""
    shelter = policies.shelter_of(request.user)
    if shelter is None:
        return render(request, "care/shelter_unlinked.html")
    return redirect("care:shelter_detail", pk=shelter.pk)


def _shelter_context(request: StaffRequest, shelter: Shelter) -> dict[str, Any]:
    # ``?keluar=1``: only the residents planned to leave soon (the shelter home's count).
    leaving = request.GET.get("keluar") == "1"
    residents = list(
        selectors.current_residents(actor=request.user, shelter=shelter, leaving=leaving)
    )
    if residents:
        access_record(
            actor=request.user,
            target=shelter,
            purpose="shelter.residents",
            target_label=shelter.organisation.name,
        )
    return {
        "shelter": shelter,
        "occupancy": selectors.occupancy_of(shelter),
        "address": selectors.shelter_address_for(request.user, shelter),
        "residents": residents,
        "sees_all_residents": policies.may_see_residents(request.user, shelter),
        "may_manage": policies.may_manage_shelter(request.user, shelter),
        "may_admit": policies.may_admit(request.user),
        "leaving": leaving,
        "departure_days": selectors.DEPARTURE_DAYS,
        "arrivals": list(selectors.expected_arrivals(actor=request.user, shelter=shelter)),
        "is_own_shelter": policies.is_own_shelter(request.user, shelter),
    }


@require_GET
@allowed_if(policies.may_view_shelters)
def shelter_detail(request: StaffRequest, pk: int) -> HttpResponse:
    shelter = selectors.shelter_with_occupancy(actor=request.user, pk=pk)
    return render(request, "care/shelter_detail.html", _shelter_context(request, shelter))


@require_http_methods(["GET", "POST"])
@allowed_if(policies.may_view_shelters)
def shelter_edit(request: StaffRequest, pk: int) -> HttpResponse:
    shelter = policies.get_shelter_for(request.user, pk, need="manage")
    initial = {"address": shelter.address, "capacity": shelter.capacity}
    form = ShelterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.shelter_update(
                actor=request.user,
                shelter=shelter,
                address=form.cleaned_data["address"],
                capacity=form.cleaned_data["capacity"],
            )
        except ValidationError as exc:
            _form_failed(form, exc)
        else:
            messages.success(request, _("Data rumah aman disimpan."))
            return redirect("care:shelter_detail", pk=shelter.pk)
    return render(request, "care/shelter_form.html", {"form": form, "shelter": shelter})


@require_http_methods(["GET", "POST"])
@allowed_if(policies.may_admit)
def stay_admit(request: StaffRequest, pk: int) -> HttpResponse:
    shelter = selectors.shelter_with_occupancy(actor=request.user, pk=pk)
    form = AdmitForm(
        request.POST or None,
        initial={"case_number": request.GET.get("kasus", "")},
        actor=request.user,
        may_override=policies.is_supervisor(request.user),
    )
    consent_refused = False
    if request.method == "POST" and form.is_valid():
        assert form.case is not None
        try:
            services.stay_admit(
                actor=request.user,
                shelter=shelter,
                case=form.case,
                victim=form.victim_party,
                alias=form.cleaned_data["alias"],
                planned_end=form.cleaned_data["planned_end"],
                note=form.cleaned_data["note"],
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
                _("Penghuni diterima di %(name)s.") % {"name": shelter.organisation.name},
            )
            return redirect("care:shelter_detail", pk=shelter.pk)
    if form.case is not None and form.victims:
        # The page lists the case's victims by name.
        access_record(
            actor=request.user,
            target=form.case,
            purpose="case.placement_form",
            target_label=form.case.number,
        )
    return render(
        request,
        "care/stay_admit.html",
        {
            "form": form,
            "shelter": shelter,
            "occupancy": selectors.occupancy_of(shelter),
            "case": form.case,
            "consent_refused": consent_refused,
        },
        status=400 if consent_refused else 200,
    )


@require_http_methods(["GET", "POST"])
@allowed_if(policies.may_view_shelters)
def stay_discharge(request: StaffRequest, pk: int) -> HttpResponse:
    stay = policies.get_stay_for(request.user, pk, need="discharge")
    form = DischargeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.stay_discharge(
                actor=request.user,
                stay=stay,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _form_failed(form, exc)
        else:
            messages.success(
                request, _("Penghuni %(alias)s tercatat keluar.") % {"alias": stay.alias}
            )
            if policies.shelters_visible_to(request.user).filter(pk=stay.shelter_id).exists():
                return redirect("care:shelter_detail", pk=stay.shelter_id)
            return redirect("care:shelter_list")
    access_record(
        actor=request.user, target=stay, purpose="stay.view", target_label=stay.case.number
    )
    return render(request, "care/stay_discharge.html", {"form": form, "stay": stay})

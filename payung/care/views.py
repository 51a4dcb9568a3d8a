"""Pages of the care app: the partner directory, reference-data screens for the system admin,
and the safe house (occupancy, residents, admission, discharge). Thin: parse, call a service
or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
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
    DirectoryFilterForm,
    DischargeForm,
    OrganisationForm,
    ServiceForm,
    ShelterForm,
)
from payung.care.models import Shelter

PAGE_SIZE = 50

View = Callable[..., HttpResponse]


def allowed_if(predicate: Callable[[Any], bool]) -> Callable[[View], View]:
    """Like ``capability_required`` for a policy predicate: anonymous users go to the login
    page, signed-in users the predicate refuses get 403 (a kind of page, never a record)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _form_failed(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- directory (case managers, supervisors; the admin too) ----------------------------------


@require_GET
@allowed_if(policies.may_view_directory)
def directory(request: StaffRequest) -> HttpResponse:
    filter_form = DirectoryFilterForm(request.GET or None)
    organisations = selectors.directory(actor=request.user, **filter_form.filters())
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "care/directory.html",
        {"filter_form": filter_form, "page": page, "services": selectors.service_list()},
    )


@require_GET
@allowed_if(policies.may_view_directory)
def organisation_detail(request: StaffRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_detail(actor=request.user, pk=pk)
    return render(
        request,
        "care/organisation_detail.html",
        {
            "organisation": organisation,
            "may_view_shelters": policies.may_view_shelters(request.user),
        },
    )


# --- reference data (system admin) ---------------------------------------------------------


@require_GET
@capability_required(Cap.REFERENCE_MANAGE)
def organisation_list(request: StaffRequest) -> HttpResponse:
    filter_form = DirectoryFilterForm(request.GET or None)
    filters = filter_form.filters()
    organisations = selectors.organisations_for_admin(
        actor=request.user, kind=filters.get("kind", ""), search=filters.get("search", "")
    )
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "care/organisation_list.html", {"filter_form": filter_form, "page": page}
    )


@require_http_methods(["GET", "POST"])
@capability_required(Cap.REFERENCE_MANAGE)
def organisation_create(request: StaffRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organisation = services.organisation_create(
                actor=request.user,
                kind=data["kind"],
                name=data["name"],
                region=data["region"],
                services=data["services"],
                address=data["address"],
                contact_name=data["contact_name"],
                phone=data["phone"],
                email=data["email"],
                is_active=data["is_active"],
                capacity=data.get("capacity"),
            )
        except ValidationError as exc:
            _form_failed(form, exc)
        else:
            messages.success(
                request, _("Lembaga %(name)s ditambahkan.") % {"name": organisation.name}
            )
            return redirect("care:organisation_list")
    return render(request, "care/organisation_form.html", {"form": form, "organisation": None})


@require_http_methods(["GET", "POST"])
@capability_required(Cap.REFERENCE_MANAGE)
def organisation_edit(request: StaffRequest, pk: int) -> HttpResponse:
    organisation = policies.get_organisation_for_admin(request.user, pk)
    name = organisation.name
    form = OrganisationForm(request.POST or None, instance=organisation, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # The service re-reads the row, so the form having written onto ``organisation``
            # does not hide the change from the audit trail.
            services.organisation_update(
                actor=request.user,
                organisation=organisation,
                services=data["services"],
                capacity=data.get("capacity"),
                **{name: data[name] for name in services.ORGANISATION_EDITABLE_FIELDS},
            )
        except ValidationError as exc:
            _form_failed(form, exc)
        else:
            messages.success(request, _("Data %(name)s disimpan.") % {"name": data["name"]})
            return redirect("care:organisation_list")
    return render(
        request,
        "care/organisation_form.html",
        {"form": form, "organisation": organisation, "organisation_name": name},
    )


@require_GET
@capability_required(Cap.REFERENCE_MANAGE)
def service_list(request: StaffRequest) -> HttpResponse:
    return render(request, "care/service_list.html", {"services": selectors.service_list()})


@require_http_methods(["GET", "POST"])
@capability_required(Cap.REFERENCE_MANAGE)
def service_edit(request: StaffRequest, pk: int) -> HttpResponse:
    service = policies.get_service_for_admin(request.user, pk)
    name = service.name
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_update(
                actor=request.user,
                service=service,
                description=form.cleaned_data["description"],
                simfoni_category=form.cleaned_data["simfoni_category"],
                simfoni_alternatives=list(form.cleaned_data["simfoni_alternatives"]),
            )
        except ValidationError as exc:
            _form_failed(form, exc)
        else:
            messages.success(request, _("Layanan %(name)s disimpan.") % {"name": name})
            return redirect("care:service_list")
    return render(request, "care/service_form.html", {"form": form, "service": service})


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
    residents = list(selectors.current_residents(actor=request.user, shelter=shelter))
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
    form = AdmitForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        assert form.case is not None
        try:
            services.stay_admit(
                actor=request.user,
                shelter=shelter,
                case=form.case,
                alias=form.cleaned_data["alias"],
                planned_end=form.cleaned_data["planned_end"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _form_failed(form, exc)
        else:
            messages.success(
                request,
                _("Penghuni diterima di %(name)s.") % {"name": shelter.organisation.name},
            )
            return redirect("care:shelter_detail", pk=shelter.pk)
    return render(
        request,
        "care/stay_admit.html",
        {"form": form, "shelter": shelter, "occupancy": selectors.occupancy_of(shelter)},
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

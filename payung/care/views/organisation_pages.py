"""The partner directory and the reference data pages (organisations, services): pages of
the partner registry (``payung.partners``) shown with care's safe-house details."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from payung.accounts.decorators import capability_required
from payung.accounts.http import StaffRequest
from payung.accounts.roles import Cap
from payung.care import policies, selectors
from payung.care.forms import (
    DirectoryFilterForm,
    OrganisationForm,
    ServiceForm,
)
from payung.care.views.access import PAGE_SIZE, _form_failed, allowed_if
from payung.partners import policies as partner_policies
from payung.partners import selectors as partner_selectors
from payung.partners import services as partner_services

# --- directory (case managers, supervisors; the admin too) ----------------------------------


@require_GET
@allowed_if(partner_policies.may_view_directory)
def directory(request: StaffRequest) -> HttpResponse:
    filter_form = DirectoryFilterForm(request.GET or None)
    organisations = partner_selectors.directory(actor=request.user, **filter_form.filters())
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "care/directory.html",
        {"filter_form": filter_form, "page": page, "services": partner_selectors.service_list()},
    )


@require_GET
@allowed_if(partner_policies.may_view_directory)
def organisation_detail(request: StaffRequest, pk: int) -> HttpResponse:
    organisation = partner_selectors.organisation_detail(actor=request.user, pk=pk)
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
            organisation = partner_services.organisation_create(
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
    organisation = partner_policies.get_organisation_for_admin(request.user, pk)
    name = organisation.name
    form = OrganisationForm(request.POST or None, instance=organisation, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # The service re-reads the row, so the form having written onto ``organisation``
            # does not hide the change from the audit trail.
            partner_services.organisation_update(
                actor=request.user,
                organisation=organisation,
                services=data["services"],
                capacity=data.get("capacity"),
                **{name: data[name] for name in partner_services.ORGANISATION_EDITABLE_FIELDS},
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
    return render(request, "care/service_list.html", {"services": partner_selectors.service_list()})


@require_http_methods(["GET", "POST"])
@capability_required(Cap.REFERENCE_MANAGE)
def service_edit(request: StaffRequest, pk: int) -> HttpResponse:
    service = partner_policies.get_service_for_admin(request.user, pk)
    name = service.name
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        try:
            partner_services.service_update(
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

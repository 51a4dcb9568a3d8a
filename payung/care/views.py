"""Pages of the care app: the partner directory, reference-data screens for the system admin,
and the safe house (occupancy, residents, admission, discharge). Thin: parse, call a service
or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from payung.accounts.decorators import capability_required
from payung.accounts.http import StaffRequest
from payung.accounts.roles import Cap
from payung.audit.services import access_record
from payung.care import policies, selectors, services
from payung.care.choices import HomeVisitStatus, ReturnDestination
from payung.care.forms import (
    AcceptForm,
    AccompanimentForm,
    AccompanimentOutcomeForm,
    AdmitForm,
    CancelForm,
    CompleteForm,
    DeclineForm,
    DirectoryFilterForm,
    DischargeForm,
    HandoverForm,
    HomeVisitCancelForm,
    HomeVisitForm,
    HomeVisitRecordForm,
    InboxFilterForm,
    OrganisationForm,
    ReferralForm,
    ReintegrationForm,
    ReportUploadForm,
    ScheduleForm,
    ServiceForm,
    ServiceRecordForm,
    ShelterForm,
    TaskForm,
    VisumLetterForm,
)
from payung.care.models import Shelter
from payung.care.referrals import REPORT_STATUSES
from payung.cases.policies import can_use_cases
from payung.cases.selectors import kelurahan_options
from payung.cases.uploads import max_upload_bytes

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


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


login_required_staff = allowed_if(_signed_in)


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


# =========================================================================================
# Phase B: the case's care (referrals, services, visum letters, accompaniment, home visits,
# return, tasks) and the provider's referral inbox.
# =========================================================================================


def _case_url(case_pk: int, anchor: str = "layanan") -> str:
    return reverse("cases:case_detail", args=[case_pk]) + f"#{anchor}"


def _log_case(request: StaffRequest, case: Any, purpose: str) -> None:
    """Pages that show a victim's name or care are reads of the victim's record."""
    access_record(actor=request.user, target=case, purpose=purpose, target_label=case.number)


def _case_page(
    request: StaffRequest,
    case: Any,
    template: str,
    form: Any,
    *,
    purpose: str,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    if request.method == "GET":
        _log_case(request, case, purpose)
    return render(request, template, {"case": case, "form": form, **extra}, status=status)


def _flash_errors(request: HttpRequest, form: Any) -> None:
    problems = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        problems.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    messages.error(request, _("Belum disimpan: %(p)s") % {"p": "; ".join(problems)})


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


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "no-store"
    return response


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
    return _download(
        services.referral_report_read(report),
        report.content_type,
        f"{safe}-laporan-rujukan-{report.pk}.{report.extension}",
    )


# --- delivered services and the visum letter -----------------------------------------------


@require_http_methods(["GET", "POST"])
@allowed_if(can_use_cases)
def service_record_add(request: StaffRequest, case_pk: int) -> HttpResponse:
    case = policies.get_care_case_for(request.user, case_pk, need="work")
    form = ServiceRecordForm(
        request.POST or None,
        victims=selectors.case_victims(case),
        organisations=list(selectors.directory(actor=request.user)),
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
    organisations = list(selectors.directory(actor=request.user, service="visum"))
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
    return _download(pdf, "application/pdf", f"surat-visum-{letter.number.replace('/', '-')}.pdf")


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


# --- tasks ---------------------------------------------------------------------------------


@require_POST
@allowed_if(can_use_cases)
def task_add(request: StaffRequest, case_pk: int) -> HttpResponse:
    case = policies.get_care_case_for(request.user, case_pk, need="work")
    form = TaskForm(request.POST, prefix="task", people=selectors.assignable_officers(case))
    if not form.is_valid():
        _flash_errors(request, form)
        return redirect(_case_url(case.pk, "tugas"))
    try:
        services.task_add(
            actor=request.user,
            case=case,
            title=form.cleaned_data["title"],
            due_at=form.due_at(),
            assignee=form.person(form.cleaned_data["assignee"]),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Tugas ditambahkan."))
    return redirect(_case_url(case.pk, "tugas"))


@require_POST
@allowed_if(can_use_cases)
def task_done(request: StaffRequest, pk: int) -> HttpResponse:
    task = policies.get_task_for(request.user, pk)
    try:
        services.task_complete(actor=request.user, task=task)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Tugas ditandai selesai."))
    target = request.POST.get("next", "")
    if target == "case":
        return redirect(_case_url(task.case_id, "tugas"))
    return redirect("care:my_tasks")


@require_GET
@allowed_if(can_use_cases)
def my_tasks(request: StaffRequest) -> HttpResponse:
    return render(
        request,
        "care/my_tasks.html",
        {"tasks": list(selectors.my_tasks(request.user)[:500]), "now": timezone.now()},
    )


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
            "organisation": policies.organisation_of(request.user),
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

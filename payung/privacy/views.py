"""The DPO's privacy pages (thin: parse, call a service or selector, render) and the public
privacy notice."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from payung.accounts.decorators import capability_required
from payung.accounts.http import StaffRequest
from payung.accounts.roles import Cap
from payung.core.downloads import secure_download
from payung.core.forms import add_validation_errors
from payung.partners.models import Organisation
from payung.partners.services import organisation_agreement_record
from payung.privacy import policies, register, retention, selectors, services
from payung.privacy.forms import (
    AgreementForm,
    BreachForm,
    BreachUpdateForm,
    CaseLookupForm,
    DecideForm,
    HoldForm,
    NoticeForm,
    NotifiedForm,
    RequestForm,
)
from payung.privacy.models import BreachStatus, RequestKind, RetentionRule
from payung.privacy.notices import dpo_contact

# --- the public notice --------------------------------------------------------------------


@require_GET
def notice(request: HttpRequest) -> HttpResponse:
    rules = RetentionRule.objects.all()
    return render(
        request,
        "privacy/notice.html",
        {"rules": rules, "dpo_contact": dpo_contact()},
    )


# --- the DPO's start page -------------------------------------------------------------------


@capability_required(Cap.PRIVACY)
@require_GET
def home(request: StaffRequest) -> HttpResponse:
    user = request.user
    open_breaches = policies.breaches(user).exclude(status=BreachStatus.CLOSED)
    open_requests = policies.requests(user).filter(status="diterima")
    return render(
        request,
        "privacy/home.html",
        {
            "breaches": open_breaches,
            "requests": open_requests,
            "preview": retention.preview(region_code=user.scope_code),
            "now": timezone.now(),
        },
    )


# --- breaches -------------------------------------------------------------------------------


@capability_required(Cap.PRIVACY)
@require_GET
def breach_list(request: StaffRequest) -> HttpResponse:
    # ``?tampil=terbuka`` / ``lewat``: the lists the DPO's home counts link to.
    show, now = request.GET.get("tampil", ""), timezone.now()
    return render(
        request,
        "privacy/breach_list.html",
        {
            "breaches": selectors.breaches_shown(request.user, show, now),
            "now": now,
            "show": show if show in selectors.BREACH_SHOW else "",
        },
    )


@capability_required(Cap.PRIVACY)
@require_http_methods(["GET", "POST"])
def breach_create(request: StaffRequest) -> HttpResponse:
    verifications = list(selectors.failed_verifications(request.user))
    initial: dict[str, Any] = {"aware_at": timezone.localtime().replace(second=0, microsecond=0)}
    chosen = request.GET.get("verifikasi")
    if chosen and chosen.isdigit():
        initial["verification_event"] = int(chosen)
        initial["tables"] = ["audit"]
        initial["systems"] = ["basis_data"]
    form = BreachForm(request.POST or None, initial=initial, verifications=verifications)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            breach = services.breach_record(
                actor=request.user,
                data=services.BreachInput(
                    discovered_at=data["discovered_at"],
                    discovered_by=data["discovered_by"],
                    aware_at=data["aware_at"],
                    systems=data["systems"],
                    tables=data["tables"],
                    categories=data["categories"],
                    severity=data["severity"],
                    description=data["description"],
                    subject_count=data["subject_count"],
                    containment=data["containment"],
                    public_notice=data["public_notice"],
                    verification_event=data["verification_event"],
                ),
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Insiden dicatat. Batas pemberitahuan 3×24 jam berjalan."))
            return redirect("privacy:breach_detail", pk=breach.pk)
    return render(
        request, "privacy/breach_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _breach_page(
    request: StaffRequest, breach: Any, status: int = 200, **forms: Any
) -> HttpResponse:
    context = {
        "breach": breach,
        "subjects": selectors.affected_subjects(breach),
        "now": timezone.now(),
        "update_form": BreachUpdateForm(
            initial={
                "severity": breach.severity,
                "subject_count": breach.subject_count,
                "containment": breach.containment,
                "public_notice": breach.public_notice,
            }
        ),
        "notified_form": NotifiedForm(),
    }
    context.update(forms)
    return render(request, "privacy/breach_detail.html", context, status=status)


@capability_required(Cap.PRIVACY)
@require_GET
def breach_detail(request: StaffRequest, pk: int) -> HttpResponse:
    return _breach_page(request, policies.get_breach_for(request.user, pk))


@capability_required(Cap.PRIVACY)
@require_POST
def breach_update(request: StaffRequest, pk: int) -> HttpResponse:
    breach = policies.get_breach_for(request.user, pk)
    form = BreachUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.breach_update(actor=request.user, breach=breach, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Insiden diperbarui."))
            return redirect("privacy:breach_detail", pk=breach.pk)
    return _breach_page(request, breach, status=400, update_form=form)


@capability_required(Cap.PRIVACY)
@require_POST
def breach_notice(request: StaffRequest, pk: int) -> HttpResponse:
    breach = policies.get_breach_for(request.user, pk)
    form = NoticeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih jenis pemberitahuan."))
        return redirect("privacy:breach_detail", pk=breach.pk)
    audience = form.cleaned_data["audience"]
    try:
        pdf = services.breach_notice(actor=request.user, breach=breach, audience=audience)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("privacy:breach_detail", pk=breach.pk)
    return secure_download(
        pdf, "application/pdf", f"pemberitahuan-{audience}-{breach.reference}.pdf"
    )


@capability_required(Cap.PRIVACY)
@require_POST
def breach_contact_plan(request: StaffRequest, pk: int) -> HttpResponse:
    breach = policies.get_breach_for(request.user, pk)
    count = services.breach_contact_plan_send(actor=request.user, breach=breach)
    messages.success(
        request, _("Rencana kontak dikirim ke %(n)s petugas pendamping.") % {"n": count}
    )
    return redirect("privacy:breach_detail", pk=breach.pk)


@capability_required(Cap.PRIVACY)
@require_POST
def breach_notified(request: StaffRequest, pk: int) -> HttpResponse:
    breach = policies.get_breach_for(request.user, pk)
    form = NotifiedForm(request.POST)
    if form.is_valid():
        try:
            services.breach_mark_notified(
                actor=request.user,
                breach=breach,
                subjects_at=form.cleaned_data["subjects_at"],
                authority_at=form.cleaned_data["authority_at"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Waktu pemberitahuan dicatat."))
            return redirect("privacy:breach_detail", pk=breach.pk)
    return _breach_page(request, breach, status=400, notified_form=form)


@capability_required(Cap.PRIVACY)
@require_POST
def breach_close(request: StaffRequest, pk: int) -> HttpResponse:
    breach = policies.get_breach_for(request.user, pk)
    try:
        services.breach_close(actor=request.user, breach=breach)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Insiden ditutup."))
    return redirect("privacy:breach_detail", pk=breach.pk)


# --- data subjects' requests -----------------------------------------------------------------


@capability_required(Cap.PRIVACY)
@require_GET
def request_list(request: StaffRequest) -> HttpResponse:
    show, now = request.GET.get("tampil", ""), timezone.now()
    return render(
        request,
        "privacy/request_list.html",
        {
            "items": selectors.requests_shown(request.user, show, now).select_related("case"),
            "now": now,
            "show": show if show in selectors.REQUEST_SHOW else "",
            "lookup": CaseLookupForm(),
        },
    )


@capability_required(Cap.PRIVACY)
@require_http_methods(["GET", "POST"])
def request_create(request: StaffRequest) -> HttpResponse:
    number = request.POST.get("case_number") or request.GET.get("nomor", "")
    case = selectors.case_in_region(request.user, number) if number else None
    if case is None:
        lookup = CaseLookupForm(request.GET or None)
        if number:
            lookup.add_error("nomor", _("Tidak ada kasus dengan nomor itu di wilayah Anda."))
        return render(
            request,
            "privacy/request_lookup.html",
            {"lookup": lookup},
            status=404 if number else 200,
        )
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = RequestForm(
        request.POST or None,
        case=case,
        user=request.user,
        initial={"received_at": now, "identity_verified_at": now},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.request_record(
                actor=request.user,
                kind=data["kind"],
                requester=data["requester"],
                received_at=data["received_at"],
                case=case,
                party=data["party"],
                consent=data["consent"],
                identity_document=data["identity_document"],
                identity_verified_by=data["identity_verified_by"],
                identity_verified_at=data["identity_verified_at"],
                details=data["details"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Permintaan dicatat."))
            return redirect("privacy:request_detail", pk=item.pk)
    return render(
        request,
        "privacy/request_form.html",
        {"form": form, "case": case},
        status=400 if form.errors else 200,
    )


@capability_required(Cap.PRIVACY)
@require_GET
def request_detail(request: StaffRequest, pk: int) -> HttpResponse:
    item = policies.get_request_for(request.user, pk)
    return render(
        request,
        "privacy/request_detail.html",
        {"item": item, "form": DecideForm(), "now": timezone.now(), "kinds": RequestKind},
    )


@capability_required(Cap.PRIVACY)
@require_POST
def request_decide(request: StaffRequest, pk: int) -> HttpResponse:
    item = policies.get_request_for(request.user, pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            services.request_decide(actor=request.user, request=item, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Keputusan dicatat."))
            return redirect("privacy:request_detail", pk=item.pk)
    return render(
        request,
        "privacy/request_detail.html",
        {"item": item, "form": form, "now": timezone.now(), "kinds": RequestKind},
        status=400,
    )


@capability_required(Cap.PRIVACY)
@require_POST
def request_lift(request: StaffRequest, pk: int) -> HttpResponse:
    item = policies.get_request_for(request.user, pk)
    try:
        services.request_restriction_lift(actor=request.user, request=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Pembatasan diakhiri."))
    return redirect("privacy:request_detail", pk=item.pk)


@capability_required(Cap.PRIVACY)
@require_POST
def request_export(request: StaffRequest, pk: int) -> HttpResponse:
    item = policies.get_request_for(request.user, pk)
    try:
        job = services.request_access_export(actor=request.user, request=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("privacy:request_detail", pk=item.pk)
    return redirect(job.get_absolute_url())


# --- retention ---------------------------------------------------------------------------------


@capability_required(Cap.PRIVACY)
@require_GET
def retention_page(request: StaffRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "privacy/retention.html",
        {
            "rules": RetentionRule.objects.all(),
            "preview": retention.preview(region_code=user.scope_code),
            "holds": selectors.active_holds(user),
            "records": policies.destruction_records(user)[:50],
            "hold_form": HoldForm(),
        },
    )


@capability_required(Cap.PRIVACY)
@require_POST
def hold_create(request: StaffRequest) -> HttpResponse:
    form = HoldForm(request.POST)
    if form.is_valid():
        case = selectors.case_in_region(request.user, form.cleaned_data["nomor"])
        if case is None:
            messages.error(request, _("Tidak ada kasus dengan nomor itu di wilayah Anda."))
        else:
            try:
                services.legal_hold_place(
                    actor=request.user, case=case, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Kasus ditahan dari anonimisasi."))
    return redirect("privacy:retention")


@capability_required(Cap.PRIVACY)
@require_POST
def hold_release(request: StaffRequest, pk: int) -> HttpResponse:
    hold = selectors.active_holds(request.user).filter(pk=pk).first()
    if hold is None:
        raise Http404
    services.legal_hold_release(actor=request.user, hold=hold)
    messages.success(request, _("Penahanan dilepas."))
    return redirect("privacy:retention")


@capability_required(Cap.PRIVACY)
@require_GET
def destruction_detail(request: StaffRequest, pk: int) -> HttpResponse:
    record = policies.get_destruction_record_for(request.user, pk)
    return render(request, "privacy/destruction_detail.html", {"record": record})


@capability_required(Cap.PRIVACY)
@require_POST
def destruction_sign_off(request: StaffRequest, pk: int) -> HttpResponse:
    record = policies.get_destruction_record_for(request.user, pk)
    try:
        services.destruction_sign_off(actor=request.user, record=record)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Berita acara disahkan."))
    return redirect("privacy:destruction_detail", pk=record.pk)


# --- the register of processing and the agreements ---------------------------------------------


@capability_required(Cap.PRIVACY)
@require_GET
def register_page(request: StaffRequest) -> HttpResponse:
    return render(
        request,
        "privacy/register.html",
        {"activities": register.activities(), "location": register.location()},
    )


@capability_required(Cap.PRIVACY)
@require_GET
def register_export(request: StaffRequest, fmt: str) -> HttpResponse:
    if fmt == "md":
        return secure_download(
            register.as_markdown().encode("utf-8"),
            "text/markdown; charset=utf-8",
            "rekaman-kegiatan-pemrosesan.md",
        )
    if fmt == "pdf":
        return secure_download(
            register.as_pdf(), "application/pdf", "rekaman-kegiatan-pemrosesan.pdf"
        )
    raise Http404


def _organisations(user: Any) -> Any:
    return Organisation.objects.filter(user.region_q("region_code")).order_by("name")


@capability_required(Cap.PRIVACY)
@require_GET
def agreement_list(request: StaffRequest) -> HttpResponse:
    return render(
        request,
        "privacy/agreement_list.html",
        {"organisations": _organisations(request.user), "today": timezone.localdate()},
    )


@capability_required(Cap.PRIVACY)
@require_http_methods(["GET", "POST"])
def agreement_edit(request: StaffRequest, pk: int) -> HttpResponse:
    organisation = _organisations(request.user).filter(pk=pk).first()
    if organisation is None:
        raise Http404
    form = AgreementForm(
        request.POST or None,
        initial={
            "reference": organisation.sharing_agreement_reference,
            "valid_until": organisation.sharing_agreement_valid_until,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation_agreement_record(
                actor=request.user,
                organisation=organisation,
                reference=form.cleaned_data["reference"],
                valid_until=form.cleaned_data["valid_until"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Perjanjian berbagi data dicatat."))
            return redirect("privacy:agreement_list")
    return render(
        request,
        "privacy/agreement_form.html",
        {"form": form, "organisation": organisation},
        status=400 if form.errors else 200,
    )

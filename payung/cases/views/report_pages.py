"""Staff pages for reports: lists, the triage queue, staff intake, one report and its triage actions."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from payung.accounts.decorators import capability_required
from payung.accounts.http import StaffRequest
from payung.accounts.roles import Cap
from payung.audit.services import access_record
from payung.cases import codes, forms, intake_sources, policies, selectors, services
from payung.cases.choices import ReportStatus
from payung.cases.models import Report
from payung.core import crypto
from payung.core.downloads import secure_download
from payung.core.pagination import CappedPaginator

PAGE_SIZE = 50
RECEIPT_KEY = "staff_report_receipt"
RECEIPT_LABEL = "cases.session.staff_report_receipt"


def reports_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, with REPORT_INTAKE or REPORT_TRIAGE (403 otherwise: only the kind of page
        is revealed; single reports answer 404 — through the policy helpers, or here for a role
    outside intake)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not policies.can_use_reports(request.user):
            if "pk" in kwargs:  # a named report: 404, as for one that does not exist
                raise Http404
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


# --- lists ---------------------------------------------------------------------------------


@require_GET
@reports_required
def report_list(request: StaffRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in ReportStatus.values:
        status = ""
    page = CappedPaginator(selectors.report_list(request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "cases/report_list.html",
        {
            "page": page,
            "status": status,
            "statuses": ReportStatus.choices,
            "can_record": policies.can_record_report(request.user),
        },
    )


@require_GET
@capability_required(Cap.REPORT_TRIAGE)
def triage_queue(request: StaffRequest) -> HttpResponse:
    now = timezone.now()
    page = CappedPaginator(selectors.triage_queue(request.user, now=now), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    template = (
        "cases/triage_queue.html#queue"
        if getattr(request, "htmx", False)
        else "cases/triage_queue.html"
    )
    return render(request, template, {"page": page, "now": now})


# --- recording a report --------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@capability_required(Cap.REPORT_INTAKE)
def report_create(request: StaffRequest) -> HttpResponse:
    city = services.city_code()
    if request.method == "GET":
        form = forms.StaffReportForm(
            user=request.user,
            city_code=city,
            initial={"submission_token": codes.new_submission_token()},
        )
        return render(request, "cases/report_form.html", {"form": form})
    form = forms.StaffReportForm(request.POST, request.FILES, user=request.user, city_code=city)
    if not form.is_valid():
        return render(request, "cases/report_form.html", {"form": form})
    try:
        with transaction.atomic():
            submission = services.report_create(
                actor=request.user,
                data=form.to_input(),
                idempotency_namespace=f"staff:{request.user.pk}",
                idempotency_key=form.cleaned_data["submission_token"],
                attachment=form.cleaned_data.get("attachment"),
            )
            if submission.created:
                for source in intake_sources.registered():
                    value = form.cleaned_data.get(source.key)
                    if value:
                        source.record(actor=request.user, report=submission.report, value=value)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return render(request, "cases/report_form.html", {"form": form})
    report = submission.report
    if submission.pin:
        # Shown once on the next page (not in a message cookie, not in the URL).
        request.session[RECEIPT_KEY] = {
            "report": report.pk,
            "pin": crypto.encrypt_str(submission.pin, RECEIPT_LABEL),
        }
    if submission.created:
        messages.success(request, _("Laporan tercatat."))
    else:
        messages.info(
            request, _("Formulir ini sudah terkirim sebelumnya; tidak ada laporan ganda.")
        )
    return redirect("cases:report_detail", pk=report.pk)


# --- one report ----------------------------------------------------------------------------


def _detail_context(request: StaffRequest, report: Report, **overrides: Any) -> dict[str, Any]:
    user = request.user
    can_triage = policies.can_act_on_report(user, report, "triage")
    context: dict[str, Any] = {
        "report": report,
        "history": selectors.report_history(report),
        "attachments": selectors.report_attachments(report),
        "can_triage": can_triage,
        "can_unlock": report.is_locked and policies.can_act_on_report(user, report, "unlock"),
        "message_form": forms.PublicMessageForm(
            initial={"message": report.public_message}, prefix="msg"
        ),
        # Link the case only for those who may open it (others see its number only).
        "case_link": report.case_id is not None
        and policies.visible_cases(user).filter(pk=report.case_id).exists(),
    }
    if can_triage:
        context.update(
            risk_form=forms.RiskForm(initial={"risk_level": report.risk_level}, prefix="risk"),
            open_form=forms.OpenCaseForm(owners=selectors.case_owner_choices(user), prefix="open"),
            attach_form=forms.AttachForm(prefix="attach"),
            refer_form=forms.ReferOutForm(prefix="refer"),
            close_form=forms.NotCaseForm(prefix="close"),
            duplicates=selectors.duplicate_suggestions(user, report),
        )
    context.update(overrides)
    return context


@never_cache
@require_GET
@reports_required
def report_detail(request: StaffRequest, pk: int) -> HttpResponse:
    report = policies.get_report_for(request.user, pk)
    access_record(
        actor=request.user, target=report, purpose="report.view", target_label=report.label
    )
    receipt = request.session.get(RECEIPT_KEY)
    new_pin = ""
    if receipt and receipt.get("report") == report.pk:
        del request.session[RECEIPT_KEY]
        new_pin = crypto.decrypt_str(receipt["pin"], RECEIPT_LABEL)
    return render(
        request, "cases/report_detail.html", _detail_context(request, report, new_pin=new_pin)
    )


@never_cache
@require_GET
@reports_required
def report_attachment(request: StaffRequest, pk: int, attachment_pk: int) -> HttpResponse:
    report = policies.get_report_for(request.user, pk, need="attachment")
    item = selectors.get_attachment(report, attachment_pk)
    if item is None:
        raise Http404
    access_record(
        actor=request.user, target=item, purpose="report.attachment", target_label=report.label
    )
    return secure_download(
        services.attachment_read(item),
        item.content_type,
        f"laporan-{report.pk}-lampiran-{item.pk}.{item.extension}",
    )


def _action_failed(
    request: StaffRequest, report: Report, form_name: str, form: Any
) -> HttpResponse:
    messages.error(request, _("Tindakan belum dilakukan: periksa isian di bawah."))
    access_record(
        actor=request.user, target=report, purpose="report.view", target_label=report.label
    )
    return render(
        request,
        "cases/report_detail.html",
        _detail_context(request, report, **{form_name: form}),
        status=400,
    )


def _back_to(request: HttpRequest, report: Report) -> HttpResponse:
    """Back to the report, or to the triage queue when the triage put it out of the user's
    sight (a report in a case the triager is not on belongs to that case's workers)."""
    if policies.readable_reports(request.user).filter(pk=report.pk).exists():
        return redirect("cases:report_detail", pk=report.pk)
    return redirect("cases:triage_queue")


def _run(
    request: HttpRequest, report: Report, action: Callable[[], Any], success: str
) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return _back_to(request, report)


@require_POST
@capability_required(Cap.REPORT_TRIAGE)
def report_set_risk(request: StaffRequest, pk: int) -> HttpResponse:
    report = policies.get_report_for(request.user, pk)
    form = forms.RiskForm(request.POST, prefix="risk")
    if not form.is_valid():
        return _action_failed(request, report, "risk_form", form)
    return _run(
        request,
        report,
        lambda: services.report_set_risk(
            actor=request.user,
            report=report,
            risk_level=form.cleaned_data["risk_level"],
            note=form.cleaned_data["note"],
        ),
        _("Tingkat risiko disimpan; batas respons dihitung ulang."),
    )


@require_POST
@capability_required(Cap.REPORT_TRIAGE)
def report_open_case(request: StaffRequest, pk: int) -> HttpResponse:
    report = policies.get_report_for(request.user, pk)
    form = forms.OpenCaseForm(
        request.POST, owners=selectors.case_owner_choices(request.user), prefix="open"
    )
    if not form.is_valid():
        return _action_failed(request, report, "open_form", form)
    try:
        case = services.report_open_case(
            actor=request.user,
            report=report,
            owner=form.cleaned_data["owner"],
            note=form.cleaned_data["note"],
            message=form.cleaned_data["message"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Kasus %(number)s dibuka dari laporan ini.") % {"number": case.number}
        )
    return _back_to(request, report)


@require_POST
@capability_required(Cap.REPORT_TRIAGE)
def report_attach(request: StaffRequest, pk: int) -> HttpResponse:
    report = policies.get_report_for(request.user, pk)
    form = forms.AttachForm(request.POST, prefix="attach")
    if not form.is_valid():
        return _action_failed(request, report, "attach_form", form)
    try:
        case = policies.get_case_for_attach(request.user, form.cleaned_data["case_number"])
    except Http404:
        form.add_error("case_number", _("Kasus dengan nomor ini tidak ditemukan di wilayah Anda."))
        return _action_failed(request, report, "attach_form", form)
    return _run(
        request,
        report,
        lambda: services.report_attach_to_case(
            actor=request.user,
            report=report,
            case=case,
            note=form.cleaned_data["note"],
            message=form.cleaned_data["message"],
        ),
        _("Laporan digabungkan ke kasus %(number)s.") % {"number": case.number},
    )


@require_POST
@capability_required(Cap.REPORT_TRIAGE)
def report_refer_out(request: StaffRequest, pk: int) -> HttpResponse:
    report = policies.get_report_for(request.user, pk)
    form = forms.ReferOutForm(request.POST, prefix="refer")
    if not form.is_valid():
        return _action_failed(request, report, "refer_form", form)
    return _run(
        request,
        report,
        lambda: services.report_refer_out(
            actor=request.user,
            report=report,
            destination=form.cleaned_data["destination"],
            note=form.cleaned_data["note"],
            message=form.cleaned_data["message"],
        ),
        _("Laporan dicatat sebagai dirujuk ke luar kota."),
    )


@require_POST
@capability_required(Cap.REPORT_TRIAGE)
def report_close_not_case(request: StaffRequest, pk: int) -> HttpResponse:
    report = policies.get_report_for(request.user, pk)
    form = forms.NotCaseForm(request.POST, prefix="close")
    if not form.is_valid():
        return _action_failed(request, report, "close_form", form)
    return _run(
        request,
        report,
        lambda: services.report_close_not_case(
            actor=request.user,
            report=report,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            message=form.cleaned_data["message"],
        ),
        _("Laporan ditutup sebagai bukan kasus."),
    )


@require_POST
@reports_required
def report_message(request: StaffRequest, pk: int) -> HttpResponse:
    report = policies.get_report_for(request.user, pk, need="message")
    form = forms.PublicMessageForm(request.POST, prefix="msg")
    if not form.is_valid():
        return _action_failed(request, report, "message_form", form)
    return _run(
        request,
        report,
        lambda: services.report_set_public_message(
            actor=request.user, report=report, message=form.cleaned_data["message"]
        ),
        _("Pesan untuk pelapor disimpan."),
    )


@require_POST
@capability_required(Cap.REPORT_TRIAGE)
def report_unlock(request: StaffRequest, pk: int) -> HttpResponse:
    report = policies.get_report_for(request.user, pk)
    return _run(
        request,
        report,
        lambda: services.report_pin_unlock(actor=request.user, report=report),
        _("Kunci kode laporan dibuka; pelapor dapat mengecek status lagi."),
    )

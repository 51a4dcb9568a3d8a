"""The resident's side of intake: file a report, keep the code and PIN, check the status.

No JavaScript is needed anywhere. Pages that show a PIN or a status are ``no-store``, so the
Back button on a shared phone does not bring them back from the browser's cache.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from payung.cases import codes, selectors, services, throttle
from payung.cases.choices import ContactChannel, PublicStatus, ReportEventKind
from payung.cases.models import Report
from payung.core import crypto
from payung.core.actors import PUBLIC_FORM
from payung.core.request_context import client_ip
from payung.public.forms import (
    CONSENT_TEXT,
    AddInformationForm,
    PublicReportForm,
    ReportPageFields,
    StatusCheckForm,
)

RECEIPT_KEY = "report_receipt"
RECEIPT_LABEL = "public.session.report_receipt"


def _city_code() -> str:
    return services.city_code()


def _form_context(form: PublicReportForm | ReportPageFields, **extra: Any) -> dict[str, Any]:
    return {
        "form": form,
        "consent_text": CONSENT_TEXT,
        "contacts": selectors.emergency_contacts(kelurahan=None),
        **extra,
    }


#: How long the rendered fields of the empty form are reused. What they show changes only
#: with a deployment (the code) or the kelurahan list (reference data): five minutes late at
#: worst for a new kelurahan.
UNBOUND_FIELDS_SECONDS = 300


def _fields_key() -> str:
    return f"payung:public:report-fields:v1:{get_language()}:{_city_code()}"


def unbound_fields_html(form: PublicReportForm) -> str:
    """The report form's fields as an empty form renders them, from the cache.

    Rendering the fields (choices, radios, the kelurahan list) was about 70% of the time of
    ``GET /lapor/`` — the first request of every report (docs/performance.md). The cached HTML
    holds no per-request value: the CSRF token and the submission token are rendered by the
    page around it, each time. Keyed by language (labels are translated) and city.
    """
    if form.is_bound or form.initial.keys() - {"submission_token"}:
        raise ValueError("only the empty form's fields are cached")
    key = _fields_key()
    html = cache.get(key)
    if html is None:
        html = render_to_string("public/report_form.html#fields", {"form": form})
        cache.set(key, html, UNBOUND_FIELDS_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own template's output, escaped when rendered


def _too_many_reports(ip: str | None) -> bool:
    return throttle.exceeded("report", ip, limit=settings.REPORT_RATE_LIMIT)


def _report_slot(ip: str | None) -> bool:
    """Count this report and say whether it is within the limit: one atomic increment, so
    parallel submissions cannot all pass a check made before any of them was counted."""
    return throttle.take(
        "report",
        ip,
        limit=settings.REPORT_RATE_LIMIT,
        window_seconds=settings.REPORT_RATE_WINDOW_SECONDS,
    )


def _refused_too_many(request: HttpRequest, form: PublicReportForm) -> HttpResponse:
    minutes = max(1, settings.REPORT_RATE_WINDOW_SECONDS // 60)
    form.is_valid()  # so the page comes back filled in
    form.add_error(
        None,
        _(
            "Terlalu banyak laporan dikirim dari jaringan ini. Coba lagi dalam %(minutes)s menit, "
            "atau hubungi layanan di atas bila mendesak."
        )
        % {"minutes": minutes},
    )
    return render(request, "public/report_form.html", _form_context(form), status=429)


@never_cache
@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        request.session.pop(RECEIPT_KEY, None)  # leaving the confirmation page forgets the PIN
        initial = {"submission_token": codes.new_submission_token()}
        cached = cache.get(_fields_key())
        form: PublicReportForm | ReportPageFields
        if cached is None:  # render the whole form once, and cache its fields
            whole = PublicReportForm(city_code=_city_code(), initial=initial)
            form, fields_html = whole, unbound_fields_html(whole)
        else:  # the report fields are cached: build only the page's own
            form = ReportPageFields(initial=initial)
            fields_html = mark_safe(cached)  # noqa: S308 - as in unbound_fields_html
        return render(
            request, "public/report_form.html", _form_context(form, fields_html=fields_html)
        )

    ip = client_ip(request)
    form = PublicReportForm(request.POST, request.FILES, city_code=_city_code())
    if _too_many_reports(ip):  # cheap early answer; the binding check is _report_slot below
        return _refused_too_many(request, form)
    if form.is_bot:
        throttle.hit("report", ip, window_seconds=settings.REPORT_RATE_WINDOW_SECONDS)
        form.is_valid()
        form.add_error(
            None,
            _(
                "Laporan tidak dapat dikirim. Kosongkan kolom 'Jangan isi kolom ini' lalu kirim lagi."
            ),
        )
        return render(request, "public/report_form.html", _form_context(form), status=400)
    if not form.is_valid():
        return render(request, "public/report_form.html", _form_context(form))
    if not _report_slot(ip):
        return _refused_too_many(request, form)
    try:
        submission = services.report_create(
            actor=PUBLIC_FORM,
            data=form.to_input(),
            idempotency_namespace="web",
            idempotency_key=form.cleaned_data["submission_token"],
            attachment=form.cleaned_data.get("attachment"),
        )
    except ValidationError as exc:
        throttle.give_back("report", ip)  # refused: it does not count
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        return render(request, "public/report_form.html", _form_context(form))
    if not submission.created:
        throttle.give_back("report", ip)  # a repeat of a report already counted
    request.session[RECEIPT_KEY] = {
        "report": submission.report.pk,
        "pin": crypto.encrypt_str(submission.pin, RECEIPT_LABEL) if submission.pin else "",
        "repeat": not submission.created,
    }
    return redirect("report:thanks")


@never_cache
@require_GET
def report_thanks(request: HttpRequest) -> HttpResponse:
    """The one-time confirmation: the code and PIN, then the session forgets them."""
    receipt = request.session.pop(RECEIPT_KEY, None)
    if not receipt:
        return render(request, "public/report_thanks.html", {"expired": True})
    report = (
        Report.objects.select_related("kelurahan")
        .only(
            "pk",
            "code",
            "danger_now",
            "risk_level",
            "due_at",
            "contact_channel",
            "kelurahan__code",
            "kelurahan__name",
        )
        .filter(pk=receipt.get("report"))
        .first()
    )
    if report is None:
        return render(request, "public/report_thanks.html", {"expired": True})
    pin = crypto.decrypt_str(receipt["pin"], RECEIPT_LABEL) if receipt.get("pin") else ""
    return render(
        request,
        "public/report_thanks.html",
        {
            "code": report.display_code,
            "pin": pin,
            "repeat": receipt.get("repeat", False),
            "high_risk": report.danger_now or report.risk_level == "tinggi",
            # The triage deadline (cases.services.deadlines, from the rule rows): by then an
            # officer has read the report and decided what happens next.
            "respond_by": report.due_at,
            "may_contact": report.contact_channel != ContactChannel.NONE,
            "contacts": selectors.emergency_contacts(kelurahan=report.kelurahan),
        },
    )


def _ip_locked(ip: str | None) -> bool:
    return throttle.exceeded("status", ip, limit=settings.STATUS_CHECK_IP_MAX_FAILURES)


def _status_locked(request: HttpRequest, form: StatusCheckForm) -> HttpResponse:
    minutes = max(1, settings.STATUS_CHECK_IP_WINDOW_SECONDS // 60)
    form.is_valid()
    form.add_error(
        None,
        _(
            "Terlalu banyak percobaan yang salah dari jaringan ini. Coba lagi dalam %(minutes)s menit."
        )
        % {"minutes": minutes},
    )
    return render(request, "public/report_status.html", {"form": form}, status=429)


@never_cache
@require_http_methods(["GET", "POST"])
def report_status(request: HttpRequest) -> HttpResponse:
    """Code + PIN → the coarse status and the staff's message for the reporter; nothing else."""
    if request.method == "GET":
        request.session.pop(RECEIPT_KEY, None)
        return render(request, "public/report_status.html", {"form": StatusCheckForm()})
    ip = client_ip(request)
    form: StatusCheckForm = (
        AddInformationForm(request.POST, request.FILES)
        if request.POST.get("action") == "add"
        else StatusCheckForm(request.POST)
    )
    if _ip_locked(ip):  # cheap early answer; the binding check is the take() below
        return _status_locked(request, form)
    if not form.is_valid():
        return render(request, "public/report_status.html", {"form": form})
    # Count the attempt before checking the PIN (one atomic increment), so parallel guesses
    # cannot all pass a count taken before any of them failed; a right PIN gives it back.
    if not throttle.take(
        "status",
        ip,
        limit=settings.STATUS_CHECK_IP_MAX_FAILURES,
        window_seconds=settings.STATUS_CHECK_IP_WINDOW_SECONDS,
    ):
        return _status_locked(request, form)
    result = services.report_pin_check(code=form.cleaned_data["code"], pin=form.cleaned_data["pin"])
    if result.outcome == "ok" and result.report is not None:
        throttle.give_back("status", ip)
        report = result.report
        added = False
        add_form = None
        if isinstance(form, AddInformationForm):
            try:
                services.report_add_information(
                    actor=PUBLIC_FORM,
                    report=report,
                    message=form.cleaned_data.get("message", ""),
                    attachment=form.cleaned_data.get("attachment"),
                )
                added = True
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
                add_form = form
        return _status_page(request, report, added=added, add_form=add_form)
    if result.outcome == "locked":
        form.add_error(
            None,
            _(
                "Kode ini dikunci karena PIN salah dimasukkan terlalu sering. Demi keamanan pelapor, "
                "status tidak dapat dilihat lagi dengan kode ini. Hubungi PPT kelurahan atau pusat "
                "layanan untuk membukanya."
            ),
        )
        return render(
            request, "public/report_status.html", {"form": form, "locked": True}, status=403
        )
    form.add_error(None, _("Kode atau PIN salah. Periksa kembali lalu coba lagi."))
    return render(request, "public/report_status.html", {"form": form})


# What a reporter may see of their report's history: the coarse steps, never who did what.
PUBLIC_TIMELINE: dict[str, Any] = {
    ReportEventKind.RECEIVED: gettext_lazy("Laporan diterima"),
    ReportEventKind.CASE_OPENED: gettext_lazy("Petugas mulai menangani laporan Anda"),
    ReportEventKind.CASE_ATTACHED: gettext_lazy("Petugas mulai menangani laporan Anda"),
    ReportEventKind.REFERRED_OUT: gettext_lazy(
        "Laporan diteruskan ke layanan di luar Kota Pasuruan"
    ),
    ReportEventKind.CLOSED_NOT_CASE: gettext_lazy("Laporan selesai diperiksa"),
    ReportEventKind.MESSAGE_SET: gettext_lazy("Ada pesan dari petugas"),
    ReportEventKind.INFO_ADDED: gettext_lazy("Anda menambahkan informasi"),
}

NEXT_STEP: dict[str, Any] = {
    PublicStatus.RECEIVED: gettext_lazy(
        "Petugas UPTD PPA membaca laporan Anda dan menentukan langkah berikutnya paling lambat "
        "%(due)s WIB."
    ),
    PublicStatus.IN_PROGRESS: gettext_lazy(
        "Petugas sedang menangani laporan ini. Jika Anda mengizinkan, petugas menghubungi Anda "
        "lewat cara yang Anda pilih; pesan petugas juga tampil di halaman ini."
    ),
    PublicStatus.DONE: gettext_lazy(
        "Penanganan laporan ini sudah selesai. Jika ada kejadian baru, buat laporan baru atau "
        "tambahkan informasi di bawah."
    ),
}


def _status_page(
    request: HttpRequest,
    report: Report,
    *,
    added: bool = False,
    add_form: StatusCheckForm | None = None,
) -> HttpResponse:
    events = report.events.filter(kind__in=list(PUBLIC_TIMELINE)).only("kind", "at")
    timeline = [(event.at, PUBLIC_TIMELINE[ReportEventKind(event.kind)]) for event in events]
    due = timezone.localtime(report.due_at).strftime("%d-%m-%Y %H.%M")
    return render(
        request,
        "public/report_status.html",
        {
            "form": StatusCheckForm(),
            "status": report.public_status,
            "status_label": PublicStatus(report.public_status).label,
            "message": report.public_message,
            "timeline": timeline,
            "next_step": NEXT_STEP[PublicStatus(report.public_status)] % {"due": due},
            "add_form": add_form or AddInformationForm(initial={"code": report.display_code}),
            "added": added,
        },
    )

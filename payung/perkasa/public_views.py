"""The public self pre-registration and status check (no JavaScript; docs/perkasa.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from payung.cases import codes, throttle
from payung.core.actors import PUBLIC_FORM
from payung.core.request_context import client_ip
from payung.perkasa import forms, services

RECEIPT_KEY = "perkasa_receipt"


@require_http_methods(["GET", "POST"])
def self_register(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        form = forms.SelfRegistrationForm(
            initial={"submission_token": codes.new_submission_token()}
        )
        return render(request, "perkasa/public/register.html", {"form": form})
    form = forms.SelfRegistrationForm(request.POST)
    ip = client_ip(request)
    if not form.is_valid():
        return render(request, "perkasa/public/register.html", {"form": form}, status=400)
    if not throttle.take(
        "perkasa-self",
        ip,
        limit=settings.REPORT_RATE_LIMIT,
        window_seconds=settings.REPORT_RATE_WINDOW_SECONDS,
    ):
        form.add_error(
            None,
            _(
                "Terlalu banyak pendaftaran dari sambungan ini. Coba lagi nanti atau datangi PPT kelurahan Anda."
            ),
        )
        return render(request, "perkasa/public/register.html", {"form": form}, status=429)
    try:
        result = services.registrant_register(
            actor=PUBLIC_FORM,
            data=form.to_input(),
            idempotency_key=form.cleaned_data["submission_token"],
        )
    except ValidationError as exc:
        throttle.give_back("perkasa-self", ip)
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return render(request, "perkasa/public/register.html", {"form": form}, status=400)
    request.session[RECEIPT_KEY] = {
        "code": result.registrant.tracking_code,
        "pin": result.pin,
    }
    return redirect("perkasa_public:thanks")


def thanks(request: HttpRequest) -> HttpResponse:
    receipt = request.session.get(RECEIPT_KEY)
    if not receipt:
        return redirect("perkasa_public:register")
    return render(
        request,
        "perkasa/public/thanks.html",
        {"code": codes.display_code(receipt["code"] or ""), "pin": receipt["pin"]},
    )


@require_http_methods(["GET", "POST"])
def self_status(request: HttpRequest) -> HttpResponse:
    form = forms.SelfStatusForm(request.POST or None)
    registrant = None
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        if throttle.exceeded("perkasa-status", ip, limit=settings.STATUS_CHECK_IP_MAX_FAILURES):
            form.add_error(None, _("Terlalu banyak percobaan. Coba lagi nanti."))
        else:
            check = services.self_status_check(
                code=form.cleaned_data["code"], pin=form.cleaned_data["pin"]
            )
            if check.outcome == "ok":
                registrant = check.registrant
            elif check.outcome == "locked":
                form.add_error(
                    None,
                    _(
                        "Kode ini dikunci karena PIN salah berkali-kali. Datangi PPT kelurahan Anda."
                    ),
                )
            else:
                throttle.hit(
                    "perkasa-status", ip, window_seconds=settings.STATUS_CHECK_IP_WINDOW_SECONDS
                )
                form.add_error(None, _("Kode atau PIN tidak cocok."))
    return render(request, "perkasa/public/status.html", {"form": form, "registrant": registrant})

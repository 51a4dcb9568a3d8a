"""Helpers for care pages that belong to a case."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from payung.accounts.http import StaffRequest
from payung.audit.services import access_record

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

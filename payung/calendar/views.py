"""The holiday calendar, per year (system admin)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from payung.accounts.decorators import capability_required
from payung.accounts.roles import Cap
from payung.calendar import policies, selectors, services
from payung.calendar.forms import HolidayForm
from payung.calendar.models import Holiday


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("tahun", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return timezone.localdate().year


def _year_url(year: int) -> str:
    return f"{reverse('calendar:holiday_list')}?tahun={year}"


def _add_errors(form: HolidayForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _list_page(request: HttpRequest, year: int, form: HolidayForm, status: int = 200) -> Any:
    years = sorted({*selectors.holiday_years(), year})
    return render(
        request,
        "calendar/holiday_list.html",
        {
            "year": year,
            "years": years,
            "holidays": selectors.holidays_of_year(year),
            "form": form,
        },
        status=status,
    )


@require_GET
@capability_required(Cap.REFERENCE_MANAGE)
def holiday_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    return _list_page(request, year, HolidayForm(prefix="new"))


@require_POST
@capability_required(Cap.REFERENCE_MANAGE)
def holiday_add(request: HttpRequest) -> HttpResponse:
    form = HolidayForm(request.POST, prefix="new")
    if form.is_valid():
        d = form.cleaned_data
        try:
            holiday = services.holiday_add(
                actor=request.user,
                day=d["date"],
                name=d["name"],
                kind=d["kind"],
                provisional=d["provisional"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Hari libur %(name)s dicatat; tenggat hari kerja yang terbuka dihitung ulang.")
                % {"name": holiday.name},
            )
            return redirect(_year_url(holiday.date.year))
    year = form.cleaned_data["date"].year if form.cleaned_data.get("date") else _year(request)
    return _list_page(request, year, form, status=400)


@require_http_methods(["GET", "POST"])
@capability_required(Cap.REFERENCE_MANAGE)
def holiday_edit(request: HttpRequest, pk: int) -> HttpResponse:
    holiday = policies.get_holiday_for(request.user, pk)
    initial = {
        "date": holiday.date,
        "name": holiday.name,
        "kind": holiday.kind,
        "provisional": holiday.provisional,
    }
    if request.method == "POST":
        form = HolidayForm(request.POST, initial=initial)
        if form.is_valid():
            d = form.cleaned_data
            try:
                updated = services.holiday_update(
                    actor=request.user,
                    holiday=holiday,
                    day=d["date"],
                    name=d["name"],
                    kind=d["kind"],
                    provisional=d["provisional"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request, _("Hari libur %(name)s disimpan.") % {"name": updated.name}
                )
                return redirect(_year_url(updated.date.year))
        return render(
            request, "calendar/holiday_edit.html", {"holiday": holiday, "form": form}, status=400
        )
    form = HolidayForm(initial=initial)
    return render(request, "calendar/holiday_edit.html", {"holiday": holiday, "form": form})


@require_POST
@capability_required(Cap.REFERENCE_MANAGE)
def holiday_delete(request: HttpRequest, pk: int) -> HttpResponse:
    holiday: Holiday = policies.get_holiday_for(request.user, pk)
    year = holiday.date.year
    services.holiday_delete(actor=request.user, holiday=holiday)
    messages.success(request, _("Hari libur %(name)s dihapus.") % {"name": holiday.name})
    return redirect(_year_url(year))

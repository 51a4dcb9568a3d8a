"""The holiday page of the system admin: per year, add, correct, remove."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from payung.calendar.models import Holiday
from tests.accounts.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_the_admin_sees_a_year_of_holidays(personas) -> None:
    client = signed_in(personas.sysadmin)
    html = client.get(reverse("calendar:holiday_list"), {"tahun": "2027"}).content.decode()
    badge = '<span class="badge text-bg-warning">perkiraan</span>'
    assert "Idul Fitri 1448 Hijriah" in html and badge in html
    html = client.get(reverse("calendar:holiday_list"), {"tahun": "2026"}).content.decode()
    assert "Cuti bersama Idul Fitri 1447 Hijriah" in html and badge not in html


def test_the_admin_adds_corrects_and_removes_a_holiday(personas) -> None:
    client = signed_in(personas.sysadmin)
    response = client.post(
        reverse("calendar:holiday_add"),
        {
            "new-date": "2027-03-09",
            "new-name": "Cuti bersama Idul Fitri",
            "new-kind": "cuti_bersama",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?tahun=2027")
    holiday = Holiday.objects.get(date=date(2027, 3, 9))
    assert holiday.kind == "cuti_bersama" and not holiday.provisional

    url = reverse("calendar:holiday_edit", args=[holiday.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"date": "2027-03-12", "name": "Cuti bersama Idul Fitri 1448", "kind": "cuti_bersama"}
    )
    assert response.status_code == 302
    holiday.refresh_from_db()
    assert (holiday.date, holiday.name) == (date(2027, 3, 12), "Cuti bersama Idul Fitri 1448")

    response = client.post(reverse("calendar:holiday_delete", args=[holiday.pk]))
    assert response.status_code == 302
    assert not Holiday.objects.filter(pk=holiday.pk).exists()


def test_a_date_taken_is_refused_on_the_page(personas) -> None:
    client = signed_in(personas.sysadmin)
    response = client.post(
        reverse("calendar:holiday_add"),
        {"new-date": "2026-08-17", "new-name": "Dua kali", "new-kind": "nasional"},
    )
    assert response.status_code == 400
    assert "sudah tercatat sebagai hari libur" in response.content.decode()


def test_case_workers_may_not_open_or_change_the_calendar(personas) -> None:
    holiday = Holiday.objects.get(date=date(2026, 8, 17))
    client = signed_in(personas.supervisor)
    assert client.get(reverse("calendar:holiday_list")).status_code == 403
    assert client.post(reverse("calendar:holiday_delete", args=[holiday.pk])).status_code == 403
    assert Holiday.objects.filter(pk=holiday.pk).exists()


def test_an_unknown_holiday_is_404(personas) -> None:
    client = signed_in(personas.sysadmin)
    assert client.get(reverse("calendar:holiday_edit", args=[999999])).status_code == 404


def test_the_admin_start_page_links_the_calendar(personas) -> None:
    html = signed_in(personas.sysadmin).get(reverse("accounts:home")).content.decode()
    assert reverse("calendar:holiday_list") in html

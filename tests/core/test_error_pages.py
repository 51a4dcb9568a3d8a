"""The 500 page tells a resident the truth: what they sent may not have been saved."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from payung.urls import urlpatterns as project_urlpatterns

pytestmark = pytest.mark.django_db


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the database went away mid-save")


# This module doubles as the URLconf of the test: a view that fails, and the real handler.
urlpatterns = [path("laporan-gagal/", boom), *project_urlpatterns]
handler500 = "payung.core.views.server_error"


@pytest.mark.urls("tests.core.test_error_pages")
def test_the_500_page_does_not_claim_the_data_is_safe_and_gives_the_hotlines() -> None:
    client = Client(raise_request_exception=False)

    response = client.post("/laporan-gagal/", {"description": "Saya dipukul tadi malam."})

    assert response.status_code == 500
    html = response.content.decode()
    assert "tidak hilang" not in html  # it may well be lost: the error can come before the save
    assert "mungkin belum tersimpan" in html
    assert "tombol kembali (←)" in html and "jangan memuat ulang" in html
    assert 'href="tel:110"' in html
    assert 'href="tel:129"' in html and "SAPA 129" in html
    # Nothing typed is echoed back or stored in the browser by the page.
    assert "dipukul" not in html
    assert "localStorage" not in html

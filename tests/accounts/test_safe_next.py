"""Sign-in returns to the page asked for (``next``), through the second factor too, but only
to a path of this site (issue #15)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.accounts.conftest import confirmed_device, totp_code
from tests.conftest import PASSWORD

LOGIN = "/akun/masuk/"
ATTEMPTS = [
    "//evil.example/",
    "https://evil.example/",
    "http://evil.example/akun/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "/\\/evil.example/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " //evil.example/",
    "/\t/evil.example/",
    "http://testserver/akun/keamanan/",
    "data:text/html,<script>alert(1)</script>",
]

pytestmark = pytest.mark.django_db


def _login(client: Client, next_url: str):
    return client.post(LOGIN, {"username": "rina_mk", "password": PASSWORD, "next": next_url})


def test_next_path_with_query_is_followed(personas) -> None:
    response = _login(Client(), "/kasus/?status=baru")
    assert response["Location"] == "/kasus/?status=baru"


def test_next_from_the_query_string_reaches_the_form_and_is_followed(personas) -> None:
    client = Client()
    page = client.get(f"{LOGIN}?next=/akun/keamanan/").content.decode()
    assert 'name="next" value="/akun/keamanan/"' in page
    assert _login(client, "/akun/keamanan/")["Location"] == "/akun/keamanan/"


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_open_redirects_are_refused_at_sign_in(personas, attempt: str) -> None:
    response = _login(Client(), attempt)
    assert response.status_code == 302
    assert response["Location"] == "/akun/"


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_open_redirects_are_refused_through_the_second_factor(personas, attempt: str) -> None:
    device = confirmed_device(personas.case_manager)
    client = Client()
    response = _login(client, attempt)
    assert response["Location"] == "/akun/2fa/verifikasi/?next=%2Fakun%2F"
    response = client.post("/akun/2fa/verifikasi/", {"token": totp_code(device), "next": attempt})
    assert response["Location"] == "/akun/"


def test_next_survives_the_second_factor(personas) -> None:
    device = confirmed_device(personas.case_manager)
    client = Client()
    response = _login(client, "/akun/keamanan/")
    assert response["Location"] == "/akun/2fa/verifikasi/?next=%2Fakun%2Fkeamanan%2F"
    page = client.get(response["Location"]).content.decode()
    assert 'name="next" value="/akun/keamanan/"' in page
    response = client.post(
        "/akun/2fa/verifikasi/", {"token": totp_code(device), "next": "/akun/keamanan/"}
    )
    assert response["Location"] == "/akun/keamanan/"

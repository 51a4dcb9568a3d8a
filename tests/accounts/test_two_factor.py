"""TOTP two-factor authentication: set-up, verification at sign-in, throttling, and who is
forced through it (settings.REQUIRE_2FA and roles.needs_two_factor)."""

from __future__ import annotations

import re
from base64 import b32encode

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from payung.audit.models import AuditEvent
from tests.accounts.conftest import confirmed_device, signed_in, totp_code, wrong_code
from tests.conftest import PASSWORD

SETUP = "/akun/2fa/pasang/"
VERIFY = "/akun/2fa/verifikasi/"
HOME = "/akun/"


def _password_login(client: Client, username: str) -> object:
    return client.post("/akun/masuk/", {"username": username, "password": PASSWORD})


@pytest.mark.django_db
def test_case_manager_without_device_is_sent_to_setup(personas, require_2fa) -> None:
    client = signed_in(personas.case_manager)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fakun%2F"
    # Other staff pages too, and the API docs: nothing before the second factor.
    assert client.get("/akun/keamanan/")["Location"].startswith(SETUP)


@pytest.mark.django_db
def test_setup_shows_a_server_side_qr_code_and_the_secret(personas, require_2fa) -> None:
    client = signed_in(personas.case_manager)
    response = client.get(SETUP)
    assert response.status_code == 200
    body = response.content.decode()
    device = TOTPDevice.objects.get(user=personas.case_manager)
    assert device.confirmed is False
    assert '<svg viewBox="0 0' in body and 'class="otp-qr"' in body
    secret = b32encode(device.bin_key).decode().rstrip("=")
    assert secret[:4] in body and secret[-4:] in body
    assert re.findall(r"<script(?![^>]*\bsrc=)", body) == []  # the QR code needs no script
    assert response["Cache-Control"].startswith("max-age=0")
    # Reloading keeps the same device (the user may already have scanned it).
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=personas.case_manager).count() == 1
    assert AuditEvent.objects.filter(action="otp.setup_start").count() == 1


@pytest.mark.django_db
def test_confirming_with_a_valid_code_reaches_home(personas, require_2fa) -> None:
    client = signed_in(personas.case_manager)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=personas.case_manager)
    response = client.post(SETUP, {"token": totp_code(device), "next": HOME})
    assert response.status_code == 302
    assert response["Location"] == HOME
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get(HOME).status_code == 200
    assert AuditEvent.objects.filter(action="otp.confirm", actor=personas.case_manager).exists()


@pytest.mark.django_db
def test_setup_code_with_spaces_is_accepted(personas) -> None:
    client = signed_in(personas.analyst)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=personas.analyst)
    code = totp_code(device)
    response = client.post(SETUP, {"token": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


@pytest.mark.django_db
def test_wrong_setup_code_is_refused_then_throttled(personas, require_2fa, settings) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    client = signed_in(personas.case_manager)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=personas.case_manager)
    response = client.post(SETUP, {"token": wrong_code(device)})
    assert response.status_code == 200
    assert "Kode salah atau sudah kedaluwarsa" in response.content.decode()
    # Even the right code waits until the throttle delay has passed.
    response = client.post(SETUP, {"token": totp_code(device)})
    assert "Terlalu banyak kode salah. Tunggu" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert client.get(HOME)["Location"].startswith(SETUP)


@pytest.mark.django_db
def test_next_login_must_verify_with_a_code(personas, require_2fa) -> None:
    device = confirmed_device(personas.case_manager)
    client = Client()
    response = _password_login(client, "rina_mk")
    assert response["Location"] == f"{VERIFY}?next=%2Fakun%2F"
    assert client.get(HOME)["Location"].startswith(VERIFY)
    page = client.get(VERIFY)
    assert "Masukkan kode verifikasi" in page.content.decode()
    response = client.post(VERIFY, {"token": totp_code(device), "next": HOME})
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200
    assert AuditEvent.objects.filter(action="otp.verify", actor=personas.case_manager).count() == 1


@pytest.mark.django_db
def test_full_flow_setup_then_sign_out_then_verify(personas, require_2fa) -> None:
    client = Client()
    assert _password_login(client, "rina_mk")["Location"] == HOME
    assert client.get(HOME)["Location"].startswith(SETUP)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=personas.case_manager)
    client.post(SETUP, {"token": totp_code(device)})
    assert client.get(HOME).status_code == 200
    client.post("/akun/keluar/")
    assert _password_login(client, "rina_mk")["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"token": totp_code(device)})["Location"] == HOME
    assert client.get(HOME).status_code == 200


@pytest.mark.django_db
def test_wrong_verification_code_is_refused_then_throttled(personas, require_2fa, settings) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = confirmed_device(personas.case_manager)
    client = Client()
    _password_login(client, "rina_mk")
    response = client.post(VERIFY, {"token": wrong_code(device)})
    assert "Kode salah atau sudah kedaluwarsa" in response.content.decode()
    response = client.post(VERIFY, {"token": totp_code(device)})
    assert "Terlalu banyak kode salah. Tunggu" in response.content.decode()
    assert client.get(HOME)["Location"].startswith(VERIFY)
    assert AuditEvent.objects.filter(action="otp.verify_failed").count() == 1


@pytest.mark.django_db
def test_non_numeric_code_is_explained(personas) -> None:
    client = signed_in(personas.analyst)
    client.get(SETUP)
    response = client.post(SETUP, {"token": "abcdef"})
    assert "Masukkan 6 angka dari aplikasi autentikator." in response.content.decode()


@pytest.mark.django_db
def test_analyst_is_not_forced_into_two_factor(personas, require_2fa) -> None:
    client = signed_in(personas.analyst)
    assert client.get(HOME).status_code == 200


@pytest.mark.django_db
def test_two_factor_is_not_forced_when_the_setting_is_off(personas, settings) -> None:
    settings.REQUIRE_2FA = False
    client = signed_in(personas.case_manager)
    assert client.get(HOME).status_code == 200


@pytest.mark.django_db
def test_user_who_set_up_a_device_must_verify_even_when_not_required(personas) -> None:
    device = confirmed_device(personas.analyst)
    client = Client()
    assert _password_login(client, "hendra_analis")["Location"].startswith(VERIFY)
    assert client.get(HOME)["Location"].startswith(VERIFY)
    client.post(VERIFY, {"token": totp_code(device)})
    assert client.get(HOME).status_code == 200


@pytest.mark.django_db
def test_setup_cannot_add_a_second_device_to_skip_verification(personas, require_2fa) -> None:
    confirmed_device(personas.case_manager)
    client = Client()
    _password_login(client, "rina_mk")
    response = client.get(SETUP)
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=personas.case_manager).count() == 1


@pytest.mark.django_db
def test_setup_when_already_verified_goes_to_security(personas) -> None:
    device = confirmed_device(personas.analyst)
    client = Client()
    _password_login(client, "hendra_analis")
    client.post(VERIFY, {"token": totp_code(device)})
    response = client.get(SETUP)
    assert response["Location"] == "/akun/keamanan/"


@pytest.mark.django_db
def test_navigation_offers_only_sign_out_while_verification_is_pending(
    personas, require_2fa
) -> None:
    confirmed_device(personas.sysadmin)
    client = Client()
    _password_login(client, "joko_admin")
    body = client.get(VERIFY).content.decode()
    assert "/akun/pengguna/" not in body
    assert "/akun/keamanan/" not in body
    assert 'action="/akun/keluar/"' in body


@pytest.mark.django_db
def test_verify_without_a_device_sends_a_required_user_to_setup(personas, require_2fa) -> None:
    client = signed_in(personas.case_manager)
    assert client.get(VERIFY)["Location"].startswith(SETUP)


@pytest.mark.django_db
@pytest.mark.parametrize("url", [SETUP, VERIFY])
def test_anonymous_is_sent_to_login(url) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")


@pytest.mark.django_db
@pytest.mark.parametrize("url", [SETUP, VERIFY])
def test_otp_pages_refuse_other_methods(personas, url) -> None:
    assert signed_in(personas.case_manager).put(url).status_code == 405

"""The user's own security page: 2FA status and removal, password change, API tokens."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from payung.accounts.models import ApiToken
from payung.accounts.services import api_token_create
from payung.audit.models import AuditEvent
from tests.accounts.conftest import confirmed_device, signed_in
from tests.conftest import PASSWORD

SECURITY = "/akun/keamanan/"
NEW_PASSWORD = "payung-baru-yang-panjang-7"


@pytest.mark.django_db
def test_security_page_shows_two_factor_not_set_up(personas) -> None:
    response = signed_in(personas.case_manager).get(SECURITY)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Belum aktif" in body
    assert 'href="/akun/2fa/pasang/"' in body


@pytest.mark.django_db
def test_security_page_shows_two_factor_active(personas) -> None:
    confirmed_device(personas.analyst)
    body = signed_in(personas.analyst).get(SECURITY).content.decode()
    assert "Terpasang sejak" in body
    assert 'action="/akun/2fa/hapus/"' in body


@pytest.mark.django_db
def test_security_anonymous_and_wrong_method() -> None:
    response = Client().get(SECURITY)
    assert response["Location"].startswith("/akun/masuk/?next=")
    assert Client().post(SECURITY).status_code == 405


# --- password ------------------------------------------------------------------------


@pytest.mark.django_db
def test_password_change_with_the_right_old_password(personas) -> None:
    client = signed_in(personas.case_manager)
    response = client.post(
        "/akun/keamanan/kata-sandi/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == SECURITY
    personas.case_manager.refresh_from_db()
    assert personas.case_manager.check_password(NEW_PASSWORD)
    # This session stays signed in.
    assert client.get(SECURITY).status_code == 200
    event = AuditEvent.objects.get(action="user.password")
    assert event.actor == personas.case_manager
    assert NEW_PASSWORD not in str(event.changes) + event.note


@pytest.mark.django_db
def test_password_change_refuses_a_wrong_old_password(personas) -> None:
    client = signed_in(personas.case_manager)
    response = client.post(
        "/akun/keamanan/kata-sandi/",
        {
            "old_password": "bukan-ini-123",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "old_password" in response.context["password_form"].errors
    personas.case_manager.refresh_from_db()
    assert personas.case_manager.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="user.password").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("weak", ["pendek1", "password123", "1234567890123"])
def test_password_change_applies_the_password_validators(personas, weak) -> None:
    client = signed_in(personas.case_manager)
    response = client.post(
        "/akun/keamanan/kata-sandi/",
        {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
    )
    assert "new_password2" in response.context["password_form"].errors
    personas.case_manager.refresh_from_db()
    assert personas.case_manager.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_change_is_post_only_and_needs_login(personas) -> None:
    assert signed_in(personas.case_manager).get("/akun/keamanan/kata-sandi/").status_code == 405
    response = Client().post("/akun/keamanan/kata-sandi/", {})
    assert response["Location"].startswith("/akun/masuk/")


# --- removing one's own second factor ---------------------------------------------------


@pytest.mark.django_db
def test_removing_own_device_needs_the_password(personas) -> None:
    confirmed_device(personas.analyst)
    client = signed_in(personas.analyst)
    response = client.post("/akun/2fa/hapus/", {"password": "bukan-ini-123"})
    assert response.status_code == 200
    assert "Kata sandi salah." in response.content.decode()
    assert TOTPDevice.objects.filter(user=personas.analyst).count() == 1


@pytest.mark.django_db
def test_removing_own_device_with_the_password(personas) -> None:
    confirmed_device(personas.analyst)
    client = signed_in(personas.analyst)
    response = client.post("/akun/2fa/hapus/", {"password": PASSWORD})
    assert response["Location"] == SECURITY
    assert not TOTPDevice.objects.filter(user=personas.analyst).exists()
    assert AuditEvent.objects.filter(action="otp.remove", actor=personas.analyst).exists()


@pytest.mark.django_db
def test_removing_device_of_a_required_role_leads_back_to_setup(personas, require_2fa) -> None:
    device = confirmed_device(personas.case_manager)
    client = signed_in(personas.case_manager)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    assert client.get(SECURITY).status_code == 200
    client.post("/akun/2fa/hapus/", {"password": PASSWORD})
    assert client.get(SECURITY)["Location"].startswith("/akun/2fa/pasang/")


@pytest.mark.django_db
def test_remove_device_is_post_only_and_needs_login(personas) -> None:
    assert signed_in(personas.analyst).get("/akun/2fa/hapus/").status_code == 405
    assert Client().post("/akun/2fa/hapus/", {})["Location"].startswith("/akun/masuk/")


# --- API tokens -------------------------------------------------------------------------


@pytest.mark.django_db
def test_token_secret_is_shown_once_and_only_its_hash_is_stored(personas) -> None:
    client = signed_in(personas.analyst)
    response = client.post(
        "/akun/keamanan/token/", {"name": "Dasbor Bappeda", "days": 30, "parts": ["reference"]}
    )
    assert response.status_code == 200
    secret = response.context["new_token"]["secret"]
    assert secret.startswith("pyg_")
    assert secret in response.content.decode()
    assert "Token tidak akan ditampilkan lagi" in response.content.decode()
    token = ApiToken.objects.get(user=personas.analyst)
    assert token.name == "Dasbor Bappeda"
    assert token.token_hash == ApiToken.hash(secret)
    assert 29 <= (token.expires_at - token.created_at).days <= 30
    later = client.get(SECURITY).content.decode()
    assert "Dasbor Bappeda" in later
    assert secret not in later
    assert AuditEvent.objects.filter(action="api_token.create", actor=personas.analyst).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("days", ["0", "400", ""])
def test_token_needs_a_sensible_lifetime(personas, days) -> None:
    client = signed_in(personas.analyst)
    response = client.post("/akun/keamanan/token/", {"name": "Uji", "days": days})
    assert "days" in response.context["token_form"].errors
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_role_without_api_access_cannot_create_tokens(personas) -> None:
    client = signed_in(personas.shelter)
    assert "Token API pribadi" not in client.get(SECURITY).content.decode()
    response = client.post("/akun/keamanan/token/", {"name": "Uji", "days": 30})
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_revoking_own_token(personas) -> None:
    token, _raw = api_token_create(actor=personas.analyst, name="Lama", days=10)
    client = signed_in(personas.analyst)
    response = client.post(f"/akun/keamanan/token/{token.pk}/cabut/")
    assert response["Location"] == SECURITY
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Dicabut" in client.get(SECURITY).content.decode()
    assert AuditEvent.objects.filter(action="api_token.revoke", actor=personas.analyst).exists()


@pytest.mark.django_db
def test_someone_elses_token_is_not_found(personas) -> None:
    token, _raw = api_token_create(actor=personas.analyst, name="Milik analis", days=10)
    response = signed_in(personas.sysadmin).post(f"/akun/keamanan/token/{token.pk}/cabut/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.django_db
def test_token_routes_method_and_login(personas) -> None:
    token, _raw = api_token_create(actor=personas.analyst, name="Lama", days=10)
    client = signed_in(personas.analyst)
    assert client.get("/akun/keamanan/token/").status_code == 405
    assert client.get(f"/akun/keamanan/token/{token.pk}/cabut/").status_code == 405
    anon = Client()
    assert anon.post("/akun/keamanan/token/", {})["Location"].startswith("/akun/masuk/")
    assert anon.post(f"/akun/keamanan/token/{token.pk}/cabut/")["Location"].startswith(
        "/akun/masuk/"
    )

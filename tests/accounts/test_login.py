"""Sign-in, lockout after repeated failures, sign-out and session expiry."""

from __future__ import annotations

import time

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from payung.audit.models import AuditEvent
from tests.accounts.conftest import signed_in
from tests.conftest import PASSWORD

LOGIN = "/akun/masuk/"


def _post_login(client: Client, username: str, password: str, **extra: str) -> object:
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_login_url_names() -> None:
    assert reverse("accounts:login") == LOGIN
    assert reverse("accounts:logout") == "/akun/keluar/"


@pytest.mark.django_db
def test_login_page_is_in_indonesian() -> None:
    response = Client().get(LOGIN)
    assert response.status_code == 200
    assert "Masuk untuk petugas" in response.content.decode()


@pytest.mark.django_db
def test_correct_password_signs_in_goes_home_and_is_audited(personas) -> None:
    client = Client()
    response = _post_login(client, "rina_mk", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/akun/"
    assert client.session["_auth_user_id"] == str(personas.case_manager.pk)
    assert AuditEvent.objects.filter(action="auth.login", actor=personas.case_manager).count() == 1


@pytest.mark.django_db
def test_wrong_password_is_refused_with_indonesian_message(personas) -> None:
    client = Client()
    response = _post_login(client, "rina_mk", "salah-sekali-123")
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_next_is_followed_but_an_outside_address_is_not(personas) -> None:
    client = Client()
    response = _post_login(client, "rina_mk", PASSWORD, next="/akun/keamanan/")
    assert response["Location"] == "/akun/keamanan/"
    client = Client()
    response = _post_login(client, "rina_mk", PASSWORD, next="https://evil.example/")
    assert response["Location"] == "/akun/"


@pytest.mark.django_db
def test_sixth_attempt_with_the_correct_password_is_locked_out(personas, settings) -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    client = Client()
    for _ in range(5):
        _post_login(client, "rina_mk", "tebakan-salah-99")
    response = _post_login(client, "rina_mk", PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Terlalu banyak percobaan masuk" in body
    assert "akun ini dikunci sementara" in body
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_of_one_username_does_not_lock_another_from_the_same_address(personas) -> None:
    client = Client()
    for _ in range(5):
        _post_login(client, "rina_mk", "tebakan-salah-99")
    assert AccessAttempt.objects.filter(username="rina_mk", ip_address="127.0.0.1").exists()
    response = _post_login(client, "budi_mk", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(personas.case_manager2.pk)


@pytest.mark.django_db
def test_successful_login_clears_earlier_failures(personas) -> None:
    client = Client()
    for _ in range(3):
        _post_login(client, "rina_mk", "tebakan-salah-99")
    assert _post_login(client, "rina_mk", PASSWORD).status_code == 302
    client = Client()
    for _ in range(3):
        _post_login(client, "rina_mk", "tebakan-salah-99")
    # 3 + 3 failures, but the success in between reset the count: not locked.
    assert _post_login(client, "rina_mk", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_login_refuses_other_methods() -> None:
    assert Client().put(LOGIN).status_code == 405


@pytest.mark.django_db
def test_session_ends_when_the_browser_closes(personas) -> None:
    client = Client()
    response = _post_login(client, "rina_mk", PASSWORD)
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert client.session.get_expire_at_browser_close() is True


@pytest.mark.django_db
def test_logout_is_post_only(personas) -> None:
    client = signed_in(personas.case_manager)
    assert client.get("/akun/keluar/").status_code == 405
    assert client.get("/akun/").status_code == 200


@pytest.mark.django_db
def test_logout_ends_the_session_and_is_audited(personas) -> None:
    client = signed_in(personas.case_manager)
    response = client.post("/akun/keluar/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert client.get("/akun/")["Location"].startswith(LOGIN)
    assert AuditEvent.objects.filter(action="auth.logout", actor=personas.case_manager).exists()


@pytest.mark.django_db
def test_anonymous_logout_post_just_redirects() -> None:
    response = Client().post("/akun/keluar/")
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="auth.logout").exists()


@pytest.mark.django_db
def test_idle_session_is_ended(personas, settings) -> None:
    client = signed_in(personas.case_manager)
    session = client.session
    session["last_seen"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get("/akun/")
    assert response.status_code == 302
    # The login page brings the user back to the page they asked for.
    assert response["Location"] == f"{LOGIN}?expired=1&next=%2Fakun%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "Sesi Anda berakhir karena tidak aktif" in page.content.decode()


@pytest.mark.django_db
def test_recently_active_session_is_kept(personas, settings) -> None:
    client = signed_in(personas.case_manager)
    session = client.session
    session["last_seen"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT + 60
    session.save()
    assert client.get("/akun/").status_code == 200
    # The visit refreshed the idle clock.
    assert client.session["last_seen"] >= int(time.time()) - 5


@pytest.mark.django_db
def test_session_older_than_the_absolute_limit_ends_however_active(personas, settings) -> None:
    client = signed_in(personas.case_manager)
    session = client.session
    now = int(time.time())
    session["signed_in_at"] = now - 8 * 60 * 60 - 5  # signed in more than 8 hours ago
    session["last_seen"] = now - 10  # and active a moment ago
    session.save()
    response = client.get("/akun/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?expired=2&next=%2Fakun%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "batas waktu masuk sudah habis" in page.content.decode()


@pytest.mark.django_db
def test_session_within_the_absolute_limit_is_kept(personas) -> None:
    client = signed_in(personas.case_manager)
    session = client.session
    session["signed_in_at"] = int(time.time()) - 7 * 60 * 60
    session.save()
    assert client.get("/akun/").status_code == 200


@pytest.mark.django_db
def test_password_sign_in_starts_the_absolute_clock(personas) -> None:
    client = Client()
    _post_login(client, "rina_mk", PASSWORD)
    assert abs(client.session["signed_in_at"] - int(time.time())) <= 5

"""No lost work (issue #15): a form sent after the session ended is kept, encrypted, for the
same user only, and refilled on its page after signing in again (the second factor too)."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone

from payung.accounts import preserved
from payung.accounts.models import PreservedForm
from payung.audit.models import AuditEvent
from payung.cases.models import CaseNote
from tests.accounts.conftest import confirmed_device, signed_in, totp_code
from tests.cases.casework import open_case
from tests.conftest import PASSWORD

LOGIN = "/akun/masuk/"
NOTE = "Korban datang lagi hari ini; rencana kunjungan rumah Kamis."

pytestmark = pytest.mark.django_db


def _expire(client: Client, settings) -> None:
    session = client.session
    session["last_seen"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()


def _post_note_after_expiry(client: Client, case, settings, **extra):
    _expire(client, settings)
    page = f"/kasus/{case.pk}/"
    return client.post(
        f"/kasus/{case.pk}/catatan/",
        {"note-body": NOTE, "note-confidential": "on", **extra},
        HTTP_REFERER=f"http://testserver{page}",
    )


def _login(client: Client, username: str, next_url: str):
    return client.post(LOGIN, {"username": username, "password": PASSWORD, "next": next_url})


def test_a_note_sent_after_idle_expiry_is_kept_encrypted_and_not_saved(personas, settings) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    response = _post_note_after_expiry(client, case, settings, old_password="rahasia-sekali")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?expired=1&next=%2Fkasus%2F{case.pk}%2F&kept=1"
    assert "_auth_user_id" not in client.session
    assert not CaseNote.objects.filter(case=case).exists()
    kept = PreservedForm.objects.get()
    assert kept.user == personas.case_manager
    assert kept.page == f"/kasus/{case.pk}/"
    assert kept.action == f"/kasus/{case.pk}/catatan/"
    # The fields are sealed in the database; no password and no CSRF token are kept.
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM accounts_preservedform")
        raw = cursor.fetchone()[0]
    assert raw.startswith("enc1:") and "kunjungan" not in raw
    data = preserved.decode(kept.data)
    assert data["note-body"] == NOTE
    assert "old_password" not in data and "csrfmiddlewaretoken" not in data
    assert abs(kept.expires_at - kept.created_at - timedelta(hours=24)) < timedelta(minutes=1)
    assert AuditEvent.objects.filter(action="form.preserved", actor=personas.case_manager).exists()
    page = client.get(response["Location"]).content.decode()
    assert 'id="kept-notice"' in page


def test_signing_in_again_refills_the_note_once_and_it_is_saved_only_on_save(
    personas, settings
) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    _post_note_after_expiry(client, case, settings)
    response = _login(client, "rina_mk", f"/kasus/{case.pk}/")
    assert response["Location"] == f"/kasus/{case.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert NOTE in page
    assert "Isian Anda dipulihkan" in page
    # The checkbox comes back ticked, as sent.
    assert 'id="id_note-confidential" checked' in page
    assert not CaseNote.objects.filter(case=case).exists()
    assert not PreservedForm.objects.exists()
    assert AuditEvent.objects.filter(action="form.restored", actor=personas.case_manager).exists()
    # Handed back once: the next visit shows an empty form.
    assert NOTE not in client.get(f"/kasus/{case.pk}/").content.decode()
    client.post(f"/kasus/{case.pk}/catatan/", {"note-body": NOTE})
    assert CaseNote.objects.filter(case=case).count() == 1


def test_another_user_signing_in_does_not_get_the_kept_form(personas, settings) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    _post_note_after_expiry(client, case, settings)
    other = Client()
    _login(other, "budi_mk", f"/kasus/{case.pk}/")
    assert "_auth_user_id" in other.session
    assert preserved.PENDING_SESSION_KEY not in other.session
    assert PreservedForm.objects.filter(user=personas.case_manager).count() == 1


def test_the_kept_form_waits_for_the_second_factor(personas, settings) -> None:
    device = confirmed_device(personas.case_manager)
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    _post_note_after_expiry(client, case, settings)
    response = _login(client, "rina_mk", f"/kasus/{case.pk}/")
    assert response["Location"].startswith("/akun/2fa/verifikasi/?next=%2Fkasus%2F")
    # Before the code, the case page is out of reach and nothing is handed back.
    assert client.get(f"/kasus/{case.pk}/").status_code == 302
    assert PreservedForm.objects.count() == 1
    response = client.post(
        "/akun/2fa/verifikasi/", {"token": totp_code(device), "next": f"/kasus/{case.pk}/"}
    )
    assert response["Location"] == f"/kasus/{case.pk}/"
    assert NOTE in client.get(response["Location"]).content.decode()
    assert not PreservedForm.objects.exists()


def test_a_file_is_never_kept_and_the_user_is_told(personas, settings) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    _expire(client, settings)
    client.post(
        f"/kasus/{case.pk}/dokumen/",
        {
            "doc-description": "Surat visum",
            "doc-file": SimpleUploadedFile("visum.pdf", b"%PDF-1.4 rahasia", "application/pdf"),
        },
        HTTP_REFERER=f"http://testserver/kasus/{case.pk}/",
    )
    kept = PreservedForm.objects.get()
    assert kept.files_dropped
    assert "doc-file" not in preserved.decode(kept.data)
    _login(client, "rina_mk", f"/kasus/{case.pk}/")
    page = client.get(f"/kasus/{case.pk}/").content.decode()
    assert "Surat visum" in page
    assert "Lampiran tidak ikut disimpan" in page


def test_absolute_limit_keeps_the_form_too(personas, settings) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    session = client.session
    session["signed_in_at"] = int(time.time()) - settings.SESSION_ABSOLUTE_LIMIT - 5
    session.save()
    response = client.post(
        f"/kasus/{case.pk}/asesmen/",
        {"summary": "Ringkasan asesmen yang panjang"},
        HTTP_REFERER=f"http://testserver/kasus/{case.pk}/asesmen/",
    )
    assert response["Location"].startswith(f"{LOGIN}?expired=2&next=%2Fkasus%2F")
    _login(client, "rina_mk", f"/kasus/{case.pk}/asesmen/")
    page = client.get(f"/kasus/{case.pk}/asesmen/").content.decode()
    assert "Ringkasan asesmen yang panjang" in page


def test_referral_form_is_refilled_on_its_own_page(personas, settings) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    _expire(client, settings)
    url = f"/layanan/kasus/{case.pk}/rujuk/"
    client.post(
        url,
        {"urgency": "segera", "note": "Perlu pendampingan psikolog minggu ini."},
        HTTP_REFERER=f"http://testserver{url}",
    )
    _login(client, "rina_mk", url)
    page = client.get(url).content.decode()
    assert "Perlu pendampingan psikolog minggu ini." in page
    # The urgency chosen comes back instead of the form's default ("biasa").
    assert re.search(r'<input[^>]*name="urgency"[^>]*value="segera"[^>]*checked', page)
    assert not re.search(r'<input[^>]*name="urgency"[^>]*value="biasa"[^>]*checked', page)


def test_an_expired_kept_form_is_purged_and_never_handed_back(personas, settings) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    _post_note_after_expiry(client, case, settings)
    PreservedForm.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    _login(client, "rina_mk", f"/kasus/{case.pk}/")
    assert not PreservedForm.objects.exists()
    assert NOTE not in client.get(f"/kasus/{case.pk}/").content.decode()


# --- the session was already gone: kept for the browser's last user ---------------------------


def _gone_session_post(client: Client, case):
    return client.post(
        f"/kasus/{case.pk}/catatan/",
        {"note-body": NOTE},
        HTTP_REFERER=f"http://testserver/kasus/{case.pk}/",
    )


def _browser_of(username: str) -> Client:
    """A browser on which ``username`` signed in, whose session is then gone on the server
    (expired, or ended in another tab)."""
    client = Client()
    _login(client, username, "/akun/")
    client.session.flush()
    client.cookies.pop("sessionid", None)
    return client


def test_a_form_sent_after_the_session_was_gone_is_kept_for_that_browser_and_user(
    personas,
) -> None:
    case = open_case(personas)
    client = _browser_of("rina_mk")
    response = _gone_session_post(client, case)
    assert response["Location"] == f"{LOGIN}?next=%2Fkasus%2F{case.pk}%2F&kept=1"
    kept = PreservedForm.objects.get()
    assert kept.user is None and kept.browser_key and kept.owner_hint
    token = client.cookies[preserved.BROWSER_COOKIE].value
    assert kept.browser_key == preserved.browser_key(token) != token
    _login(client, "rina_mk", f"/kasus/{case.pk}/")
    assert NOTE in client.get(f"/kasus/{case.pk}/").content.decode()
    assert not PreservedForm.objects.exists()


def test_a_browser_bound_form_is_not_handed_to_another_user(personas) -> None:
    case = open_case(personas)
    client = _browser_of("rina_mk")
    _gone_session_post(client, case)
    _login(client, "budi_mk", "/akun/")
    assert preserved.PENDING_SESSION_KEY not in client.session
    assert PreservedForm.objects.get().user is None


def test_nothing_is_kept_without_a_sign_in_on_this_browser_or_after_signing_out(personas) -> None:
    case = open_case(personas)
    assert _gone_session_post(Client(), case)["Location"].startswith(f"{LOGIN}?next=")
    forged = Client()
    forged.cookies[preserved.OWNER_COOKIE] = "forged:value"
    _gone_session_post(forged, case)
    client = Client()
    _login(client, "rina_mk", "/akun/")
    client.post("/akun/keluar/")
    _gone_session_post(client, case)
    assert not PreservedForm.objects.exists()


def test_secret_fields_are_never_kept() -> None:
    for name in ("password", "new_password1", "old_password", "pin", "otp", "token", "csrf"):
        assert preserved.is_secret_field(name), name
    for name in ("note-body", "opinion", "shipping", "description", "tokenised_note"):
        assert not preserved.is_secret_field(name), name


# --- the keep-alive of the idle warning --------------------------------------------------------


def test_keepalive_counts_as_activity(personas, settings) -> None:
    client = signed_in(personas.case_manager)
    session = client.session
    session["last_seen"] = int(time.time()) - 25 * 60
    session.save()
    response = client.post("/akun/sesi/tetap-masuk/")
    assert response.status_code == 200
    body = response.json()
    assert body["signed_in"] is True
    assert body["idle"] >= settings.SESSION_IDLE_TIMEOUT - 2
    assert client.session["last_seen"] >= int(time.time()) - 2


def test_keepalive_after_expiry_does_not_revive_the_session(personas, settings) -> None:
    client = signed_in(personas.case_manager)
    _expire(client, settings)
    response = client.post("/akun/sesi/tetap-masuk/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?expired=1")
    assert not PreservedForm.objects.exists()
    assert Client().post("/akun/sesi/tetap-masuk/").status_code == 401
    assert signed_in(personas.case_manager).get("/akun/sesi/tetap-masuk/").status_code == 405


def test_pages_tell_the_idle_warning_how_long_is_left(personas, settings) -> None:
    client = signed_in(personas.case_manager)
    page = client.get("/akun/").content.decode()
    assert f'data-idle-seconds="{settings.SESSION_IDLE_TIMEOUT}"' in page
    assert 'id="idle-warning"' in page and "idle-warning.js" in page
    public = Client().get("/").content.decode()
    assert "data-idle-seconds" not in public and "idle-warning.js" not in public


def test_an_htmx_request_after_expiry_loads_the_login_page_whole(personas, settings) -> None:
    client = signed_in(personas.case_manager)
    _expire(client, settings)
    response = client.get("/akun/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(f"{LOGIN}?expired=1")


def test_a_sign_in_whose_next_is_the_login_page_keeps_nothing(personas) -> None:
    client = _browser_of("rina_mk")
    response = client.post(
        LOGIN, {"username": "rina_mk", "password": PASSWORD, "next": "/akun/masuk/"}
    )
    assert response.status_code == 302
    assert "kept=1" not in response["Location"]
    assert not PreservedForm.objects.exists()


def test_the_language_switch_or_sign_out_after_expiry_keeps_nothing(personas, settings) -> None:
    client = signed_in(personas.case_manager)
    _expire(client, settings)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/akun/"})
    assert "kept=1" not in response.get("Location", "")
    client = signed_in(personas.case_manager)
    _expire(client, settings)
    client.post("/akun/keluar/")
    assert not PreservedForm.objects.exists()

"""No lost work at 360 × 740 (issue #15): a case manager whose session ended while writing a
note signs in again, finds the note refilled and saves it; the idle warning appears two
minutes before the idle limit and "Tetap masuk" keeps the session."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import PHONE, _context, login
from payung.accounts.models import PreservedForm
from payung.cases.models import CaseNote
from tests.cases.casework import open_case
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

NOTE = "Korban menelepon: aman di rumah kakaknya sampai Senin. Kunjungan rumah Kamis pagi."


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = _context(browser, viewport=PHONE, is_mobile=True)
    yield context.new_page()
    context.close()


def _session(page: Page) -> SessionStore:
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    return SessionStore(session_key=cookie["value"])


def _idle_too_long(page: Page) -> None:
    """What 31 minutes away from the keyboard does, without waiting for them."""
    session = _session(page)
    session["last_seen"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 60
    session.save()


def test_a_note_written_while_the_session_ended_is_refilled_after_signing_in_again(
    phone: Page, live_server: Any, personas: Any
) -> None:
    case = open_case(personas)
    login(phone, live_server, personas.case_manager)
    phone.goto(f"{live_server.url}/kasus/{case.pk}/#catatan")
    notes = phone.get_by_role("region", name="Catatan kasus")
    notes.locator("textarea[name=note-body]").fill(NOTE)
    _idle_too_long(phone)
    phone.get_by_role("button", name="Simpan catatan").click()

    # The login page says the entries were kept; nothing was saved.
    phone.wait_for_url(f"{live_server.url}/akun/masuk/**")
    expect(phone.locator("#kept-notice")).to_contain_text("disimpan sementara")
    assert not CaseNote.objects.filter(case=case).exists()
    assert PreservedForm.objects.filter(user=personas.case_manager).count() == 1

    phone.get_by_label("Nama pengguna").fill(personas.case_manager.username)
    phone.get_by_label("Kata sandi").fill(PASSWORD)
    phone.get_by_role("button", name="Masuk").click()

    # Back on the case page, the note is in its box and the page says so.
    phone.wait_for_url(f"{live_server.url}/kasus/{case.pk}/**")
    expect(phone.get_by_text("Isian Anda dipulihkan — periksa lalu simpan.")).to_be_visible()
    notes = phone.get_by_role("region", name="Catatan kasus")
    expect(notes.locator("textarea[name=note-body]")).to_have_value(NOTE)
    assert not CaseNote.objects.filter(case=case).exists()
    assert not PreservedForm.objects.exists()

    phone.get_by_role("button", name="Simpan catatan").click()
    expect(phone.get_by_text("Catatan disimpan.")).to_be_visible()
    expect(phone.locator("#case-notes")).to_contain_text("aman di rumah kakaknya")
    assert CaseNote.objects.filter(case=case).count() == 1


def test_the_idle_warning_comes_two_minutes_before_and_keeps_the_session(
    phone: Page, live_server: Any, personas: Any
) -> None:
    login(phone, live_server, personas.case_manager)
    # A page clock: minutes pass in the page without the test waiting for them.
    phone.clock.install()
    phone.goto(f"{live_server.url}/akun/")
    dialog = phone.get_by_role("alertdialog", name="Sesi Anda akan segera berakhir")
    expect(dialog).to_be_hidden()

    phone.clock.fast_forward("25:00")
    expect(dialog).to_be_hidden()
    phone.clock.fast_forward("03:30")  # 28.5 minutes idle: less than two minutes left
    expect(dialog).to_be_visible()
    keep = dialog.get_by_role("button", name="Tetap masuk")
    expect(keep).to_be_focused()
    expect(dialog).to_contain_text("sesi berakhir dalam dua menit")

    # The server counts the keep-alive as activity: make its clock old enough to see it.
    session = _session(phone)
    session["last_seen"] = int(time.time()) - 20 * 60
    session.save()
    keep.click()
    expect(dialog).to_be_hidden()
    assert _session(phone)["last_seen"] >= int(time.time()) - 5

    # Untouched for a whole idle period again: the dialog says the session has ended and
    # the page (and any form on it) stays as it is.
    phone.clock.fast_forward("31:00")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Sesi Anda sudah berakhir")
    expect(dialog.get_by_role("button", name="Tetap masuk")).to_be_hidden()
    dialog.get_by_role("button", name="Tutup").click()
    expect(dialog).to_be_hidden()
    assert phone.url == f"{live_server.url}/akun/"


def test_without_javascript_the_session_simply_ends(
    phone_page_no_js: Page, live_server: Any, personas: Any
) -> None:
    login(phone_page_no_js, live_server, personas.case_manager)
    expect(phone_page_no_js.locator("#idle-warning")).to_be_hidden()
    _idle_too_long(phone_page_no_js)
    phone_page_no_js.goto(f"{live_server.url}/kasus/")
    phone_page_no_js.wait_for_url(f"{live_server.url}/akun/masuk/?expired=1&next=%2Fkasus%2F")
    expect(phone_page_no_js.get_by_text("Sesi Anda berakhir karena tidak aktif")).to_be_visible()

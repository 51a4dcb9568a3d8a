"""Accessible errors at 360 × 740 (issue #15): axe finds no serious or critical violation on
the public pages and the staff forms, clean and with errors shown; after a failed submit the
error summary is first in <main>, has the focus, links to its fields, and the title starts
"Ada kesalahan:". (Every role's home, clean, is checked in test_phone_staff.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import PHONE, _context, login
from e2e.test_staff_navigation import serious_violations
from tests.cases.casework import open_case

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = (
    "/",
    "/ppt/",
    "/lapor/",
    "/lapor/cek/",
    "/akun/masuk/",
    "/privasi/pemberitahuan/",
    "/statistik/",
    "/jadwal-sosialisasi/",
    "/aman-digital/",
    "/perkasa-daftar/",
    "/perkasa-daftar/status/",
)

# Public forms submitted empty: (page, the submit button's name).
PUBLIC_FORMS = (
    ("/lapor/", "Kirim laporan"),
    ("/lapor/cek/", "Cek status"),
    ("/akun/masuk/", "Masuk"),
    ("/perkasa-daftar/", None),
    ("/perkasa-daftar/status/", None),
)


@pytest.fixture
def phone_axe(browser: Browser) -> Iterator[Page]:
    context = _context(browser, viewport=PHONE, is_mobile=True, bypass_csp=True)
    yield context.new_page()
    context.close()


def _submit(page: Page, button: str | None) -> None:
    main = page.locator("main")
    if button:
        main.get_by_role("button", name=button, exact=True).click()
    else:
        main.locator("form[method=post] [type=submit]").first.click()
    page.wait_for_load_state()


def _assert_summary_first_and_focused(page: Page) -> None:
    summary = page.locator("#ringkasan-kesalahan")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert page.title().startswith("Ada kesalahan: ")
    first = page.evaluate(
        "document.querySelector('main').querySelector('.alert, h1, form, section') === "
        "document.getElementById('ringkasan-kesalahan')"
    )
    assert first, "the error summary is the first thing in <main>"


def test_public_pages_pass_axe_clean_and_with_errors(phone_axe: Page, live_server: Any) -> None:
    problems: list[str] = []
    for path in PUBLIC_PAGES:
        phone_axe.goto(f"{live_server.url}{path}")
        problems += [f"{path}: {v}" for v in serious_violations(phone_axe)]
    for path, button in PUBLIC_FORMS:
        phone_axe.goto(f"{live_server.url}{path}")
        _submit(phone_axe, button)
        _assert_summary_first_and_focused(phone_axe)
        problems += [f"{path} (errors): {v}" for v in serious_violations(phone_axe)]
    assert problems == []


def test_a_summary_link_moves_to_its_field(phone_axe: Page, live_server: Any) -> None:
    phone_axe.goto(f"{live_server.url}/lapor/")
    _submit(phone_axe, "Kirim laporan")
    summary = phone_axe.locator("#ringkasan-kesalahan")
    link = summary.get_by_role("link", name="Apa yang terjadi?")
    link.click()
    expect(phone_axe.locator("#id_description")).to_be_focused()
    # A group of radios: the first radio takes the focus.
    summary.get_by_role("link", name="Apakah ada yang dalam bahaya saat ini?").click()
    expect(phone_axe.locator("input[name=danger_now]").first).to_be_focused()


def test_staff_forms_pass_axe_with_errors_shown(
    phone_axe: Page, live_server: Any, personas: Any
) -> None:
    case = open_case(personas)
    problems: list[str] = []
    login(phone_axe, live_server, personas.case_manager)
    for path, button in (
        (f"/kasus/{case.pk}/asesmen/", None),
        (f"/layanan/kasus/{case.pk}/rujuk/", None),
        ("/kasus/laporan/baru/", None),
    ):
        phone_axe.goto(f"{live_server.url}{path}")
        problems += [f"{path}: {v}" for v in serious_violations(phone_axe)]
        _submit(phone_axe, button)
        _assert_summary_first_and_focused(phone_axe)
        problems += [f"{path} (errors): {v}" for v in serious_violations(phone_axe)]
    phone_axe.context.clear_cookies()
    login(phone_axe, live_server, personas.sysadmin)
    phone_axe.goto(f"{live_server.url}/akun/pengguna/baru/")
    _submit(phone_axe, None)
    _assert_summary_first_and_focused(phone_axe)
    problems += [f"user form (errors): {v}" for v in serious_violations(phone_axe)]
    assert problems == []


def test_the_idle_warning_passes_axe(phone_axe: Page, live_server: Any, personas: Any) -> None:
    login(phone_axe, live_server, personas.case_manager)
    phone_axe.clock.install()
    phone_axe.goto(f"{live_server.url}/akun/")
    phone_axe.clock.fast_forward("28:30")
    expect(phone_axe.get_by_role("alertdialog")).to_be_visible()
    assert serious_violations(phone_axe) == []

"""The resident's side on a 360 x 740 phone (issue #15): the shortened report form with and
without JavaScript, adding information with code + PIN, the PPT finder, quick exit on error
pages, and axe on every public page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import PHONE, _context, login
from e2e.test_intake import _check_status, _file_report
from e2e.test_staff_navigation import serious_violations
from payung.cases import services
from payung.cases.models import Report
from tests.factories import GENTONG

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone_js(browser: Browser):
    context = _context(browser, viewport=PHONE, is_mobile=True)
    yield context.new_page()
    context.close()


def _screens(page: Page) -> float:
    return page.evaluate("document.documentElement.scrollHeight") / PHONE["height"]


def test_without_javascript_the_form_shows_every_field_and_files_a_report(
    phone_page_no_js: Page, live_server
) -> None:
    phone_page_no_js.goto(f"{live_server.url}/lapor/")
    expect(phone_page_no_js.get_by_label("Nama pelapor")).to_be_visible()
    expect(phone_page_no_js.get_by_label("Nomor telepon / WhatsApp")).to_be_visible()
    code, _pin = _file_report(phone_page_no_js, live_server.url)
    assert Report.objects.filter(code=code.replace("-", "")).exists()
    expect(phone_page_no_js.locator("#respond-by")).to_contain_text("WIB")


def test_with_javascript_the_name_shows_only_after_choosing_to_give_it(
    phone_js: Page, live_server
) -> None:
    phone_js.goto(f"{live_server.url}/lapor/")
    name = phone_js.get_by_label("Nama pelapor")
    phone = phone_js.get_by_label("Nomor telepon / WhatsApp")
    expect(name).to_be_hidden()
    expect(phone).to_be_hidden()
    phone_js.get_by_label("Dengan nama").check()
    expect(name).to_be_visible()
    phone_js.get_by_label("WhatsApp", exact=True).check()
    expect(phone).to_be_visible()
    phone_js.get_by_label("Tanpa nama (anonim)").check()
    expect(name).to_be_hidden()
    width = phone_js.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    print(f"report form at 360x740 with JS: {_screens(phone_js):.1f} screens")


def test_a_reporter_adds_information_and_the_case_manager_sees_it(
    phone_page_no_js: Page, page: Page, live_server, personas
) -> None:
    code, pin = _file_report(phone_page_no_js, live_server.url)
    report = Report.objects.get(code=code.replace("-", ""))
    case = services.report_open_case(
        actor=personas.case_manager, report=report, owner=personas.case_manager
    )
    _check_status(phone_page_no_js, live_server.url, code, pin)
    expect(phone_page_no_js.locator("#report-timeline")).to_contain_text("Laporan diterima")
    form = phone_page_no_js.locator("#add-information")
    form.get_by_label("PIN (6 angka)").fill(pin)
    form.get_by_label("Informasi tambahan").fill("Pelaku datang lagi kemarin sore")
    form.get_by_role("button", name="Kirim informasi").click()
    expect(phone_page_no_js.locator("#info-added")).to_be_visible()

    login(page, live_server, personas.case_manager)
    page.goto(f"{live_server.url}/kasus/{case.pk}/riwayat/")
    expect(page.get_by_text("Pelaku datang lagi kemarin sore")).to_be_visible()


def test_the_ppt_finder_fits_a_phone_and_finds_gentong(phone_page_no_js: Page, live_server) -> None:
    phone_page_no_js.goto(f"{live_server.url}/ppt/")
    width = phone_page_no_js.evaluate("document.documentElement.scrollWidth")
    assert width == PHONE["width"]
    phone_page_no_js.get_by_role("searchbox", name="Kelurahan atau nama jalan").fill("Gentong")
    phone_page_no_js.get_by_role("button", name="Cari", exact=True).click()
    results = phone_page_no_js.locator("#post-search-results")
    expect(results).to_contain_text("Gentong")
    assert GENTONG  # the reference kelurahan the demo and tests use


@pytest.mark.parametrize("path", ["/tidak-ada-halaman-ini/"])
def test_error_pages_have_the_quick_exit_and_explain_esc(
    phone_page_no_js: Page, live_server, path: str
) -> None:
    phone_page_no_js.goto(f"{live_server.url}{path}")
    expect(phone_page_no_js.locator("#quick-exit")).to_be_visible()
    expect(phone_page_no_js.locator("#quick-exit-hint")).to_contain_text("Esc dua kali")


@pytest.mark.parametrize(
    "path", ["/", "/lapor/", "/lapor/cek/", "/lapor/terima-kasih/", "/ppt/", "/ppt/?q=Gentong"]
)
def test_public_pages_have_no_serious_accessibility_violations(
    axe_page: Page, live_server, path: str
) -> None:
    axe_page.set_viewport_size(PHONE)
    axe_page.goto(f"{live_server.url}{path}")
    assert serious_violations(axe_page) == []

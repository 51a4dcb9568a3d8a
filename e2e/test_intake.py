"""Intake in a real browser: a resident on a cheap phone without JavaScript files a report and
checks it; a case manager triages it into a case; the resident sees it is being handled."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import login
from e2e.test_staff_navigation import serious_violations
from tests.factories import GENTONG

pytestmark = pytest.mark.django_db(transaction=True)


def _file_report(page: Page, base: str) -> tuple[str, str]:
    page.goto(f"{base}/lapor/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Laporkan kekerasan")
    page.get_by_label("Tetangga").check()
    page.get_by_label("Tidak / tidak tahu").check()
    page.get_by_label("Kekerasan fisik").check()
    page.get_by_label("Kekerasan mental").check()
    page.get_by_label("Apa yang terjadi?").fill(
        "Anak tetangga sering dipukul ayahnya pada malam hari."
    )
    page.get_by_label("Di kelurahan mana?").select_option(GENTONG)
    page.get_by_label("Jenis tempat kejadian").select_option("rumah_tangga")
    page.locator("details.report-optional > summary").click()  # the optional part is folded
    page.get_by_label("Usia korban (tahun)").fill("9")
    page.get_by_label("Laki-laki").check()
    page.get_by_label("Jangan hubungi saya").check()
    page.get_by_label("Saya setuju").check()
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("laporan Anda sudah kami terima")
    code = page.locator("#report-code").inner_text().strip()
    pin = page.locator("#report-pin").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code) and re.fullmatch(r"\d{6}", pin)
    assert pin not in page.url
    return code, pin


def _check_status(page: Page, base: str, code: str, pin: str) -> None:
    page.goto(f"{base}/lapor/cek/")
    page.get_by_label("Kode laporan").fill(code)
    page.get_by_label("PIN (6 angka)").fill(pin)
    page.get_by_role("button", name="Cek status").click()


def test_resident_reports_without_javascript_and_follows_the_triage(
    phone_page_no_js: Page, page: Page, live_server, personas
) -> None:
    resident = phone_page_no_js
    code, pin = _file_report(resident, live_server.url)

    # Back on the confirmation page later: the PIN is gone.
    resident.goto(f"{live_server.url}/lapor/terima-kasih/")
    expect(resident.locator("#report-pin")).to_have_count(0)

    _check_status(resident, live_server.url, code, pin)
    expect(resident.locator("#report-status")).to_have_text("Diterima")

    login(page, live_server, personas.case_manager)
    page.goto(f"{live_server.url}/kasus/triase/")
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    page.get_by_role("button", name="Buka kasus").click()
    expect(page.get_by_text(re.compile(r"Kasus PPA/\d{4}/\d{4} dibuka"))).to_be_visible()

    _check_status(resident, live_server.url, code, pin)
    expect(resident.locator("#report-status")).to_have_text("Sedang ditangani")


def test_report_pages_fit_a_phone_without_horizontal_scrolling(
    phone_page_no_js: Page, live_server
) -> None:
    for path in ("/lapor/", "/lapor/cek/"):
        phone_page_no_js.goto(f"{live_server.url}{path}")
        width = phone_page_no_js.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide on a 360px phone"


@pytest.mark.parametrize("path", ["/lapor/", "/lapor/cek/"])
def test_report_pages_have_no_serious_accessibility_violations(
    axe_page: Page, live_server, path: str
) -> None:
    axe_page.goto(f"{live_server.url}{path}")
    assert serious_violations(axe_page) == []

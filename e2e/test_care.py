"""Referrals in a real browser: a case manager refers a victim to the RSUD for a free visum
(after recording the consent to share); the RSUD's staff, in a separate browser (a phone
without JavaScript), accept it and complete it with the uploaded result; the case manager
sees the result on the case timeline."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import PHONE, login
from e2e.test_staff_navigation import serious_violations
from tests.care.builders import send_referral
from tests.cases.casework import CHRONOLOGY, VICTIM, open_case
from tests.cases.helpers import PDF_BYTES

pytestmark = pytest.mark.django_db(transaction=True)


def test_case_manager_refers_for_visum_and_the_provider_completes_it(
    page: Page, phone_page_no_js: Page, live_server, personas
) -> None:
    case = open_case(personas)
    hospital = personas.provider.organisation
    base = live_server.url
    login(page, live_server, personas.case_manager)
    page.goto(f"{base}/kasus/{case.pk}/")

    # Without consent the referral is refused, saying why.
    page.locator("#layanan").get_by_role("link", name="Rujuk korban").click()
    page.locator("#id_target").select_option(f"visum:{hospital.pk}")
    page.get_by_label("Segera").check()
    page.get_by_label("Catatan untuk penyedia layanan").fill("Mohon visum hari ini.")
    page.get_by_role("button", name="Kirim rujukan").click()
    expect(page.get_by_role("alert")).to_contain_text("belum ada persetujuan korban")

    # Record the victim's consent to share with the RSUD, then refer again.
    page.get_by_role("link", name="Catat persetujuan berbagi data di halaman kasus").click()
    page.locator("summary", has_text="Catat persetujuan").click()
    page.get_by_label("Berbagi data dengan penyedia layanan tertentu").check()
    page.get_by_label("Lembaga penerima (untuk berbagi data)").fill("RSUD Uji")
    page.locator("#id_consent-given_on").fill("2026-01-05")
    page.get_by_role("button", name="Simpan persetujuan").click()
    page.locator("#layanan").get_by_role("link", name="Rujuk korban").click()
    page.locator("#id_target").select_option(f"visum:{hospital.pk}")
    page.get_by_label("Segera").check()
    page.get_by_label("Catatan untuk penyedia layanan").fill("Mohon visum hari ini.")
    page.get_by_role("button", name="Kirim rujukan").click()
    expect(page.get_by_text("Rujukan visum gratis dikirim ke RSUD Uji.")).to_be_visible()
    expect(page.locator("#case-referrals")).to_contain_text("Dikirim, menunggu jawaban")

    # The provider, on a phone without JavaScript, sees only what was shared.
    provider = phone_page_no_js
    login(provider, live_server, personas.provider)
    provider.goto(f"{base}/layanan/rujukan-masuk/")
    provider.get_by_role("link", name=case.number).click()
    expect(provider.locator("#shared-data")).to_contain_text("Mohon visum hari ini.")
    body = provider.content()
    assert VICTIM not in body and CHRONOLOGY[:25] not in body
    provider.get_by_role("button", name="Terima rujukan").click()
    expect(provider.locator("#referral-status")).to_have_text("Diterima penyedia")
    provider.get_by_label("Berkas laporan (JPEG, PNG atau PDF)").set_input_files(
        files=[{"name": "hasil-visum.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    provider.get_by_label("Keterangan").fill("Hasil visum et repertum")
    provider.get_by_role("button", name="Unggah laporan").click()
    expect(provider.get_by_text("Laporan dilampirkan dan disimpan terenkripsi.")).to_be_visible()
    provider.get_by_label("Tanggal layanan diberikan").fill("2026-01-05")
    provider.get_by_label("Hasil", exact=True).select_option("terlaksana")
    provider.get_by_role("textbox", name="Layanan yang diberikan").fill(
        "Visum oleh dokter forensik."
    )
    provider.get_by_role("button", name="Simpan dan selesaikan rujukan").click()
    expect(provider.locator("#referral-status")).to_have_text("Selesai")
    width = provider.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the referral page is {width}px wide on a phone"

    # The case manager sees it on the case timeline, with the report to download.
    page.reload()
    page.locator("#case-timeline-link").click()  # the history loads on demand (htmx)
    timeline = page.locator("#case-timeline")
    expect(timeline).to_contain_text("Rujukan selesai di RSUD Uji: Visum gratis — Terlaksana")
    expect(timeline).to_contain_text("Laporan hasil rujukan diunggah oleh RSUD Uji")
    expect(page.locator("#case-referrals")).to_contain_text("Laporan penyedia (PDF")
    with page.expect_download() as download:
        page.locator("#case-referrals").get_by_role("link", name="Laporan penyedia").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_referral_pages_pass_axe(axe_page: Page, browser, live_server, personas) -> None:
    referral = send_referral(personas)
    case = referral.case
    login(axe_page, live_server, personas.case_manager)
    for path in (
        f"/kasus/{case.pk}/",
        f"/layanan/kasus/{case.pk}/rujuk/",
        f"/layanan/rujukan/{referral.pk}/",
        "/layanan/kunjungan/",
        "/layanan/tugas/",
    ):
        axe_page.goto(f"{live_server.url}{path}")
        assert serious_violations(axe_page) == [], path
    context = browser.new_context(bypass_csp=True, locale="id-ID", timezone_id="Asia/Jakarta")
    provider = context.new_page()
    login(provider, live_server, personas.provider)
    for path in ("/layanan/rujukan-masuk/", f"/layanan/rujukan-masuk/{referral.pk}/"):
        provider.goto(f"{live_server.url}{path}")
        assert serious_violations(provider) == [], path
    context.close()

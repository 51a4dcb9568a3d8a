"""Outreach in a real browser on a phone (issue #11, "Done when"): the outreach officer plans
a pengajian with the KUA in Gentong, holds it, shows the QR quiz that three participants
answer before and after on their own JavaScript-less phones, reports the counts and a photo,
and the coverage board and map show Gentong reached this quarter; the PPT officer of Bugul Lor
gets 404 on Gentong's draft; a disclosure at the session reaches triage as "Penjangkauan";
a Forum Anak member's name never reaches the analyst; a leader who withdrew consent leaves
the contact sheet."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import PHONE, _context, login
from e2e.test_staff_navigation import serious_violations
from payung.outreach import services
from payung.outreach.models import Activity, Quiz
from payung.partners.choices import OrganisationKind
from tests.care.factories import make_organisation
from tests.cases.helpers import JPEG_BYTES
from tests.factories import GENTONG, region
from tests.outreach.builders import LOADER, make_activity, make_leader

pytestmark = pytest.mark.django_db(transaction=True)


def _answer(browser: Browser, url: str, choose: dict[str, str]) -> str:
    context = _context(browser, viewport=PHONE, java_script_enabled=False, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(url)
        for name, value in choose.items():
            page.locator(f'input[name="{name}"][value="{value}"]').check()
        page.get_by_role("button", name="Kirim jawaban").click()
        return page.locator("#quiz-result").inner_text()
    finally:
        context.close()


def test_outreach_story_on_a_phone(browser: Browser, live_server: Any, personas: Any) -> None:
    base = live_server.url
    kua = make_organisation(
        "KUA Gentong Uji", kind=OrganisationKind.RELIGIOUS, services=("rohani",)
    )
    context = _context(browser, viewport=PHONE, is_mobile=True)
    page: Page = context.new_page()
    login(page, live_server, personas.outreach)

    # Plan a pengajian with the KUA in Gentong, a few minutes ago (so it can be held).
    start = timezone.localtime(timezone.now() - timedelta(minutes=5))
    page.goto(f"{base}/sosialisasi/baru/")
    page.get_by_label("Jenis kegiatan").select_option(
        label="Pengajian / majelis taklim (Kemenag / KUA)"
    )
    page.get_by_label("Judul").fill("Pengajian keluarga tanpa kekerasan")
    page.get_by_label("Kelurahan").select_option(GENTONG)
    page.get_by_label("Tempat").fill("Musala Uji Gentong")
    page.get_by_label("Tanggal").fill(start.strftime("%Y-%m-%d"))
    page.get_by_label("Jam").fill(start.strftime("%H:%M"))
    page.get_by_label("Kekerasan dalam rumah tangga (KDRT)").check()
    page.get_by_label("KUA Gentong Uji").check()
    page.get_by_role("button", name="Simpan rencana").click()
    expect(page.locator("#activity-status")).to_have_text("Direncanakan")
    activity = Activity.objects.get(title="Pengajian keluarga tanpa kekerasan")
    assert list(activity.partners.all()) == [kua]

    page.get_by_role("button", name="Tandai terlaksana").click()
    expect(page.locator("#activity-status")).to_have_text("Terlaksana")

    # The QR quiz: three participants before and after, on their own phones without JS.
    page.get_by_role("button", name="Buka kuis").click()
    page.get_by_role("link", name="Kode QR sebelum sesi").click()
    expect(page.locator("svg").first).to_be_visible()
    before_url = page.locator("#quiz-url").get_attribute("href") or ""
    quiz = Quiz.objects.get(activity=activity)
    questions = list(quiz.questions.order_by("pk"))
    wrong = {f"q{q.pk}": str((q.correct + 1) % len(q.options)) for q in questions}
    right = {f"q{q.pk}": str(q.correct) for q in questions}
    for _n in range(3):
        assert "Terima kasih" in _answer(browser, before_url, wrong)
    after_url = before_url.replace("/sebelum/", "/sesudah/")
    for _n in range(3):
        assert "Terima kasih" in _answer(browser, after_url, right)
    page.goto(f"{base}/sosialisasi/{activity.pk}/")
    scores = page.locator("#quiz-scores")
    expect(scores).to_contain_text("0%")
    expect(scores).to_contain_text("100%")

    # A disclosure at the session goes to triage as an outreach report.
    page.get_by_role("link", name="Catat laporan warga di sesi").click()
    page.get_by_label("Yang menyampaikan").select_option("korban")
    page.get_by_label("Kekerasan psikis").check()
    page.get_by_label("Apa yang disampaikan").fill("Seorang ibu bercerita suaminya mengancamnya.")
    page.get_by_label("Jenis tempat kejadian").select_option("rumah_tangga")
    page.get_by_label("Jenis kelamin korban").select_option("p")
    page.get_by_label("Korban anak?").select_option("tidak")
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator("#disclosure-count")).to_have_text("1")
    expect(page.get_by_text("suaminya mengancamnya")).to_have_count(0)

    # The report: counts and a photo of the sign-in sheet.
    page.get_by_role("link", name="Laporan kegiatan").click()
    for label, value in (
        ("Perempuan dewasa", "25"),
        ("Laki-laki dewasa", "10"),
        ("Anak perempuan", "3"),
        ("Anak laki-laki", "2"),
        ("Jumlah seluruh peserta", "40"),
    ):
        page.get_by_label(label).fill(value)
    page.get_by_label("Foto daftar hadir (JPEG/PNG)").set_input_files(
        {"name": "daftar-hadir.jpg", "mimeType": "image/jpeg", "buffer": JPEG_BYTES}
    )
    page.get_by_role("button", name="Simpan laporan").click()
    expect(page.locator("#activity-status")).to_have_text("Dilaporkan")
    expect(page.locator("#attendance-total")).to_have_text("40")
    assert activity.photos.count() == 1

    # Coverage board and map: Gentong reached this quarter.
    page.goto(f"{base}/sosialisasi/cakupan/")
    quarter = (start.month - 1) // 3 + 1
    row = page.locator(f'#coverage-board tr[data-code="{GENTONG}"] td').nth(quarter - 1)
    expect(row).to_have_text("1")
    expect(
        page.locator("svg title", has_text=f"Gentong: 1 sesi di triwulan {quarter}")
    ).to_have_count(1)
    # …and off the home page's "not yet reached" list.
    page.goto(f"{base}/akun/")
    expect(page.locator("#not-reached")).not_to_contain_text("Gentong")
    assert serious_violations_free(browser, base, personas, activity.pk)

    # The triage queue shows the disclosure with channel "Penjangkauan".
    manager = _context(browser, viewport=PHONE, is_mobile=True).new_page()
    login(manager, live_server, personas.case_manager)
    manager.goto(f"{base}/kasus/triase/")
    expect(manager.get_by_text("Penjangkauan").first).to_be_visible()
    context.close()


def serious_violations_free(browser: Browser, base: str, personas: Any, pk: int) -> bool:
    context = _context(browser, bypass_csp=True, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(f"{base}/akun/masuk/")
        page.get_by_label("Nama pengguna").fill(personas.outreach.username)
        page.get_by_label("Kata sandi").fill("kata-sandi-uji-123")
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(f"{base}/akun/**")
        problems = []
        for path in (f"/sosialisasi/{pk}/", "/sosialisasi/cakupan/", "/aman-digital/"):
            page.goto(f"{base}{path}")
            problems += [f"{path}: {v}" for v in serious_violations(page)]
        assert problems == []
        return True
    finally:
        context.close()


def test_bugul_lor_gets_404_on_gentongs_draft(
    phone_page_no_js: Page, live_server: Any, personas: Any
) -> None:
    draft = make_activity(actor=personas.outreach, days=7, title="Rencana Gentong")
    login(phone_page_no_js, live_server, personas.ppt_bugullor)
    response = phone_page_no_js.goto(f"{live_server.url}/sosialisasi/{draft.pk}/")
    assert response is not None and response.status == 404
    phone_page_no_js.goto(f"{live_server.url}/sosialisasi/")
    expect(phone_page_no_js.get_by_text("Rencana Gentong")).to_have_count(0)


def test_forum_member_hidden_from_analyst_and_withdrawn_leader_leaves_the_sheet(
    browser: Browser, live_server: Any, personas: Any
) -> None:
    base = live_server.url
    forum = services.forum_create(actor=LOADER, name="Forum Anak Uji", kelurahan=None)
    services.member_add(
        actor=LOADER,
        forum=forum,
        nickname="Kenanga Rahasia",
        birth_year=timezone.localdate().year - 13,
        sex="p",
        kelurahan=region(GENTONG),
        school_level="smp",
        guardian_consent_on=timezone.localdate(),
    )
    analyst = _context(browser, viewport=PHONE, is_mobile=True).new_page()
    login(analyst, live_server, personas.analyst)
    for path in (
        "/akun/",
        "/sosialisasi/cakupan/",
        "/sosialisasi/dampak/",
        f"/sosialisasi/forum-anak/{forum.pk}/",
        "/sosialisasi/forum-anak/",
        "/api/v1/outreach/forums/",
    ):
        analyst.goto(f"{base}{path}")
        assert "Kenanga Rahasia" not in analyst.content(), path

    leader = make_leader(name="Kyai Uji Mundur")
    officer = _context(
        browser, viewport=PHONE, is_mobile=True, java_script_enabled=False
    ).new_page()
    login(officer, live_server, personas.ppt_gentong)
    officer.goto(f"{base}/sosialisasi/tokoh/lembar/{GENTONG}/")
    expect(officer.locator("#leaders")).to_contain_text("Kyai Uji Mundur")
    officer.goto(f"{base}/sosialisasi/tokoh/")
    officer.locator(f'form[action$="/tokoh/{leader.pk}/tarik/"] button').click()
    officer.goto(f"{base}/sosialisasi/tokoh/lembar/{GENTONG}/")
    expect(officer.locator("#leaders")).not_to_contain_text("Kyai Uji Mundur")

"""Staff lists and the case record on a 360 × 740 phone (issue #15, part 2).

Every staff list is one markup: a table on a wide screen, a card per row on a phone, each
cell showing its column's name, and nothing scrolls sideways. The case record leads with
status, risk, overdue deadlines and next steps, then a list of jump links; the confirmation
after an action takes focus; printing shows the record alone under a RAHASIA line.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from e2e.conftest import PHONE, _context, login
from e2e.test_staff_navigation import serious_violations
from payung.audit.services import access_record
from payung.cases.models import Case, CaseDeadline
from tests.care.builders import send_referral
from tests.cases.casework import open_case
from tests.cases.helpers import make_report

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = _context(browser, viewport=PHONE, is_mobile=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_axe(browser: Browser) -> Iterator[Page]:
    context = _context(browser, viewport=PHONE, is_mobile=True, bypass_csp=True)
    yield context.new_page()
    context.close()


def _scroll_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def _shown_label(cell: Locator) -> str:
    """The column name a card shows before a cell (its ::before content), quotes removed."""
    content = cell.evaluate("el => getComputedStyle(el, '::before').content")
    return str(content).strip('"')


def _first_card(page: Page) -> Locator:
    return page.locator("table.table-stack > tbody > tr").first


def _assert_card(page: Page, fields: dict[str, str]) -> None:
    """The list is cards: the header row is out of sight, each named cell is on screen,
    shows its column's name and holds the expected text; the card fits the screen."""
    card = _first_card(page)
    expect(card).to_be_visible()
    thead = page.locator("table.table-stack > thead").first
    box = thead.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1, box
    for label, text in fields.items():
        cell = card.locator(f':scope > [data-label="{label}"]')
        expect(cell).to_be_visible()
        expect(cell).to_contain_text(text)
        assert _shown_label(cell) == label
    card_box = card.bounding_box()
    assert card_box is not None and card_box["x"] + card_box["width"] <= PHONE["width"]
    assert _scroll_width(page) == PHONE["width"]


def _case_with_overdue_deadline(personas: Any) -> tuple[Case, CaseDeadline]:
    case = open_case(personas)
    deadline = case.deadlines.filter(state="terbuka").order_by("due_at").first()
    assert deadline is not None, "a case opened from a report has a first-response deadline"
    CaseDeadline.objects.filter(pk=deadline.pk).update(due_at=timezone.now() - timedelta(hours=5))
    return case, deadline


def test_case_list_is_cards_that_fit_the_phone(
    phone: Page, live_server: Any, personas: Any
) -> None:
    case = open_case(personas)
    login(phone, live_server, personas.case_manager)
    phone.goto(f"{live_server.url}/kasus/")
    card = phone.locator(".case-card", has=phone.get_by_role("link", name=case.number))
    expect(card).to_be_visible()
    expect(card.locator(".case-card__status")).to_have_text(case.get_status_display())
    expect(card).to_contain_text("Risiko")
    assert _scroll_width(phone) == PHONE["width"]


def test_report_list_is_cards(phone: Page, live_server: Any, personas: Any) -> None:
    report = make_report(danger_now=True)
    login(phone, live_server, personas.case_manager)
    phone.goto(f"{live_server.url}/kasus/laporan/")
    _assert_card(
        phone,
        {
            "Kode": report.display_code,
            "Penilaian": "Risiko tinggi",
            "Status": "Baru, menunggu triase",
        },
    )
    # The code leads the card, above the date it was received.
    card = _first_card(phone)
    code_box = card.locator('[data-label="Kode"]').bounding_box()
    date_box = card.locator('[data-label="Diterima"]').bounding_box()
    assert code_box and date_box and code_box["y"] < date_box["y"]


def test_provider_inbox_and_case_manager_referrals_are_cards(
    browser: Browser, phone: Page, live_server: Any, personas: Any
) -> None:
    referral = send_referral(personas)
    login(phone, live_server, personas.provider)
    phone.goto(f"{live_server.url}/layanan/rujukan-masuk/")
    _assert_card(
        phone,
        {
            "Kasus": referral.case.number,
            "Layanan": referral.service.name,
            "Urgensi": "Segera",
            "Status": referral.get_status_display(),
        },
    )
    manager = _context(browser, viewport=PHONE, is_mobile=True)
    try:
        page = manager.new_page()
        login(page, live_server, personas.case_manager)
        page.goto(f"{live_server.url}/layanan/rujukan/")
        _assert_card(page, {"Kasus": referral.case.number, "Lembaga": "RSUD Uji"})
    finally:
        manager.close()


def test_user_list_is_cards_on_a_phone_and_a_table_on_a_laptop(
    browser: Browser, phone: Page, live_server: Any, personas: Any
) -> None:
    login(phone, live_server, personas.sysadmin)
    phone.goto(f"{live_server.url}/akun/pengguna/?q=rina_mk")
    _assert_card(
        phone,
        {"Nama pengguna": "rina_mk", "Peran": personas.case_manager.get_role_display()},
    )
    # The same markup on a laptop is a table whose header row is on screen.
    laptop = _context(browser, viewport={"width": 1280, "height": 800})
    try:
        page = laptop.new_page()
        login(page, live_server, personas.sysadmin)
        page.goto(f"{live_server.url}/akun/pengguna/?q=rina_mk")
        header = page.get_by_role("columnheader", name="Peran")
        expect(header).to_be_visible()
        assert _shown_label(_first_card(page).locator('[data-label="Peran"]')) in {"none", ""}
    finally:
        laptop.close()


def test_audit_trail_and_access_log_are_cards(phone: Page, live_server: Any, personas: Any) -> None:
    case = open_case(personas)
    access_record(
        actor=personas.case_manager, target=case, purpose="case.view", target_label=case.number
    )
    login(phone, live_server, personas.dpo)
    phone.goto(f"{live_server.url}/audit/")
    _assert_card(phone, {"Waktu": str(timezone.localdate().year), "Tindakan": "auth.login"})
    # The time leads the card, before the event's number.
    card = _first_card(phone)
    when = card.locator('[data-label="Waktu"]').bounding_box()
    seq = card.locator('[data-label="#"]').bounding_box()
    assert when and seq and when["y"] < seq["y"]
    phone.goto(f"{live_server.url}/audit/akses/?actor=rina_mk")
    _assert_card(phone, {"Keperluan": "case.view", "Objek": case.number})


OTHER_LISTS = (
    ("sysadmin", "/layanan/kelola/"),
    ("sysadmin", "/layanan/kelola/layanan/"),
    ("sysadmin", "/kalender/libur/"),
    ("sysadmin", "/wilayah/pos/"),
    ("sysadmin", "/notifikasi/gagal/"),
    ("supervisor", "/layanan/rumah-aman/"),
    ("case_manager", "/layanan/mitra/"),
    ("case_manager", "/kasus/triase/"),
    ("case_manager", "/kasus/tenggat/"),
    ("case_manager", "/layanan/kunjungan/"),
    ("dpo", "/privasi/retensi/"),
    ("dpo", "/privasi/perjanjian/"),
)
# Boards and statistics whose tables are grids of numbers: a grid may scroll inside its own
# labelled box, the page itself never.
BOARDS = (
    ("outreach", "/sosialisasi/cakupan/"),
    ("analyst", "/dasbor/"),
    ("analyst", "/dasbor/peta/"),
)


def test_other_staff_lists_do_not_scroll_sideways(
    phone: Page, live_server: Any, personas: Any
) -> None:
    make_report(danger_now=True)
    too_wide: list[str] = []
    signed_in = ""
    for role, path in OTHER_LISTS + BOARDS:
        if role != signed_in:
            phone.context.clear_cookies()
            login(phone, live_server, getattr(personas, role))
            signed_in = role
        response = phone.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        width = _scroll_width(phone)
        # Nor does a table scroll inside its box.
        inner = phone.evaluate(
            "[...document.querySelectorAll('main table')]"
            ".filter(t => t.getBoundingClientRect().right > window.innerWidth + 1).length"
        )
        if width != PHONE["width"] or (inner and (role, path) not in BOARDS):
            too_wide.append(f"{path}: scrollWidth {width}, {inner} table(s) past the edge")
    assert too_wide == []


def test_case_record_leads_with_what_matters_and_jump_links_work(
    phone: Page, live_server: Any, personas: Any
) -> None:
    case, overdue = _case_with_overdue_deadline(personas)
    login(phone, live_server, personas.case_manager)
    phone.goto(f"{live_server.url}/kasus/{case.pk}/")
    summary = phone.get_by_role("region", name="Ringkasan")
    expect(summary.locator("#case-status")).to_have_text(case.get_status_display())
    expect(summary).to_contain_text("Risiko")
    expect(summary.locator(".case-due__overdue")).to_contain_text(overdue.title)
    expect(summary.get_by_role("heading", name="Langkah berikutnya")).to_be_visible()
    # Status, risk and the overdue deadline are on the first screen.
    expect(summary.locator(".case-due__overdue")).to_be_in_viewport()
    # The summary comes before the jump list, which comes before the sections.
    jump = phone.get_by_role("navigation", name="Langsung ke")
    first_section = phone.locator("#pihak")
    ys = [
        loc.bounding_box()["y"]  # type: ignore[index]
        for loc in (summary, jump, first_section)
    ]
    assert ys == sorted(ys), ys
    # Every jump link leads to a section on the page; following one shows it.
    hrefs = jump.get_by_role("link").evaluate_all("links => links.map(a => a.hash)")
    assert {
        "#ringkasan",
        "#tenggat",
        "#rencana",
        "#rujukan",
        "#catatan",
        "#dokumen",
        "#riwayat",
    } <= set(hrefs)
    for href in hrefs:
        assert phone.locator(href).count() == 1, f"{href} has no target"
    jump.get_by_role("link", name="Catatan").click()
    phone.wait_for_url("**#catatan")
    expect(phone.get_by_role("heading", name="Catatan kasus")).to_be_in_viewport()
    jump_box = jump.bounding_box()
    assert jump_box is not None and jump_box["y"] + jump_box["height"] <= 0, (
        "the jump list does not stick over the section on a phone"
    )
    # The overdue deadline in the summary links to the deadlines section.
    phone.goto(f"{live_server.url}/kasus/{case.pk}/")
    summary.locator(".case-due__overdue").get_by_role("link", name=overdue.title).click()
    phone.wait_for_url("**#tenggat")
    expect(phone.get_by_role("heading", name="Tenggat", exact=True)).to_be_in_viewport()
    assert _scroll_width(phone) == PHONE["width"]


def test_confirmation_after_saving_a_note_receives_focus(
    phone: Page, live_server: Any, personas: Any
) -> None:
    case = open_case(personas)
    login(phone, live_server, personas.case_manager)
    phone.goto(f"{live_server.url}/kasus/{case.pk}/#catatan")
    phone.locator("#id_note-body").fill("Korban datang bersama kakaknya.")
    phone.get_by_role("button", name="Simpan catatan").click()
    phone.wait_for_url(f"{live_server.url}/kasus/{case.pk}/#catatan")
    messages = phone.locator("#messages")
    expect(messages).to_be_focused()
    expect(messages).to_be_in_viewport()
    expect(messages.get_by_role("status")).to_have_text("Catatan disimpan.")
    expect(phone.locator("#case-notes")).to_contain_text("Korban datang bersama kakaknya.")


def test_an_error_after_an_action_is_an_alert_and_receives_focus(
    phone: Page, live_server: Any, personas: Any
) -> None:
    case = open_case(personas)
    login(phone, live_server, personas.case_manager)
    phone.goto(f"{live_server.url}/kasus/{case.pk}/")
    # An empty note is refused on the server (the browser's own check switched off).
    phone.locator("#catatan form").evaluate("form => form.noValidate = true")
    phone.get_by_role("button", name="Simpan catatan").click()
    phone.wait_for_url(f"{live_server.url}/kasus/{case.pk}/#catatan")
    expect(phone.locator("#messages")).to_be_focused()
    expect(phone.locator("#messages").get_by_role("alert")).to_contain_text("Belum disimpan")


def test_printing_the_case_record_shows_the_record_alone(
    phone: Page, live_server: Any, personas: Any
) -> None:
    case, _ = _case_with_overdue_deadline(personas)
    login(phone, live_server, personas.case_manager)
    phone.goto(f"{live_server.url}/kasus/{case.pk}/")
    header = phone.locator(".print-header")
    expect(header).to_be_hidden()
    expect(phone.locator("header.staff-header")).to_be_visible()
    phone.emulate_media(media="print")
    expect(header).to_be_visible()
    expect(header).to_contain_text("RAHASIA")
    expect(header).to_contain_text(case.number)
    expect(header).to_contain_text(f"Dicetak {timezone.localdate().day} ")
    for hidden in (
        "header.staff-header",
        "nav.case-tabs",
        "footer",
        "#catatan form",
        "#messages",
    ):
        for i in range(phone.locator(hidden).count()):
            expect(phone.locator(hidden).nth(i)).to_be_hidden()
    expect(phone.get_by_role("button", name="Simpan catatan")).to_be_hidden()
    expect(phone.get_by_role("heading", name="Langkah berikutnya")).to_be_hidden()
    # The record itself prints: the sections, in black on white, across the full width.
    expect(phone.get_by_role("heading", name="Tenggat", exact=True)).to_be_visible()
    style = phone.locator("body").evaluate(
        "b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]"
    )
    assert style == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"], style
    main = phone.locator("main").bounding_box()
    assert main is not None and main["x"] == 0 and main["width"] == PHONE["width"]
    # Internal links print as text, without their address.
    after = phone.locator("#pihak a").first.evaluate("a => getComputedStyle(a, '::after').content")
    assert after in {"none", "normal"}


def test_printing_the_referral_sheet_hides_the_provider_steps(
    phone: Page, live_server: Any, personas: Any
) -> None:
    referral = send_referral(personas)
    login(phone, live_server, personas.provider)
    phone.goto(f"{live_server.url}/layanan/rujukan-masuk/{referral.pk}/")
    accept = phone.get_by_role("button", name="Terima rujukan")
    expect(accept).to_be_visible()
    phone.emulate_media(media="print")
    expect(accept).to_be_hidden()
    expect(phone.locator("nav").first).to_be_hidden()
    expect(phone.locator(".print-header")).to_contain_text(referral.case.number)
    expect(phone.locator("#shared-data")).to_be_visible()


def test_print_hides_the_quick_exit(phone: Page, live_server: Any) -> None:
    phone.goto(f"{live_server.url}/")
    exit_link = phone.locator("#quick-exit")
    expect(exit_link).to_be_visible()
    phone.emulate_media(media="print")
    expect(exit_link).to_be_hidden()


def test_pages_touched_have_no_serious_axe_findings_on_a_phone(
    phone_axe: Page, live_server: Any, personas: Any
) -> None:
    case, _ = _case_with_overdue_deadline(personas)
    referral = send_referral(personas)
    make_report(danger_now=True)
    pages = (
        ("case_manager", f"/kasus/{case.pk}/"),
        ("case_manager", "/kasus/"),
        ("case_manager", "/kasus/laporan/"),
        ("case_manager", "/layanan/rujukan/"),
        ("case_manager", "/layanan/mitra/"),
        ("case_manager", "/layanan/kunjungan/"),
        ("provider", "/layanan/rujukan-masuk/"),
        ("provider", f"/layanan/rujukan-masuk/{referral.pk}/"),
        ("sysadmin", "/akun/pengguna/"),
        ("sysadmin", "/layanan/kelola/"),
        ("sysadmin", "/layanan/kelola/layanan/"),
        ("sysadmin", "/kalender/libur/"),
        ("sysadmin", "/wilayah/pos/"),
        ("sysadmin", "/notifikasi/gagal/"),
        ("supervisor", "/layanan/rumah-aman/"),
        ("dpo", "/audit/"),
        ("dpo", "/audit/akses/"),
        ("dpo", "/privasi/retensi/"),
        ("dpo", "/privasi/perjanjian/"),
    )
    problems: list[str] = []
    signed_in = ""
    for role, path in pages:
        if role != signed_in:
            phone_axe.context.clear_cookies()
            login(phone_axe, live_server, getattr(personas, role))
            signed_in = role
        phone_axe.goto(f"{live_server.url}{path}")
        problems += [f"{path}: {v}" for v in serious_violations(phone_axe)]
    # And the case record with a confirmation shown.
    phone_axe.context.clear_cookies()
    login(phone_axe, live_server, personas.case_manager)
    phone_axe.goto(f"{live_server.url}/kasus/{case.pk}/")
    phone_axe.locator("#id_note-body").fill("Catatan uji aksesibilitas.")
    phone_axe.get_by_role("button", name="Simpan catatan").click()
    expect(phone_axe.locator("#messages")).to_be_visible()
    problems += [f"case after note: {v}" for v in serious_violations(phone_axe)]
    assert problems == []

"""The staff menu on a 360 px phone: folded behind "Menu" with JavaScript, open without it;
the error pages carry the quick exit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import PHONE, _context, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    context = _context(browser, viewport=PHONE, is_mobile=True)
    yield context.new_page()
    context.close()


def _header_height(page: Page) -> float:
    return page.evaluate(
        "document.querySelector('header.staff-header').getBoundingClientRect().height"
    )


def test_the_staff_menu_folds_on_a_phone_and_opens(
    phone_page: Page, live_server: Any, personas: Any
) -> None:
    login(phone_page, live_server, personas.supervisor)
    nav = phone_page.get_by_role("navigation", name="Navigasi utama")
    triage = nav.get_by_role("link", name="Triase")
    expect(triage).to_be_hidden()
    folded = _header_height(phone_page)
    assert folded < 120, f"folded header is {folded}px tall on a 740px screen"
    toggle = nav.get_by_role("button", name="Menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(triage).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    triage.click()
    phone_page.wait_for_url(f"{live_server.url}/kasus/triase/**")
    # Nothing scrolls sideways.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_without_javascript_every_link_shows(
    phone_page_no_js: Page, live_server: Any, personas: Any
) -> None:
    login(phone_page_no_js, live_server, personas.supervisor)
    nav = phone_page_no_js.get_by_role("navigation", name="Navigasi utama")
    expect(nav.get_by_role("link", name="Triase")).to_be_visible()
    expect(nav.get_by_role("button", name="Menu")).to_be_hidden()


def test_error_pages_have_the_quick_exit(phone_page_no_js: Page, live_server: Any) -> None:
    phone_page_no_js.goto(f"{live_server.url}/tidak-ada-halaman-ini/")
    exit_link = phone_page_no_js.locator("#quick-exit")
    expect(exit_link).to_be_visible()
    expect(phone_page_no_js.get_by_text("tekan Esc dua kali")).to_be_visible()

"""Daily work on a 360 × 740 phone (issue #15): the start page says what needs doing, the
triage list is cards without sideways scrolling, every role's home passes axe."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import PHONE, _context, login
from e2e.test_staff_navigation import serious_violations
from payung.cases.selectors.reports import triage_queue
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


def test_supervisor_home_leads_to_the_waiting_high_risk_report(
    phone: Page, live_server: Any, personas: Any
) -> None:
    high = make_report(danger_now=True)
    make_report()
    login(phone, live_server, personas.supervisor)
    todo = phone.get_by_role("region", name="Yang perlu dikerjakan")
    expect(todo).to_be_visible()
    high_tile = todo.locator(".home-count", has_text="Laporan risiko tinggi menunggu triase")
    waiting_high = triage_queue(personas.supervisor).filter(risk_level="tinggi").count()
    expect(high_tile.locator(".home-count__value")).to_have_text(str(waiting_high))
    total_tile = todo.locator(".home-count", has_text="Laporan menunggu triase").first
    expect(total_tile).to_be_visible()
    # The navigation's triage badge shows the same queue (menu folded: open it).
    nav = phone.get_by_role("navigation", name="Navigasi utama")
    nav.get_by_role("button", name="Menu").click()
    expect(nav.get_by_role("link", name="Triase")).to_contain_text(
        str(triage_queue(personas.supervisor).count())
    )
    # One tap on the report's code opens it.
    high_tile.get_by_role("link", name=high.display_code).click()
    phone.wait_for_url(f"{live_server.url}/kasus/laporan/{high.pk}/**")
    expect(phone.get_by_role("heading", level=1)).to_contain_text(high.display_code)


def test_triage_list_is_cards_without_sideways_scrolling(
    phone: Page, live_server: Any, personas: Any
) -> None:
    for _ in range(3):
        make_report(danger_now=True)
    login(phone, live_server, personas.case_manager)
    phone.goto(f"{live_server.url}/kasus/triase/")
    first = phone.locator("#triage-queue tbody tr").first
    # A card: the risk and the deadline carry their own labels, the header row is hidden.
    expect(first.locator('td[data-label="Penilaian"]')).to_contain_text("Risiko tinggi")
    expect(first.locator('td[data-label="Batas respons"]')).to_be_visible()
    expect(phone.locator("#triage-queue thead")).not_to_be_in_viewport()
    width = phone.evaluate("document.documentElement.scrollWidth")
    print(f"triage scrollWidth at 360 px: {width}")
    assert width == PHONE["width"]


ROLES = (
    "ppt_gentong",
    "case_manager",
    "supervisor",
    "provider",
    "shelter",
    "outreach",
    "perkasa",
    "analyst",
    "dpo",
    "sysadmin",
)


def test_every_role_home_has_no_serious_axe_findings_on_a_phone(
    phone_axe: Page, live_server: Any, personas: Any
) -> None:
    make_report(danger_now=True)
    problems: list[str] = []
    for role in ROLES:
        phone_axe.context.clear_cookies()
        login(phone_axe, live_server, getattr(personas, role))
        phone_axe.goto(f"{live_server.url}/akun/")
        problems += [f"{role}: {v}" for v in serious_violations(phone_axe)]
    assert problems == []

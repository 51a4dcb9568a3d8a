"""Perkasa monitoring on a 360 × 740 phone: a second officer approves a category override
from the registrant page; the monitoring, funnel and registrant pages fit the screen and pass
axe (issue #12 parts 4, 6, 8)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import PHONE, _context, login
from e2e.test_staff_navigation import serious_violations
from payung.accounts.roles import Role
from payung.perkasa import monitoring, services
from tests.factories import CITY, UserFactory, region
from tests.perkasa.helpers import register, verification

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone_axe(browser: Browser) -> Iterator[Page]:
    context = _context(browser, viewport=PHONE, is_mobile=True, bypass_csp=True)
    yield context.new_page()
    context.close()


def test_second_officer_approves_an_override_on_a_phone(
    phone_axe: Page, live_server: Any, personas: Any
) -> None:
    page = phone_axe
    registrant = register(personas.perkasa)
    services.registrant_verify(actor=personas.perkasa, registrant=registrant, data=verification())
    services.registrant_decide(actor=personas.perkasa, registrant=registrant, eligible=True)
    monitoring.override_propose(
        actor=personas.perkasa,
        registrant=registrant,
        category="rentan",
        reason="Sudah bekerja tetap sebagai penjahit.",
    )
    head = UserFactory(username="kepala_perkasa", role=Role.PERKASA_OFFICER, region=region(CITY))
    login(page, live_server, head)
    page.goto(f"{live_server.url}/perkasa/{registrant.pk}/")
    block = page.get_by_role("region", name="Kategori dan pemantauan")
    expect(block).to_contain_text("Usulan penyesuaian")
    assert serious_violations(page) == []
    block.get_by_label("Setujui").check()
    block.get_by_role("button", name="Simpan keputusan").click()
    expect(page.get_by_role("region", name="Kategori dan pemantauan")).to_contain_text(
        "Kategori yang berlaku: Rentan"
    )
    expect(page.get_by_role("region", name="Kategori dan pemantauan")).to_contain_text(
        "Sudah bekerja tetap sebagai penjahit."
    )
    problems: list[str] = []
    for path in ("/perkasa/pemantauan/", "/perkasa/pemantauan/alur/", f"/perkasa/{registrant.pk}/"):
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width != PHONE["width"]:
            problems.append(f"{path}: scrollWidth {width}")
        problems += [f"{path}: {v}" for v in serious_violations(page)]
    assert problems == []

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_case_manager_logs_in_and_navigates(page: Page, live_server, personas) -> None:
    login(page, live_server, personas.case_manager)
    expect(page.get_by_role("heading", level=1)).to_have_text("Manajer kasus")
    expect(page.get_by_text("Selamat datang")).to_be_visible()
    nav = page.get_by_role("navigation", name="Navigasi utama")
    expect(nav).to_be_visible()
    # A case manager has no user management and no audit screen in the menu.
    expect(nav.get_by_role("link", name="Pengguna")).to_have_count(0)
    expect(nav.get_by_role("link", name="Audit")).to_have_count(0)
    nav.get_by_role("link", name="Beranda").click()
    expect(page).to_have_url(f"{live_server.url}/akun/")
    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(f"{live_server.url}/")


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("path", ["/", "/ppt/", "/akun/masuk/"])
def test_public_pages_have_no_serious_accessibility_violations(
    axe_page: Page, live_server, path: str
) -> None:
    axe_page.goto(f"{live_server.url}{path}")
    assert serious_violations(axe_page) == []

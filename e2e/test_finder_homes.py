"""The PPT finder and the staff homes with counts on a 360 × 740 phone (issue #15, parts 1
and 6): the finder shows the whole map without sideways scrolling, finds "Gentong" by
typing and sorts by "Lokasi saya" without sending the position anywhere; each role's home
shows its counts and a count opens the matching filtered list; axe finds nothing serious."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import PHONE, _context, login
from e2e.test_staff_navigation import serious_violations
from payung.care.models import Referral
from payung.regions.models import ServicePost
from tests.care.builders import send_referral
from tests.care.factories import make_case, make_stay
from tests.outreach.builders import held, make_activity
from tests.privacy.builders import breach

pytestmark = pytest.mark.django_db(transaction=True)

GENTONG_POINT = {"latitude": -7.6386, "longitude": 112.8946}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    # bypass_csp lets axe-core be injected; the pages' own scripts are files either way.
    context = _context(
        browser,
        viewport=PHONE,
        is_mobile=True,
        bypass_csp=True,
        geolocation=GENTONG_POINT,
        permissions=["geolocation"],
    )
    yield context.new_page()
    context.close()


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]


def test_the_finder_shows_the_whole_map_and_finds_gentong_by_typing(
    phone: Page, live_server: Any
) -> None:
    phone.goto(f"{live_server.url}/ppt/")
    _no_sideways_scroll(phone)
    box = phone.locator(".ppt-map svg").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    frame = phone.locator(".ppt-map")
    assert frame.evaluate("e => e.scrollWidth <= e.clientWidth")
    # Every tile is inside the map's box: nothing is cut off at the side.
    right = phone.evaluate(
        "Math.max(...[...document.querySelectorAll('.ppt-map rect')]"
        ".map(r => r.getBoundingClientRect().right))"
    )
    assert right <= box["x"] + box["width"] + 1
    label_px = phone.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.ppt-map text')).fontSize)"
        " * document.querySelector('.ppt-map svg').getBoundingClientRect().width"
        " / document.querySelector('.ppt-map svg').viewBox.baseVal.width"
    )
    print(f"map labels at 360 px: {label_px:.1f} px")
    assert label_px >= 11
    assert serious_violations(phone) == []

    search = phone.get_by_role("searchbox", name="Kelurahan atau nama jalan")
    search.fill("Gentong")
    search.press("Enter")
    results = phone.locator("#post-search-results")
    expect(results).to_contain_text("PPT Kelurahan Gentong")
    expect(results.locator("li")).to_have_count(1)
    _no_sideways_scroll(phone)
    assert serious_violations(phone) == []


def test_lokasi_saya_sorts_in_the_browser_and_sends_nothing(phone: Page, live_server: Any) -> None:
    sent: list[str] = []
    phone.on("request", lambda r: sent.append(f"{r.url} {r.post_data or ''}"))
    phone.goto(f"{live_server.url}/ppt/")
    sent.clear()  # what the page itself loaded
    phone.get_by_role("button", name="Lokasi saya").click()
    nearest = phone.locator("#lokasi-hasil li")
    expect(nearest).to_have_count(34)
    expect(nearest.first).to_contain_text("Gentong")
    expect(phone.locator("#lokasi-status")).to_contain_text("terdekat")
    nearest.first.get_by_role("link").click()
    expect(phone.locator("#ppt-35-75-01-1002")).to_be_in_viewport()
    assert not [s for s in sent if "7.63" in s or "112.8" in s], sent
    # Nothing but static files (the favicon, fetched late) after the page loaded.
    assert [s for s in sent if "/static/" not in s] == [], sent


def _count(page: Page, label: str) -> Any:
    return page.locator(".home-count", has_text=label).first


def _open_count(page: Page, live_server: Any, user: Any, label: str, value: int) -> None:
    page.context.clear_cookies()
    login(page, live_server, user)
    page.goto(f"{live_server.url}/akun/")
    tile = _count(page, label)
    expect(tile.locator(".home-count__value")).to_have_text(str(value))
    _no_sideways_scroll(page)
    assert serious_violations(page) == []
    tile.locator(".home-count__link").click()
    page.wait_for_load_state()


def test_each_role_home_counts_and_a_count_opens_its_list(
    phone: Page, live_server: Any, personas: Any
) -> None:
    # Provider: one referral waiting for an answer.
    waiting = send_referral(personas)
    _open_count(phone, live_server, personas.provider, "Rujukan baru menunggu jawaban", 1)
    expect(phone.locator(f'a[href$="/rujukan-masuk/{waiting.pk}/"]')).to_have_count(1)
    expect(phone.get_by_label("Tampilkan")).to_have_value("baru")

    # Shelter: a resident leaving tomorrow, another staying; one expected arrival.
    shelter = personas.shelter.organisation.shelter
    tomorrow = timezone.localdate() + timedelta(days=1)
    make_stay(shelter, make_case(personas.case_manager), alias="Melati", planned_end=tomorrow)
    make_stay(
        shelter,
        make_case(personas.case_manager),
        alias="Kenanga",
        planned_end=tomorrow + timedelta(days=30),
    )
    arrival = send_referral(
        personas, organisation=personas.shelter.organisation, service="rumah_aman"
    )
    _open_count(phone, live_server, personas.shelter, "Rencana keluar dalam 7 hari", 1)
    expect(phone.get_by_role("rowheader", name="Melati")).to_be_visible()
    expect(phone.get_by_role("rowheader", name="Kenanga")).to_have_count(0)
    phone.go_back()
    _count(phone, "Kedatangan yang diharapkan").locator("a").click()
    expect(phone.locator("#kedatangan")).to_contain_text(arrival.case.number)

    # DPO: a breach past its 3×24 h notification deadline.
    late = breach(
        personas,
        discovered_at=timezone.now() - timedelta(days=5),
        aware_at=timezone.now() - timedelta(days=4),
    )
    _open_count(phone, live_server, personas.dpo, "Insiden lewat batas pemberitahuan", 1)
    expect(phone.get_by_role("link", name=late.reference)).to_be_visible()

    # Outreach officer: a session held, its report still to write.
    session = held(make_activity(title="Sesi uji terlaksana"))
    _open_count(phone, live_server, personas.outreach, "Sesi terlaksana menunggu laporan", 1)
    expect(phone.get_by_role("link", name=session.title)).to_be_visible()

    # System admin: posts the completeness check lists.
    ServicePost.objects.filter(region__code="35.75.01.1002").update(phone="")
    incomplete = ServicePost.objects.filter(is_active=True, phone="").count()
    _open_count(phone, live_server, personas.sysadmin, "Pos layanan tanpa alamat", incomplete)
    expect(phone.locator("#incomplete-posts")).to_contain_text("PPT Kelurahan Gentong")
    _no_sideways_scroll(phone)
    assert serious_violations(phone) == []
    assert Referral.objects.count() == 2

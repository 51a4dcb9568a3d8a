"""The bridge from protection in a real browser at 360 x 740 (issue #12, "Done when"): a case
manager refers a victim to Perkasa with her consent, and the Perkasa officer sees the
prioritised referral without any case detail."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from e2e.conftest import PHONE, _context, login
from payung.cases import services as case_services
from payung.perkasa.bridge import PERKASA_UNIT
from tests.cases.casework import CHRONOLOGY, PERPETRATOR
from tests.perkasa.test_bridge import VICTIM, _case_with_victim

pytestmark = pytest.mark.django_db(transaction=True)


def test_case_manager_refers_with_consent_and_perkasa_sees_no_case_detail(
    browser: Browser, live_server, personas
) -> None:
    case, victim = _case_with_victim(personas)
    case_services.consent_record(
        actor=personas.case_manager,
        case=case,
        subject=victim,
        given_by=victim,
        purpose="berbagi",
        method="tertulis",
        given_on=timezone.localdate(),
        organisation=PERKASA_UNIT,
    )
    base = live_server.url
    manager_context = _context(browser, viewport=PHONE, is_mobile=True)
    page = manager_context.new_page()
    login(page, live_server, personas.case_manager)
    page.goto(f"{base}/kasus/{case.pk}/#pemberdayaan")
    panel = page.locator("#pemberdayaan")
    # The first victim has no consent for Perkasa: she cannot be referred, and is told why.
    expect(panel).to_contain_text("Belum ada persetujuan berbagi data dengan Unit Perkasa DP3AKB")
    panel.get_by_role("button", name=f"Rujuk ke {PERKASA_UNIT}").click()
    expect(page.get_by_text("Korban dirujuk ke pemberdayaan ekonomi.")).to_be_visible()
    expect(page.locator("#pemberdayaan")).to_contain_text("Terdaftar — pra-daftar")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    manager_context.close()

    officer_context = _context(browser, viewport=PHONE, is_mobile=True)
    officer = officer_context.new_page()
    login(officer, live_server, personas.perkasa)
    officer.goto(f"{base}/perkasa/")
    expect(officer.get_by_text("rujukan prioritas").first).to_be_visible()
    officer.get_by_role("link", name=VICTIM).click()
    expect(officer.get_by_text("Rujukan prioritas")).to_be_visible()
    body = officer.content()
    for secret in (case.number, CHRONOLOGY[:25], PERPETRATOR, "Kekerasan fisik"):
        assert secret not in body, secret
    # And the case itself stays out of reach.
    response = officer.goto(f"{base}/kasus/{case.pk}/")
    assert response is not None and response.status == 404
    officer_context.close()

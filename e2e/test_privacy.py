"""The DPO's breach flow on a phone: record a breach, see the 3×24 h clock and the affected
subjects, download the notice for the authority; the public privacy notice is accessible."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import PHONE, _context, login
from e2e.test_staff_navigation import serious_violations
from tests.cases.casework import VICTIM, open_case

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    # CSP bypassed only so that axe-core can be injected for the accessibility check.
    context = _context(browser, viewport=PHONE, is_mobile=True, bypass_csp=True)
    yield context.new_page()
    context.close()


def test_dpo_records_a_breach_and_downloads_the_notice_on_a_phone(
    phone: Page, live_server, personas
) -> None:
    from payung.cases.models import Person

    case = open_case(personas)
    Person.objects.update(created_at=timezone.now() - timedelta(days=2))
    login(phone, live_server, personas.dpo)
    phone.get_by_role("link", name="Insiden kebocoran data").click()
    phone.get_by_role("link", name="Catat insiden kebocoran").click()
    aware = timezone.localtime() - timedelta(hours=2)
    phone.get_by_label("Ditemukan", exact=True).fill(
        (aware - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    phone.get_by_label("Ditemukan oleh").fill("Admin server (fiktif)")
    phone.get_by_label("Pengendali mengetahui (awal hitungan 3×24 jam)").fill(
        aware.strftime("%Y-%m-%dT%H:%M")
    )
    phone.get_by_label("Server basis data").check()
    phone.get_by_label("Orang (korban, pelaku, wali) — cases_person").check()
    phone.get_by_label("Identitas (nama, NIK, No. KK)").check()
    phone.get_by_label("Tingkat keparahan").select_option("tinggi")
    phone.get_by_label("Apa yang terjadi dan bagaimana").fill(
        "Salinan basis data terbuka di server berbagi selama dua jam."
    )
    phone.get_by_role("button", name="Simpan insiden").click()

    expect(phone.get_by_text("Sisa 70 jam dari 3×24 jam").first).to_be_visible()
    subjects = phone.locator("#affected-subjects")
    expect(subjects).to_contain_text(case.number)
    expect(subjects).to_contain_text(personas.case_manager.username)
    expect(phone.locator("body")).not_to_contain_text(VICTIM)
    assert serious_violations(phone) == []

    with phone.expect_download() as download:
        phone.get_by_role("button", name="Untuk lembaga pelindungan data").click()
    path = download.value.path()
    assert path is not None
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_privacy_notice_is_readable_on_a_phone(phone: Page, live_server) -> None:
    phone.goto(f"{live_server.url}/lapor/")
    phone.get_by_role(
        "link", name="Bagaimana kami menjaga data Anda (pemberitahuan privasi)"
    ).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Bagaimana kami menjaga data Anda")
    expect(phone.get_by_role("heading", name="Hak Anda")).to_be_visible()
    assert serious_violations(phone) == []

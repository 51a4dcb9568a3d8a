"""Insights in a real browser (issue #13):

- the analyst filters the dashboard to sexual violence in 2026, the chart, its table and the
  records agree, downloads the CSV, and never receives a name or a NIK;
- the supervisor runs the SIMFONI-PPA completeness check, opens the incomplete case from the
  list, the case is fixed (through the services: the case edit pages have their own browser
  tests), the check clears it, and the exported workbook is opened with openpyxl;
- the public statistics page (no JavaScript, phone) shows a cell of 3 as "< 5" with its
  complement hidden.

The 20,000-row export with progress is a non-browser test (tests/insights/test_exports.py):
a browser adds nothing to a background job but minutes.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from e2e.conftest import login
from e2e.test_staff_navigation import serious_violations
from payung.cases.selectors.statistics import case_ids_in, victim_case_facts
from payung.core.actors import command_actor
from payung.insights.services import facts_refresh
from tests.cases.casework import KK, NIK_WOMAN, PHONE, VICTIM, add_perpetrator, victim_of
from tests.factories import BUGUL_LOR, GENTONG
from tests.insights.builders import case_on

pytestmark = pytest.mark.django_db(transaction=True)

SECRETS = [VICTIM, NIK_WOMAN, KK, PHONE, "Mawar", "Contohsari"]


def _world(personas):
    cases = [
        case_on(personas, date(2026, 1, 12), violence_forms=["seksual"], victim_age=15),
        case_on(personas, date(2026, 4, 3), violence_forms=["seksual", "psikis"], victim_age=24),
        case_on(
            personas,
            date(2026, 4, 20),
            kelurahan=BUGUL_LOR,
            violence_forms=["seksual"],
            victim_age=9,
        ),
        case_on(personas, date(2026, 5, 2), violence_forms=["fisik"], victim_age=40),
        case_on(personas, date(2025, 8, 8), violence_forms=["seksual"], victim_age=30),
    ]
    from payung.cases import services as case_services

    # A NIK and a phone on record, so that the scan below has something to miss.
    case_services.person_update(
        actor=personas.supervisor,
        case=cases[0],
        party=victim_of(cases[0]),
        version=None,
        data=case_services.PersonInput(
            name=VICTIM, nik=NIK_WOMAN, sex="p", age_estimate=15, phone=PHONE
        ),
    )
    facts_refresh(actor=command_actor("e2e"), full=True)
    return cases


def test_analyst_filters_to_sexual_violence_in_2026_and_downloads_the_csv(
    page: Page, live_server, personas
) -> None:
    _world(personas)
    expected = sum(
        1
        for f in victim_case_facts(case_ids_in())
        if "seksual" in f["violence_forms"] and f["opened_on"].year == 2026
    )
    assert expected == 3
    login(page, live_server, personas.analyst)
    page.get_by_role("link", name="Statistik").first.click()
    page.locator("#id_tahun").select_option("2026")
    page.locator("#id_bentuk").select_option("seksual")
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url("**/dasbor/?*bentuk=seksual*")
    table = page.locator('table[data-table="bentuk"]')
    row = table.locator("tr", has_text="Kekerasan seksual")
    expect(row.locator("td")).to_have_text(str(expected))
    # The chart states the same number (its accessible description).
    chart = page.locator("#grafik-bentuk svg desc")
    expect(chart).to_contain_text(f"Kekerasan seksual: {expected}")
    # By month: January 1, April 2.
    months = page.locator('table[data-table="bulan"]')
    expect(months.locator("tr", has_text="Apr 2026").locator("td")).to_have_text("2")
    # No link into case records for the analyst.
    assert page.locator('a[href^="/kasus/"]').count() == 0
    with page.expect_download() as download_info:
        page.locator("#grafik-bentuk").get_by_role("link", name="CSV").click()
    download = download_info.value
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["Kekerasan seksual", str(expected)] in rows
    # Never a name or a NIK: the dashboard, the map, the CSV, the API.
    seen = page.content() + text
    for path in (
        "/dasbor/peta/?tahun=2026",
        "/api/v1/insights/dashboard?tahun=2026",
        "/statistik/",
    ):
        page.goto(f"{live_server.url}{path}")
        seen += page.content()
    assert [s for s in SECRETS if s in seen] == []


def test_supervisor_checks_completeness_fixes_a_case_and_exports_the_workbook(
    page: Page, live_server, personas
) -> None:
    from payung.cases import services as case_services

    cases = _world(personas)
    login(page, live_server, personas.supervisor)
    page.goto(f"{live_server.url}/dasbor/simfoni/?tahun=2026")
    listing = page.locator('table[data-table="kelengkapan"]')
    expect(listing.locator("tr", has_text=cases[0].number)).to_contain_text("Tanggal kejadian")
    before = int(page.locator("[data-incomplete]").get_attribute("data-incomplete"))
    assert before == 4
    # The supervisor opens the incomplete case from the list.
    listing.get_by_role("link", name=cases[0].number).click()
    page.wait_for_url(f"**/kasus/{cases[0].pk}/")
    # … and the case is completed.
    case = cases[0]
    victim = victim_of(case)
    case_services.person_update(
        actor=personas.supervisor,
        case=case,
        party=victim,
        version=None,
        data=case_services.PersonInput(
            name=VICTIM,
            nik=NIK_WOMAN,
            sex="p",
            age_estimate=15,
            education="smp",
            marital_status="belum_menikah",
        ),
    )
    perpetrator = add_perpetrator(case, personas.supervisor)
    case_services.incident_update(
        actor=personas.supervisor,
        case=case,
        incident=case.incidents.get(),
        version=None,
        data=case_services.IncidentInput(
            place_category="sekolah",
            violence_forms=["seksual"],
            occurred_on=date(2026, 1, 10),
            relationship="guru",
            tpks=True,
            victims=[victim],
            perpetrators=[perpetrator],
        ),
    )
    page.goto(f"{live_server.url}/dasbor/simfoni/?tahun=2026")
    expect(page.locator("[data-incomplete]")).to_have_attribute("data-incomplete", str(before - 1))
    assert (
        page.locator('table[data-table="kelengkapan"]').locator("tr", has_text=case.number).count()
        == 0
    )
    page.get_by_role("button", name="Ekspor register 2026 (.xlsx)").click()
    page.wait_for_url("**/proses/**")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh").first.click()
    download = download_info.value
    assert download.suggested_filename == "simfoni-ppa-35.75-2026.xlsx"
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    rows = list(workbook["Register kasus"].iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert len(data) == 4  # the four victim–case rows of 2026
    fixed = dict(zip(header, next(r for r in data if r[0] == case.number), strict=True))
    assert fixed["Kelengkapan"] == "Lengkap"
    assert fixed["Hubungan pelaku dengan korban"] == "Guru"
    assert fixed["TPKS"] == "Ya" and fixed["Seksual"] == "Ya"
    assert fixed["Jenis inti GBVIMS"] == "Kekerasan seksual lain"
    assert [s for s in SECRETS if s in repr(rows)] == []


def test_public_statistics_suppress_a_cell_of_three(
    phone_page_no_js: Page, live_server, personas
) -> None:
    from django.core.cache import cache

    for i in range(3):
        case_on(personas, date(2026, 2, 1 + i), kelurahan=BUGUL_LOR, victim_age=14)
    for i in range(9):
        case_on(personas, date(2026, 3, 1 + i), kelurahan=GENTONG, victim_age=30)
    for i in range(6):
        case_on(personas, date(2025, 3, 1 + i), kelurahan=BUGUL_LOR, victim_age=30)
    facts_refresh(actor=command_actor("e2e"), full=True)
    cache.clear()
    page = phone_page_no_js
    page.goto(f"{live_server.url}/statistik/")
    table = page.locator("table", has_text="Korban menurut kecamatan")
    row = table.locator("tr", has_text="Panggungrejo")
    cells = row.locator("td").all_inner_texts()
    # Columns: 2023, 2024, 2025, 2026, Jumlah.
    assert cells[3] == "< 5"
    assert "×" in cells  # its complement in the row is hidden
    assert "3" not in cells
    year_total = table.locator("tr", has_text="Jumlah").last.locator("td").all_inner_texts()
    gadingrejo = table.locator("tr", has_text="Gadingrejo").locator("td").all_inner_texts()
    # 2026: the 3 is not the shown total minus the shown Gadingrejo.
    assert "×" in (year_total[3], gadingrejo[3]) or year_total[3] == "< 5"


def test_dashboard_and_public_statistics_pass_axe(axe_page: Page, live_server, personas) -> None:
    _world(personas)
    login(axe_page, live_server, personas.supervisor)
    for path in (
        "/dasbor/?tahun=2026",
        "/dasbor/peta/?tahun=2026",
        "/dasbor/simfoni/?tahun=2026",
        "/statistik/",
    ):
        axe_page.goto(f"{live_server.url}{path}")
        assert serious_violations(axe_page) == [], path

"""The SIMFONI-PPA export: the completeness check, a fix, the workbook (opened with openpyxl),
the mapping (mental → psikis, daring → lainnya, GBVIMS) and the audit event."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from payung.audit.models import AuditEvent
from payung.care.services import service_record_add
from payung.cases import services as case_services
from payung.insights import simfoni
from payung.insights.services import simfoni_export_start
from payung.jobs.models import Job
from payung.partners.models import Service
from tests.accounts.conftest import signed_in
from tests.cases.casework import NIK_WOMAN, VICTIM, add_perpetrator, victim_of
from tests.insights.builders import case_on


def test_mapping_rules() -> None:
    assert simfoni.simfoni_forms(["mental", "psikis", "seksual"]) == ["psikis", "seksual"]
    assert simfoni.simfoni_forms(["mental"]) == ["psikis"]
    assert simfoni.simfoni_place("daring") == "lainnya"
    assert simfoni.simfoni_place("sekolah") == "sekolah"
    assert simfoni.gbvims_type("rape", ["seksual"]) == ("rape", False)
    assert simfoni.gbvims_type("", ["mental"]) == ("psychological", True)
    assert simfoni.gbvims_type("", ["seksual", "fisik"]) == ("sexual_assault", True)
    assert simfoni.gbvims_type("", ["tppo"]) == ("", False)


@pytest.fixture
def two_cases(personas):
    first = case_on(
        personas,
        date(2026, 2, 3),
        violence_forms=["mental"],
        victim_age=30,
        place_category="daring",
    )
    second = case_on(personas, date(2026, 4, 7), violence_forms=["seksual"], victim_age=12)
    return first, second


def _fix(personas, case) -> None:
    """What the supervisor does from the completeness list: fill in the missing fields."""
    victim = victim_of(case)
    case_services.person_update(
        actor=personas.supervisor,
        case=case,
        party=victim,
        version=None,
        data=case_services.PersonInput(
            name=VICTIM, sex="p", age_estimate=30, education="sma", marital_status="menikah"
        ),
    )
    perpetrator = add_perpetrator(case, personas.supervisor)
    incident = case.incidents.get()
    case_services.incident_update(
        actor=personas.supervisor,
        case=case,
        incident=incident,
        version=None,
        data=case_services.IncidentInput(
            place_category="daring",
            violence_forms=["mental"],
            occurred_on=date(2026, 2, 1),
            relationship="suami_istri",
            kdrt=True,
            victims=[victim],
            perpetrators=[perpetrator],
        ),
    )


def test_supervisor_checks_fixes_and_exports_the_workbook(personas, two_cases) -> None:
    first, second = two_cases
    client = signed_in(personas.supervisor)
    page = client.get("/dasbor/simfoni/", {"tahun": 2026}).content.decode()
    assert 'data-total="2"' in page and 'data-incomplete="2"' in page
    assert f"/kasus/{first.pk}/" in page  # the supervisor may open it: linked
    assert "Tanggal kejadian" in page
    _fix(personas, first)
    page = client.get("/dasbor/simfoni/", {"tahun": 2026}).content.decode()
    assert 'data-incomplete="1"' in page
    assert f"/kasus/{first.pk}/" not in page and f"/kasus/{second.pk}/" in page

    service_record_add(
        actor=personas.supervisor,
        case=first,
        victim=victim_of(first),
        service=Service.objects.get(code="psikososial"),
        delivered_on=date(2026, 2, 10),
        outcome="terlaksana",
        internal_unit="uptd_ppa",
    )
    response = client.post("/dasbor/simfoni/", {"tahun": 2026})
    job = Job.objects.get(kind="insights.simfoni_export")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == "done"
    workbook = load_workbook(io.BytesIO(job.result_bytes()))
    register = workbook["Register kasus"]
    rows = list(register.iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert len(data) == 2
    by_number = {row[0]: dict(zip(header, row, strict=True)) for row in data}
    fixed = by_number[first.number]
    assert fixed["Bentuk kekerasan (SIMFONI)"] == "Kekerasan psikis"  # mental → psikis
    assert fixed["Psikis"] == "Ya" and fixed["Kategori tempat kejadian"] == "Lainnya"
    assert fixed["Tanggal kejadian"].date() == date(2026, 2, 1)  # a real date cell
    assert fixed["KDRT"] == "Ya" and fixed["Hubungan pelaku dengan korban"] == "Suami / istri"
    assert fixed["Jenis inti GBVIMS"] == "Kekerasan psikis / emosional"
    assert fixed["GBVIMS diturunkan dari bentuk"] == "Ya"
    assert fixed["Kelengkapan"] == "Lengkap"
    assert by_number[second.number]["Kelengkapan"].startswith("Kurang:")
    services = list(workbook["Layanan"].iter_rows(values_only=True))
    assert services[1][0] == first.number and services[1][3] == "Rehabilitasi sosial"
    assert services[1][5] == "UPTD PPA / P2TP2A Kota Pasuruan"
    # Never a name or a NIK in the workbook.
    text = repr(rows) + repr(services)
    assert VICTIM not in text and NIK_WOMAN not in text
    event = AuditEvent.objects.get(action="insights.simfoni_export")
    assert event.changes["rows"] == [None, 2] and event.changes["year"] == [None, 2026]
    assert event.changes["service_rows"] == [None, 1]


def test_only_the_supervisor_may_export(personas) -> None:
    for persona in (personas.analyst, personas.case_manager, personas.ppt_gentong, None):
        with pytest.raises(PermissionDenied):
            simfoni_export_start(actor=persona, year=2026)
    assert signed_in(personas.analyst).get("/dasbor/simfoni/").status_code == 403

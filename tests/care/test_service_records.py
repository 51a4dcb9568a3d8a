"""Delivered services recorded by staff on the case: by a partner or one of our own units,
under one of the service's SIMFONI-PPA categories, with an encrypted description."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from payung.care import services
from payung.care.models import ServiceRecord
from payung.cases.services import plan_item_add
from payung.partners.models import Service
from tests.accounts.conftest import signed_in
from tests.care.builders import hospital
from tests.cases.casework import open_case, victim_of

pytestmark = pytest.mark.django_db


def _record(personas, case, **overrides):
    values = {
        "actor": personas.case_manager,
        "case": case,
        "victim": victim_of(case),
        "service": Service.objects.get(code="hukum"),
        "delivered_on": timezone.localdate(),
        "outcome": "terlaksana",
        "internal_unit": "uptd_ppa",
        "description": "Pendampingan membuat laporan polisi.",
    }
    values.update(overrides)
    return services.service_record_add(**values)


def test_a_service_record_by_our_unit_or_a_partner(personas) -> None:
    case = open_case(personas)
    item = plan_item_add(actor=personas.case_manager, case=case, service="hukum")
    record = _record(personas, case, simfoni_category="penegakan_hukum")
    assert record.provider_label == "UPTD PPA / P2TP2A Kota Pasuruan"
    assert record.simfoni_category == "penegakan_hukum"
    item.refresh_from_db()
    assert item.status == "selesai" and item.done_on == timezone.localdate()
    by_partner = _record(
        personas,
        case,
        service=Service.objects.get(code="medis"),
        internal_unit="",
        organisation=hospital(personas),
    )
    assert by_partner.simfoni_category == "kesehatan"  # the service's default
    with connection.cursor() as cursor:
        cursor.execute("SELECT description FROM care_servicerecord WHERE id = %s", [record.pk])
        assert "laporan polisi" not in cursor.fetchone()[0]


def test_invalid_records_are_refused(personas) -> None:
    case = open_case(personas)
    for bad in (
        {"simfoni_category": "kesehatan"},  # not a category of legal aid
        {"internal_unit": ""},  # nobody delivered it
        {"organisation": hospital(personas)},  # both a partner and our unit
        {"delivered_on": timezone.localdate() + timedelta(days=1)},
        {"outcome": "hebat"},
        {"victim": case.parties.exclude(role="korban").first() or victim_of(open_case(personas))},
    ):
        with pytest.raises(ValidationError):
            _record(personas, case, **bad)
    assert not ServiceRecord.objects.exists()


def test_an_undelivered_outcome_does_not_tick_the_plan_off(personas) -> None:
    case = open_case(personas)
    item = plan_item_add(actor=personas.case_manager, case=case, service="hukum")
    _record(personas, case, outcome="tidak_hadir")
    item.refresh_from_db()
    assert item.status == "direncanakan"


def test_only_case_workers_record(personas) -> None:
    case = open_case(personas)
    for outsider in (personas.case_manager2, personas.ppt_gentong, personas.provider):
        with pytest.raises(PermissionDenied):
            _record(personas, case, actor=outsider)


def test_the_form_page_records_and_the_case_shows_it(personas) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    url = f"/layanan/kasus/{case.pk}/layanan-diberikan/"
    page = client.get(url).content.decode()
    assert "RSUD Uji" in page and "UPTD PPA / P2TP2A Kota Pasuruan" in page
    response = client.post(
        url,
        {
            "victim": str(victim_of(case).pk),
            "service": str(Service.objects.get(code="psikososial").pk),
            "provider": "unit:uptd_ppa",
            "delivered_on": timezone.localdate().isoformat(),
            "outcome": "berlanjut",
            "description": "Konseling pertama.",
        },
    )
    assert response.status_code == 302
    # The case page and its history (loaded on demand since issue #16).
    body = client.get(f"/kasus/{case.pk}/").content.decode()
    body += client.get(f"/kasus/{case.pk}/riwayat/").content.decode()
    assert "Layanan diberikan: Layanan psikososial (UPTD PPA / P2TP2A Kota Pasuruan)" in body
    assert "Konseling pertama." in body

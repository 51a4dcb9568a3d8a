"""The victim's handling document credits each delivered service to whoever gave it: the
partner organisation (the RSUD's visum), not the centre."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from payung.care import services
from payung.cases import services as case_services
from tests.care.builders import send_referral
from tests.care.factories import make_placeable
from tests.cases.casework import open_case, run_to_services, victim_of

pytestmark = pytest.mark.django_db


def _flat_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_visum_done_by_the_hospital_names_the_hospital(personas) -> None:
    manager = personas.case_manager
    case = run_to_services(open_case(personas), manager)
    case_services.plan_item_add(actor=manager, case=case, service="visum", goal="Visum")
    referral = send_referral(personas, case=case)  # visum at "RSUD Uji"
    services.referral_accept(actor=personas.provider, referral=referral)
    services.referral_complete(
        actor=personas.provider,
        referral=referral,
        delivered_on=timezone.localdate(),
        outcome="terlaksana",
    )

    pdf = case_services.handling_document_issue(actor=manager, case=case, victim=victim_of(case))

    text = _flat_text(pdf)
    assert "Layanan diberikan: Visum gratis - RSUD Uji" in text
    assert "Visum gratis - UPTD PPA" not in text
    assert text.count("Layanan diberikan: Visum gratis") == 1  # the plan item is not repeated


def test_a_service_given_by_the_centre_is_credited_to_the_centre(personas) -> None:
    manager = personas.case_manager
    case = open_case(personas)
    services.service_record_add(
        actor=manager,
        case=case,
        victim=victim_of(case),
        service=services._service("psikososial"),
        delivered_on=timezone.localdate(),
        outcome="terlaksana",
        internal_unit="uptd_ppa",
    )

    text = _flat_text(
        case_services.handling_document_issue(actor=manager, case=case, victim=victim_of(case))
    )

    assert "Layanan diberikan: Layanan psikososial - UPTD PPA / P2TP2A Kota Pasuruan" in text


def test_a_shelter_stay_is_listed_without_naming_the_safe_house(personas) -> None:
    shelter = personas.shelter.organisation.shelter
    case, victim = make_placeable(personas.case_manager, shelter)
    services.stay_admit(
        actor=personas.case_manager, shelter=shelter, case=case, victim=victim, alias="Melati"
    )

    text = _flat_text(
        case_services.handling_document_issue(actor=personas.case_manager, case=case, victim=victim)
    )

    assert "Layanan diberikan: Rumah aman (tempat aman) - Rumah aman (nama dan alamat" in text
    assert shelter.organisation.name not in text

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

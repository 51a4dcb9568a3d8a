"""The free-visum request letter: numbered from a locked per-year counter, addressed to the
provider, printed as a PDF that names the victim and nothing else of the case."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader

from payung.audit.models import AccessLog, AuditEvent
from payung.care import services
from payung.care.models import VisumLetter
from tests.accounts.conftest import signed_in
from tests.care.builders import consent_to_share, hospital, visum_letter
from tests.care.factories import make_organisation
from tests.cases.casework import (
    CHRONOLOGY,
    PERPETRATOR,
    REPORTER,
    VICTIM,
    add_perpetrator,
    open_case,
    victim_of,
)

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_letters_are_numbered_per_year_and_never_reuse_a_number(personas) -> None:
    year = timezone.localdate().year
    first, second = visum_letter(personas), visum_letter(personas)
    assert first.number == f"VER/{year}/0001" and second.number == f"VER/{year}/0002"
    assert (first.year, first.sequence) == (year, 1)
    VisumLetter.objects.filter(pk=second.pk).delete()
    assert visum_letter(personas).number == f"VER/{year}/0003"


@override_settings(VISUM_NUMBER_PATTERN="445/{seq:03d}/VER/UPTD-PPA/{year}")
def test_the_number_pattern_is_configurable(personas) -> None:
    letter = visum_letter(personas)
    assert letter.number == f"445/001/VER/UPTD-PPA/{timezone.localdate().year}"


def test_the_pdf_is_addressed_to_the_provider_and_names_only_the_victim(personas) -> None:
    case = open_case(personas)
    add_perpetrator(case, personas.case_manager)
    consent_to_share(case, hospital(personas), personas.case_manager)
    letter = services.visum_letter_issue(
        actor=personas.case_manager,
        case=case,
        victim=victim_of(case),
        organisation=hospital(personas),
        police_report_number="LP/B/12/I/2026/SPKT",
        purpose="Pemeriksaan luka memar",
    )
    response = signed_in(personas.case_manager).get(f"/layanan/surat-visum/{letter.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert letter.number in text
    assert "Permintaan visum et repertum" in text and "tanpa biaya" in text
    assert "Pimpinan RSUD Uji" in text
    assert VICTIM in text and case.number in text and "LP/B/12/I/2026/SPKT" in text
    assert "Rahasia" in text
    for secret in (PERPETRATOR, REPORTER, CHRONOLOGY[:25]):
        assert secret not in text, secret
    assert AuditEvent.objects.filter(action="visum.print", actor=personas.case_manager)
    assert AccessLog.objects.filter(purpose="visum.print")


def test_the_letter_needs_consent_to_share_with_the_provider(personas) -> None:
    case = open_case(personas)
    with pytest.raises(services.ConsentRequired):
        services.visum_letter_issue(
            actor=personas.case_manager,
            case=case,
            victim=victim_of(case),
            organisation=hospital(personas),
        )
    assert not VisumLetter.objects.exists()


def test_only_a_provider_that_offers_visum(personas) -> None:
    case = open_case(personas)
    lbh = make_organisation("LBH Uji", kind="lbh", services=("hukum",))
    consent_to_share(case, lbh, personas.case_manager)
    with pytest.raises(ValidationError):
        services.visum_letter_issue(
            actor=personas.case_manager, case=case, victim=victim_of(case), organisation=lbh
        )


def test_the_letter_page_issues_and_the_case_lists_it(personas) -> None:
    case = open_case(personas)
    consent_to_share(case, hospital(personas), personas.case_manager)
    client = signed_in(personas.case_manager)
    url = f"/layanan/kasus/{case.pk}/surat-visum/"
    assert "RSUD Uji" in client.get(url).content.decode()
    response = client.post(
        url,
        {"victim": str(victim_of(case).pk), "organisation": str(hospital(personas).pk)},
    )
    assert response.status_code == 302
    letter = VisumLetter.objects.get()
    assert letter.number in client.get(f"/kasus/{case.pk}/").content.decode()
    # Other case managers get 404, like for any case that is not theirs.
    other = signed_in(personas.case_manager2)
    assert other.get(f"/layanan/surat-visum/{letter.pk}/").status_code == 404

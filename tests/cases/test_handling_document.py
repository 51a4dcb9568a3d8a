"""The victim's "dokumen hasil penanganan" (UU TPKS Pasal 68): what was done, what next,
and nothing that exposes others."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from payung.audit.models import AuditEvent
from payung.cases import services
from tests.cases.casework import (
    CHRONOLOGY,
    PERPETRATOR,
    REPORTER,
    VICTIM,
    add_perpetrator,
    open_case,
    run_to_services,
    victim_of,
)

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_document_says_what_was_done_and_what_comes_next_without_others(personas) -> None:
    manager = personas.case_manager
    case = open_case(personas, violence_forms=["seksual"])
    add_perpetrator(case, manager)
    other_victim = services.party_add(
        actor=manager,
        case=case,
        role="korban",
        person=services.PersonInput(name="Kenanga Korbanlain", sex="p"),
    ).party
    case = run_to_services(case, manager)
    police = case.deadlines.get(rule__code="tpks-laporan-polisi")
    services.deadline_record(actor=manager, case=case, deadline=police)
    protection = case.deadlines.get(rule__code="tpks-perlindungan-sementara")
    services.deadline_record(
        actor=manager,
        case=case,
        deadline=protection,
        requested_on=timezone.localdate(),
        granted_on=timezone.localdate(),
    )
    services.plan_item_add(actor=manager, case=case, service="hukum", provider_name="LBH Contoh")
    pdf = services.handling_document_issue(actor=manager, case=case, victim=victim_of(case))
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    flat = " ".join(text.split())
    assert "DOKUMEN HASIL PENANGANAN" in flat
    assert "Pasal 68" in flat
    assert case.number in flat
    assert VICTIM in flat  # the document is the victim's own
    assert "Asesmen kebutuhan" in flat
    assert "Rencana intervensi disepakati" in flat
    assert "Laporan ke kepolisian oleh UPTD PPA (TPKS)" in flat
    assert "berlaku sampai" in flat
    assert "Langkah selanjutnya" in flat and "Bantuan hukum" in flat
    assert "Manajer kasus" in flat  # who: a role and unit
    # Nothing that exposes others: no perpetrator, reporter, other victim, chronology,
    # nor the names of staff.
    for secret in (
        PERPETRATOR,
        "Bambang",
        REPORTER,
        "Kenanga",
        other_victim.person.name,
        CHRONOLOGY[:30],
        manager.last_name,
    ):
        assert secret not in flat, secret
    assert AuditEvent.objects.filter(action="case.handling_document").exists()


def test_a_closed_case_says_handling_is_complete(personas) -> None:
    case = open_case(personas)
    request = services.closure_request(
        actor=personas.case_manager, case=case, reason="korban_menolak"
    )
    services.closure_decide(actor=personas.supervisor, request=request, approve=True)
    case.refresh_from_db()
    text = " ".join(
        _text(
            services.handling_document_issue(
                actor=personas.supervisor, case=case, victim=victim_of(case)
            )
        ).split()
    )
    assert "sudah selesai" in text and "ditutup" in text.lower()


def test_only_a_victim_of_the_case_gets_one(personas) -> None:
    from django.core.exceptions import ValidationError

    case = open_case(personas)
    reporter = case.parties.get(role="pelapor")
    with pytest.raises(ValidationError):
        services.handling_document_issue(actor=personas.case_manager, case=case, victim=reporter)

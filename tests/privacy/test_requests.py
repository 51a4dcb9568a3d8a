"""Data subjects' requests: the register and its deadlines, the access export (one person's
data and trail, others redacted), restriction, and withdrawal of consent."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from payung.audit.models import AccessLog, AuditEvent
from payung.cases import services as case_services
from payung.cases.choices import PartyRole
from payung.cases.models import Consent
from payung.cases.policies import visible_cases
from payung.privacy import services
from payung.privacy.models import RequestStatus
from tests.care import builders as care_builders
from tests.cases.casework import (
    PERPETRATOR,
    VICTIM,
    add_perpetrator,
    open_case,
    victim_of,
)
from tests.privacy.builders import access_request

OTHER_VICTIM = "Kenanga Korbanlainwati"


def _text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def test_request_deadline_follows_the_law(personas) -> None:
    item = access_request(personas)
    assert item.due_at - item.received_at == timedelta(hours=72)
    assert "Pasal 32" in item.deadline_basis
    deletion = access_request(personas, kind="penghapusan")
    assert deletion.due_at - deletion.received_at == timedelta(days=14)
    assert AuditEvent.objects.filter(action="privacy.request_record").count() == 2


def test_access_export_has_the_persons_data_and_trail_but_no_other_victim(client, personas) -> None:
    manager = personas.case_manager
    case = open_case(personas)
    case_services.party_add(
        actor=manager,
        case=case,
        role=PartyRole.VICTIM,
        person=case_services.PersonInput(name=OTHER_VICTIM, sex="p"),
    )
    add_perpetrator(case, manager)
    # The case worker opens the case: a read that belongs in the trail.
    client.force_login(manager)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200
    item = access_request(personas, case=case)
    client.force_login(personas.dpo)
    response = client.post(reverse("privacy:request_export", args=[item.pk]))
    # A background job (payung/jobs): its progress page, then the sealed result.
    assert response.status_code == 302
    from payung.jobs.models import Job

    job = Job.objects.get(owner=personas.dpo, kind="privacy.access_export")
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == "done"
    content = job.result_bytes()
    text = _text(content)
    assert VICTIM in text
    assert case.number in text
    assert manager.username in text  # who opened and changed it
    assert "case.view" in text or "kasus" in text
    assert OTHER_VICTIM not in text and OTHER_VICTIM.encode() not in content
    assert PERPETRATOR not in text
    assert "identitas disamarkan" in text
    # The DPO's read of the record is itself logged, and the export audited.
    assert AccessLog.objects.filter(
        actor=personas.dpo, purpose="privacy.access_export", target_id=str(case.pk)
    ).exists()
    assert AuditEvent.objects.filter(action="privacy.access_export").exists()


def test_granted_restriction_hides_the_case_from_all_but_supervisors(personas) -> None:
    case = open_case(personas)
    assert visible_cases(personas.case_manager).filter(pk=case.pk).exists()
    item = access_request(personas, case=case, kind="pembatasan")
    services.request_decide(actor=personas.dpo, request=item, status=RequestStatus.GRANTED)
    case.refresh_from_db()
    assert case.processing_restricted
    assert not visible_cases(personas.case_manager).filter(pk=case.pk).exists()
    assert not visible_cases(personas.ppt_gentong).filter(pk=case.pk).exists()
    assert visible_cases(personas.supervisor).filter(pk=case.pk).exists()
    assert AuditEvent.objects.filter(action="case.processing_restrict", target_id=str(case.pk))
    services.request_restriction_lift(actor=personas.dpo, request=item)
    assert visible_cases(personas.case_manager).filter(pk=case.pk).exists()
    assert AuditEvent.objects.filter(action="case.processing_unrestrict", target_id=str(case.pk))


def test_restricted_case_page_is_404_for_its_own_worker(client, personas) -> None:
    case = open_case(personas)
    case_services.case_processing_restrict(
        actor=personas.dpo, case=case, restricted=True, reference="PSD-uji"
    )
    client.force_login(personas.case_manager)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    client.force_login(personas.supervisor)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200


def test_consent_withdrawal_stops_the_providers_snapshot(client, personas) -> None:
    referral = care_builders.send_referral(personas)
    case = referral.case
    client.force_login(personas.provider)
    detail = reverse("care:referral_inbox_detail", args=[referral.pk])
    assert client.get(detail).status_code == 200
    consent = Consent.objects.get(case=case, purpose="berbagi", withdrawn_at__isnull=True)
    item = access_request(
        personas, case=case, kind="penarikan", party=referral.victim, consent=consent
    )
    services.request_decide(actor=personas.dpo, request=item, status=RequestStatus.GRANTED)
    referral.refresh_from_db()
    assert referral.consent_withdrawn_at is not None
    # The provider: 404 on the snapshot it had, and told so in its inbox.
    assert client.get(detail).status_code == 404
    inbox = client.get(reverse("care:referral_inbox") + "?show=semua").content.decode()
    assert "Persetujuan korban dicabut" in inbox
    # The case shows it.
    client.force_login(personas.case_manager)
    page = client.get(reverse("care:referral_detail", args=[referral.pk])).content.decode()
    assert "Persetujuan korban dicabut" in page
    assert AuditEvent.objects.filter(action="referral.consent_withdrawn").exists()


def test_a_refusal_cites_its_exemption(personas) -> None:
    item = access_request(personas, kind="penghapusan")
    with pytest.raises(ValidationError):
        services.request_decide(actor=personas.dpo, request=item, status=RequestStatus.REFUSED)
    # An open case cannot be deleted: refused, citing the legal obligation to keep it.
    with pytest.raises(ValidationError):
        services.request_decide(actor=personas.dpo, request=item, status=RequestStatus.GRANTED)
    services.request_decide(
        actor=personas.dpo,
        request=item,
        status=RequestStatus.REFUSED,
        exemption="p16_tpks",
        note="Kasus masih ditangani.",
    )
    item.refresh_from_db()
    assert item.status == RequestStatus.REFUSED and item.exemption == "p16_tpks"


def test_request_form_registers_a_request_with_in_person_identity_check(client, personas) -> None:
    case = open_case(personas)
    client.force_login(personas.dpo)
    form = client.get(reverse("privacy:request_create") + f"?nomor={case.number}")
    assert form.status_code == 200
    assert VICTIM not in form.content.decode()
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("privacy:request_create"),
        {
            "case_number": case.number,
            "kind": "akses",
            "requester": "subjek",
            "received_at": now,
            "party": victim_of(case).pk,
            "identity_document": "KTP asli",
            "identity_verified_by": personas.case_manager.pk,
            "identity_verified_at": now,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert client.get(reverse("privacy:request_create") + "?nomor=TIDAK-ADA").status_code == 404


def test_withdrawal_on_the_case_page_stops_the_referral_too(client, personas) -> None:
    """The case worker records the withdrawal on the case (not through the register): the
    same hook stops the referral, and the case page says so."""
    referral = care_builders.send_referral(personas)
    case = referral.case
    consent = Consent.objects.get(case=case, purpose="berbagi", withdrawn_at__isnull=True)
    case_services.consent_withdraw(actor=personas.case_manager, case=case, consent=consent)
    client.force_login(personas.provider)
    detail = reverse("care:referral_inbox_detail", args=[referral.pk])
    assert client.get(detail).status_code == 404
    client.force_login(personas.case_manager)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Persetujuan korban dicabut" in page


def test_a_referral_sent_on_a_supervisors_override_is_not_stopped(personas) -> None:
    """Withdrawal stops what rested on consent; a referral sent on a recorded override did
    not rest on it."""
    referral = care_builders.send_referral(personas)
    from payung.care.models import Referral

    Referral.objects.filter(pk=referral.pk).update(
        consent_override=case_services.consent_override_record(
            actor=personas.supervisor,
            case=referral.case,
            subject=referral.victim,
            organisation=referral.organisation,
            reason="Anak dalam bahaya, visum malam ini.",
        )
    )
    consent = Consent.objects.get(case=referral.case, purpose="berbagi", withdrawn_at__isnull=True)
    case_services.consent_withdraw(actor=personas.case_manager, case=referral.case, consent=consent)
    referral.refresh_from_db()
    assert referral.consent_withdrawn_at is None

"""Data-sharing agreements gate referrals; the record of processing activities is built from
the code; the privacy notice is public and linked from the report form and the footer."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from payung.audit.models import AuditEvent
from payung.care import services as care_services
from payung.partners.models import Organisation, Service
from payung.partners.services import organisation_agreement_record
from payung.privacy import register
from tests.care import builders
from tests.cases.casework import open_case, victim_of


def _expire(organisation: Organisation) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(
        sharing_agreement_valid_until=timezone.localdate() - timedelta(days=1)
    )
    organisation.refresh_from_db()


def _send(personas, actor, organisation, reason: str = ""):
    case = open_case(personas)
    builders.consent_to_share(case, organisation, personas.case_manager)
    return care_services.referral_send(
        actor=actor,
        case=case,
        victim=victim_of(case),
        service=Service.objects.get(code="visum"),
        organisation=organisation,
        urgency="segera",
        override_reason=reason,
    )


def test_referral_without_a_current_agreement_is_refused(personas) -> None:
    hospital = personas.provider.organisation
    _expire(hospital)
    with pytest.raises(ValidationError) as refused:
        _send(personas, personas.case_manager, hospital)
    assert "perjanjian berbagi data" in str(refused.value)
    # A case manager cannot override, even with a reason.
    with pytest.raises(ValidationError):
        _send(personas, personas.case_manager, hospital, reason="Korban perlu visum segera.")


def test_a_supervisor_overrides_with_a_reason_and_it_is_audited(personas) -> None:
    hospital = personas.provider.organisation
    _expire(hospital)
    referral = _send(
        personas, personas.supervisor, hospital, reason="Korban perlu visum malam ini."
    )
    assert referral.pk
    override = AuditEvent.objects.get(action="referral.agreement_override")
    assert override.actor_id == personas.supervisor.pk
    send = AuditEvent.objects.get(action="referral.send", target_id=str(referral.pk))
    assert send.changes["sharing_agreement"] == [None, "pengecualian"]


def test_the_dpo_records_an_agreement_and_referrals_flow_again(client, personas) -> None:
    hospital = personas.provider.organisation
    _expire(hospital)
    client.force_login(personas.dpo)
    response = client.post(
        reverse("privacy:agreement_edit", args=[hospital.pk]),
        {"reference": "PKS/DP3AKB/RSUD/2027", "valid_until": "2099-01-31"},
    )
    assert response.status_code == 302
    hospital.refresh_from_db()
    assert hospital.has_current_agreement()
    assert _send(personas, personas.case_manager, hospital).pk
    event = AuditEvent.objects.get(action="organisation.sharing_agreement")
    assert event.changes["sharing_agreement_valid_until"][1] == "2099-01-31"
    listing = client.get(reverse("privacy:agreement_list")).content.decode()
    assert "PKS/DP3AKB/RSUD/2027" in listing


def test_only_the_dpo_records_agreements(personas) -> None:
    hospital = personas.provider.organisation
    for actor in (personas.sysadmin, personas.supervisor, None):
        with pytest.raises(PermissionDenied):
            organisation_agreement_record(
                actor=actor, organisation=hospital, reference="x", valid_until=date(2099, 1, 1)
            )


def test_the_register_is_generated_from_the_models(client, personas) -> None:
    activities = {a.key: a for a in register.activities()}
    casework = activities["casework"]
    encrypted = {name for _model, name, enc in casework.fields if enc}
    # Read from the models themselves: the NIK and the chronology are encrypted fields.
    assert "NIK" in encrypted and "kronologi" in encrypted
    assert "Manajer kasus" in casework.recipients
    assert any("60 bulan" in text for text in casework.retention_text)
    assert "Lembaga mitra" in " ".join(activities["referrals"].recipients)
    client.force_login(personas.dpo)
    md = client.get(reverse("privacy:register_export", args=["md"]))
    assert md.status_code == 200 and b"## Penanganan kasus" in md.content
    pdf = client.get(reverse("privacy:register_export", args=["pdf"]))
    assert pdf.content.startswith(b"%PDF")
    assert client.get(reverse("privacy:register_export", args=["xls"])).status_code == 404


def test_privacy_notice_is_public_and_linked(client, db) -> None:
    page = client.get(reverse("privacy:notice"))
    html = page.content.decode()
    assert page.status_code == 200
    for heading in ("Data apa yang kami simpan", "Untuk apa", "Berapa lama", "Hak Anda"):
        assert heading in html
    assert "dpo@" in html  # the DPO's contact
    assert "60 bulan" in html  # how long, from the retention schedule
    form = client.get(reverse("report:form")).content.decode()
    assert reverse("privacy:notice") in form
    home = client.get(reverse("public:home")).content.decode()
    assert reverse("privacy:notice") in home  # the footer


def test_staff_footer_links_the_notice(client, personas) -> None:
    client.force_login(personas.case_manager)
    html = client.get(reverse("accounts:home")).content.decode()
    assert reverse("privacy:notice") in html

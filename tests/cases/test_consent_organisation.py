"""Consent to share names its recipient in one audited write, through the service (issue
#10: the API used to set the organisation after the service returned — outside its
transaction, unaudited, without checking the organisation was one the user may see)."""

from __future__ import annotations

from payung.audit.models import AuditEvent
from payung.cases.models import Consent
from payung.regions.models import Region, RegionLevel
from tests.accounts.conftest import signed_in
from tests.care.factories import make_organisation
from tests.cases.casework import open_case, victim_of


def _consent(client, case, victim, **organisation):
    return client.post(
        f"/api/v1/cases/{case.pk}/consents",
        {
            "subject": victim.pk,
            "given_by": victim.pk,
            "purpose": "berbagi",
            "method": "lisan",
            "given_on": "2026-01-05",
            **organisation,
        },
        content_type="application/json",
    )


def test_an_organisation_outside_the_users_scope_is_refused(personas) -> None:
    province = Region.objects.get(code="35")
    malang = Region.objects.create(
        code="35.73", name="Kota Contoh Lain", level=RegionLevel.CITY, parent=province
    )
    elsewhere = make_organisation("RS Kota Lain", region_code=malang.code)
    case = open_case(personas)
    client = signed_in(personas.case_manager)

    response = _consent(
        client, case, victim_of(case), organisation_id=elsewhere.pk, organisation_name="RS"
    )

    assert response.status_code == 422
    assert not Consent.objects.filter(organisation_id=elsewhere.pk).exists()


def test_id_and_name_are_stored_in_the_services_one_audited_write(personas) -> None:
    hospital = personas.provider.organisation
    case = open_case(personas)
    client = signed_in(personas.case_manager)

    response = _consent(
        client,
        case,
        victim_of(case),
        organisation_id=hospital.pk,
        organisation_name="RSUD Uji (poli anak)",
    )

    assert response.status_code == 201
    consent = Consent.objects.get(pk=response.json()["id"])
    assert consent.organisation_id == hospital.pk
    assert consent.organisation_name == "RSUD Uji (poli anak)"
    event = AuditEvent.objects.filter(action="case.consent_record", target_id=str(consent.pk))
    assert event.count() == 1
    assert event.get().changes["organisation"][1] == hospital.pk


def test_an_unknown_organisation_id_is_refused(personas) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    response = _consent(client, case, victim_of(case), organisation_id=999_999)
    assert response.status_code == 422

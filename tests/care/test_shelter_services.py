"""Shelter writes: admission of a victim party up to capacity, with consent to share with the
shelter and the "rumah aman" service recorded; discharge with a reason, the confidential
address and capacity changes — each audited, each refused to people outside the shelter's
reach."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from payung.audit.models import AuditEvent
from payung.care import services
from payung.care.models import ServiceRecord, Shelter, Stay
from payung.care.selectors import closure_checklist
from payung.cases import services as case_services
from payung.cases.choices import CaseStatus
from payung.cases.models import Case, CaseParty, ConsentOverride
from tests.care.factories import (
    SHELTER_ADDRESS,
    consent_to_shelter,
    make_case,
    make_placeable,
    make_shelter,
    make_stay,
    make_victim,
)
from tests.cases.casework import add_perpetrator

pytestmark = pytest.mark.django_db


def own_shelter(personas) -> Shelter:
    return personas.shelter.organisation.shelter


def admit(actor, shelter: Shelter, case: Case, victim: CaseParty, alias: str = "Melati", **kw):
    return services.stay_admit(
        actor=actor, shelter=shelter, case=case, victim=victim, alias=alias, **kw
    )


def test_case_manager_admits_a_victim_of_their_case(personas) -> None:
    shelter = own_shelter(personas)
    case, victim = make_placeable(personas.case_manager, shelter)

    stay = admit(personas.case_manager, shelter, case, victim, alias="Melati", note="alergi")

    stay.refresh_from_db()
    assert (stay.shelter, stay.case, stay.party, stay.alias, stay.is_current) == (
        shelter,
        case,
        victim,
        "Melati",
        True,
    )
    event = AuditEvent.objects.get(action="stay.admit", target_id=str(stay.pk))
    assert event.changes["occupancy"] == [0, 1]
    assert event.changes["party"] == [None, victim.pk]
    assert event.changes["consent"] == [None, "persetujuan"]
    # The alias and the note are encrypted at rest.
    with connection.cursor() as cursor:
        cursor.execute("SELECT alias, admission_note FROM care_stay WHERE id = %s", [stay.pk])
        alias, note = cursor.fetchone()
    assert "Melati" not in alias and "alergi" not in note


def test_admission_records_the_shelter_service_which_counts(personas) -> None:
    shelter = own_shelter(personas)
    case, victim = make_placeable(personas.case_manager, shelter)
    case_services.plan_item_add(
        actor=personas.case_manager, case=case, service="rumah_aman", goal="Tempat aman"
    )

    stay = admit(personas.case_manager, shelter, case, victim)

    record = ServiceRecord.objects.select_related("service").get(case=case)
    assert stay.service_record == record
    assert (record.victim, record.service.code, record.organisation, record.internal_unit) == (
        victim,
        "rumah_aman",
        shelter.organisation,
        "",
    )
    assert record.simfoni_category == "rehabilitasi_sosial"
    assert record.delivered and record.delivered_on == timezone.localdate()
    assert AuditEvent.objects.filter(action="service_record.add", target_id=str(record.pk)).exists()
    # It counts as the planned safe-house service delivered, by the shelter.
    (row,) = closure_checklist(case)
    assert row.delivered and shelter.organisation.name in row.evidence[0]


def test_admission_without_consent_is_refused(personas) -> None:
    shelter = own_shelter(personas)
    case = make_case(personas.case_manager)
    victim = make_victim(case)

    with pytest.raises(services.ConsentRequired) as refused:
        admit(personas.case_manager, shelter, case, victim)

    assert "Korban tidak ditempatkan" in refused.value.messages[0]
    assert shelter.organisation.name in refused.value.messages[0]
    assert not Stay.objects.exists()
    assert not ServiceRecord.objects.exists()


def test_consent_for_another_organisation_does_not_place(personas) -> None:
    shelter = own_shelter(personas)
    other = make_shelter("Rumah Aman Lain", address="x")
    case = make_case(personas.case_manager)
    victim = make_victim(case)
    consent_to_shelter(case, victim, other, personas.case_manager)

    with pytest.raises(services.ConsentRequired):
        admit(personas.case_manager, shelter, case, victim)
    assert admit(personas.case_manager, other, case, victim).party == victim


def test_only_a_supervisor_places_without_consent_with_a_reason(personas) -> None:
    shelter = own_shelter(personas)
    case = make_case(personas.case_manager)
    victim = make_victim(case)
    with pytest.raises(services.ConsentRequired, match="Hanya supervisor"):
        admit(personas.case_manager, shelter, case, victim, override_reason="Anak dalam bahaya")

    stay = admit(personas.supervisor, shelter, case, victim, override_reason="Anak dalam bahaya")

    override = ConsentOverride.objects.get(subject=victim)
    assert override.organisation_id == shelter.organisation.pk
    event = AuditEvent.objects.get(action="stay.admit", target_id=str(stay.pk))
    assert event.changes["consent"] == [None, "pengecualian"]


def test_only_a_victim_of_the_case_is_placed(personas) -> None:
    shelter = own_shelter(personas)
    case, _victim = make_placeable(personas.case_manager, shelter)
    other_case, other_victim = make_placeable(personas.case_manager, shelter, name="Kenanga")
    perpetrator = add_perpetrator(case, personas.case_manager)

    for party in (other_victim, perpetrator):
        with pytest.raises(ValidationError, match="Pilih korban dari kasus ini"):
            admit(personas.case_manager, shelter, case, party)
    assert not Stay.objects.exists()


def test_full_shelter_refuses_admission_with_a_clear_message(personas) -> None:
    shelter = own_shelter(personas)  # capacity 2
    case, victim = make_placeable(personas.case_manager, shelter)
    admit(personas.case_manager, shelter, case, victim, alias="A")
    admit(personas.case_manager, shelter, case, victim, alias="B")

    with pytest.raises(services.ShelterFull) as refused:
        admit(personas.case_manager, shelter, case, victim, alias="C")

    assert "penuh: 2 dari 2 tempat tidur terisi" in refused.value.messages[0]
    assert Stay.objects.filter(shelter=shelter).count() == 2
    assert ServiceRecord.objects.filter(case=case).count() == 2


def test_a_discharge_frees_a_bed(personas) -> None:
    shelter = make_shelter("Rumah Aman Satu Kamar", capacity=1)
    case, victim = make_placeable(personas.case_manager, shelter)
    first = admit(personas.case_manager, shelter, case, victim, alias="A")

    services.stay_discharge(actor=personas.case_manager, stay=first, reason="pulang")
    second = admit(personas.case_manager, shelter, case, victim, alias="B")

    assert second.is_current
    first.refresh_from_db()
    assert (first.discharge_reason, first.discharged_by) == ("pulang", personas.case_manager)


def test_case_manager_cannot_place_a_victim_of_someone_elses_case(personas) -> None:
    shelter = own_shelter(personas)
    case, victim = make_placeable(personas.case_manager2, shelter)
    with pytest.raises(PermissionDenied):
        admit(personas.case_manager, shelter, case, victim, alias="X")


@pytest.mark.parametrize("persona", ["shelter", "provider", "sysadmin", "ppt_gentong", "analyst"])
def test_only_case_staff_place_victims(personas, persona) -> None:
    shelter = own_shelter(personas)
    case, victim = make_placeable(personas.case_manager, shelter)
    with pytest.raises(PermissionDenied):
        admit(getattr(personas, persona), shelter, case, victim, alias="X")


def test_supervisor_places_a_victim_of_any_case_in_scope(personas) -> None:
    shelter = own_shelter(personas)
    case, victim = make_placeable(personas.case_manager2, shelter)
    stay = admit(personas.supervisor, shelter, case, victim, alias="Kenanga")
    assert stay.admitted_by == personas.supervisor


def test_closed_case_cannot_be_placed(personas) -> None:
    shelter = own_shelter(personas)
    case, victim = make_placeable(personas.case_manager, shelter)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now())
    case.refresh_from_db()
    with pytest.raises(ValidationError, match="sudah ditutup"):
        admit(personas.case_manager, shelter, case, victim, alias="X")


def test_inactive_shelter_takes_no_one(personas) -> None:
    shelter = own_shelter(personas)
    case, victim = make_placeable(personas.case_manager, shelter)
    shelter.organisation.is_active = False
    shelter.organisation.save()
    with pytest.raises(PermissionDenied):
        admit(personas.case_manager, shelter, case, victim, alias="X")


def test_alias_is_required_and_planned_end_not_before_admission(personas) -> None:
    shelter = own_shelter(personas)
    case, victim = make_placeable(personas.case_manager, shelter)
    with pytest.raises(ValidationError, match="nama samaran"):
        admit(personas.case_manager, shelter, case, victim, alias="  ")
    with pytest.raises(ValidationError, match="Rencana keluar"):
        admit(
            personas.case_manager,
            shelter,
            case,
            victim,
            alias="Anggrek",
            planned_end=timezone.localdate() - timedelta(days=1),
        )
    assert not Stay.objects.exists()
    assert not ServiceRecord.objects.exists()


def test_shelter_staff_discharge_their_residents_with_a_reason(personas) -> None:
    stay = make_stay(own_shelter(personas), make_case(personas.case_manager))

    services.stay_discharge(actor=personas.shelter, stay=stay, reason="rencana_selesai", note="ok")

    stay.refresh_from_db()
    assert not stay.is_current
    assert AuditEvent.objects.filter(action="stay.discharge", target_id=str(stay.pk)).exists()


def test_discharge_reason_comes_from_the_list(personas) -> None:
    stay = make_stay(own_shelter(personas), make_case(personas.case_manager))
    with pytest.raises(ValidationError, match="alasan keluar"):
        services.stay_discharge(actor=personas.shelter, stay=stay, reason="bosan")


def test_a_stay_is_discharged_once(personas) -> None:
    stay = make_stay(own_shelter(personas), make_case(personas.case_manager))
    services.stay_discharge(actor=personas.shelter, stay=stay, reason="pulang")
    with pytest.raises(PermissionDenied):
        # Shelter staff see current residents only: a discharged stay is out of their reach.
        services.stay_discharge(actor=personas.shelter, stay=stay, reason="pulang")
    with pytest.raises(ValidationError, match="sudah keluar"):
        services.stay_discharge(actor=personas.case_manager, stay=stay, reason="pulang")


def test_staff_of_another_shelter_cannot_discharge(personas) -> None:
    other = make_shelter("Rumah Aman Lain", address="x")
    stay = make_stay(other, make_case(personas.case_manager))
    with pytest.raises(PermissionDenied):
        services.stay_discharge(actor=personas.shelter, stay=stay, reason="pulang")


def test_shelter_staff_record_the_address_which_the_audit_trail_never_holds(personas) -> None:
    shelter = own_shelter(personas)
    services.shelter_update(actor=personas.shelter, shelter=shelter, address="Jl. Baru Rahasia 9")

    shelter.refresh_from_db()
    assert shelter.address == "Jl. Baru Rahasia 9"
    event = AuditEvent.objects.get(action="shelter.update")
    assert "Rahasia" not in str(event.changes)
    assert SHELTER_ADDRESS not in str(event.changes)


@pytest.mark.parametrize("persona", ["case_manager", "sysadmin", "provider"])
def test_only_shelter_staff_and_supervisors_change_the_address(personas, persona) -> None:
    with pytest.raises(PermissionDenied):
        services.shelter_update(
            actor=getattr(personas, persona), shelter=own_shelter(personas), address="x"
        )


def test_capacity_cannot_drop_below_current_residents(personas) -> None:
    shelter = own_shelter(personas)
    case = make_case(personas.case_manager)
    make_stay(shelter, case, alias="A")
    make_stay(shelter, case, alias="B")

    with pytest.raises(ValidationError, match="lebih kecil dari jumlah penghuni"):
        services.shelter_update(actor=personas.supervisor, shelter=shelter, capacity=1)

    services.shelter_update(actor=personas.supervisor, shelter=shelter, capacity=4)
    shelter.refresh_from_db()
    assert shelter.capacity == 4

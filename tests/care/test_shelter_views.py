"""Safe-house pages: occupancy, residents, admission, discharge and the confidential address."""

from __future__ import annotations

import pytest
from django.test import Client

from payung.accounts.roles import Role
from payung.audit.models import AccessLog
from payung.care.models import Shelter, Stay
from tests.accounts.conftest import signed_in
from tests.care.factories import (
    OTHER_SHELTER_ADDRESS,
    SHELTER_ADDRESS,
    consent_to_shelter,
    make_case,
    make_placeable,
    make_shelter,
    make_stay,
    make_user,
    make_victim,
)

pytestmark = pytest.mark.django_db

LIST = "/layanan/rumah-aman/"
MINE = "/layanan/rumah-aman/saya/"
CONFIDENTIAL = "alamat dirahasiakan"


def own_shelter(personas) -> Shelter:
    return personas.shelter.organisation.shelter


def detail_url(shelter: Shelter) -> str:
    return f"/layanan/rumah-aman/{shelter.pk}/"


def admit_url(shelter: Shelter) -> str:
    return f"/layanan/rumah-aman/{shelter.pk}/terima/"


def edit_url(shelter: Shelter) -> str:
    return f"/layanan/rumah-aman/{shelter.pk}/ubah/"


def discharge_url(stay: Stay) -> str:
    return f"/layanan/penghuni/{stay.pk}/keluar/"


# --- shelter staff -------------------------------------------------------------------------


def test_shelter_staff_start_at_their_own_shelter(personas) -> None:
    response = signed_in(personas.shelter).get(MINE)
    assert response.status_code == 302
    assert response["Location"] == detail_url(own_shelter(personas))


def test_shelter_staff_see_the_address_and_every_current_resident(personas) -> None:
    shelter = own_shelter(personas)
    make_stay(shelter, make_case(personas.case_manager), alias="Melati")
    make_stay(shelter, make_case(personas.case_manager2), alias="Kenanga")
    gone = make_stay(shelter, make_case(personas.case_manager), alias="Dahlia")
    Stay.objects.filter(pk=gone.pk).update(
        discharged_at=gone.admitted_at, discharge_reason="pulang"
    )

    body = signed_in(personas.shelter).get(detail_url(shelter)).content.decode()

    assert SHELTER_ADDRESS in body
    assert "Melati" in body and "Kenanga" in body
    assert "Dahlia" not in body  # current residents only
    assert "2 dari 2 tempat tidur terisi" in body
    assert '<meter class="care-occupancy__bar" min="0" max="2" value="2"' in body
    # Looking at who lives in the safe house is recorded.
    assert AccessLog.objects.filter(
        actor=personas.shelter, purpose="shelter.residents", target_id=str(shelter.pk)
    ).exists()


def test_shelter_staff_cannot_open_another_shelter(personas) -> None:
    other = make_shelter("Rumah Aman Lain", address=OTHER_SHELTER_ADDRESS)
    stay = make_stay(other, make_case(personas.case_manager), alias="Teratai")
    client = signed_in(personas.shelter)
    for url in (detail_url(other), edit_url(other), discharge_url(stay)):
        assert client.get(url).status_code == 404, url
    body = client.get(LIST).content.decode()
    assert "Rumah Aman Lain" not in body and OTHER_SHELTER_ADDRESS not in body


def test_staff_of_a_deactivated_shelter_lose_access(personas) -> None:
    organisation = personas.shelter.organisation
    organisation.is_active = False
    organisation.save()
    client = signed_in(personas.shelter)
    response = client.get(MINE)
    assert response.status_code == 200
    assert "belum terhubung ke rumah aman yang aktif" in response.content.decode()
    assert client.get(detail_url(own_shelter(personas))).status_code == 404


def test_shelter_staff_record_the_address_and_capacity(personas) -> None:
    shelter = own_shelter(personas)
    response = signed_in(personas.shelter).post(
        edit_url(shelter), {"address": "Jl. Rahasia Baru 12", "capacity": 5}
    )
    assert response["Location"] == detail_url(shelter)
    shelter.refresh_from_db()
    assert (shelter.address, shelter.capacity) == ("Jl. Rahasia Baru 12", 5)


def test_shelter_staff_discharge_a_resident(personas) -> None:
    stay = make_stay(own_shelter(personas), make_case(personas.case_manager), alias="Melati")
    client = signed_in(personas.shelter)
    page = client.get(discharge_url(stay))
    assert page.status_code == 200 and "Catat keluar: Melati" in page.content.decode()

    response = client.post(discharge_url(stay), {"reason": "pulang", "note": ""})

    assert response["Location"] == detail_url(own_shelter(personas))
    stay.refresh_from_db()
    assert stay.discharge_reason == "pulang"


def test_discharge_needs_a_reason_from_the_list(personas) -> None:
    stay = make_stay(own_shelter(personas), make_case(personas.case_manager))
    response = signed_in(personas.shelter).post(discharge_url(stay), {"reason": "bosan"})
    assert response.status_code == 200
    stay.refresh_from_db()
    assert stay.is_current


# --- case managers and supervisors -------------------------------------------------------


def test_case_manager_sees_occupancy_but_never_the_address(personas) -> None:
    shelter = own_shelter(personas)
    make_stay(shelter, make_case(personas.case_manager), alias="Melati")
    make_stay(shelter, make_case(personas.case_manager2), alias="Kenanga")
    client = signed_in(personas.case_manager)

    listing = client.get(LIST).content.decode()
    detail = client.get(detail_url(shelter)).content.decode()

    for body in (listing, detail):
        assert SHELTER_ADDRESS not in body
        assert CONFIDENTIAL in body
        assert "2 dari 2 tempat tidur terisi" in body
    # Only the residents of their own cases.
    assert "Melati" in detail and "Kenanga" not in detail
    assert "Melati" in listing and "Kenanga" not in listing


def test_case_manager_cannot_edit_the_shelter(personas) -> None:
    assert signed_in(personas.case_manager).get(edit_url(own_shelter(personas))).status_code == 404


def test_supervisor_sees_the_address_and_every_resident(personas) -> None:
    shelter = own_shelter(personas)
    make_stay(shelter, make_case(personas.case_manager), alias="Melati")
    make_stay(shelter, make_case(personas.case_manager2), alias="Kenanga")
    body = signed_in(personas.supervisor).get(detail_url(shelter)).content.decode()
    assert SHELTER_ADDRESS in body
    assert "Melati" in body and "Kenanga" in body


def test_supervisor_outside_the_shelters_region_gets_404(personas) -> None:
    # A province-level shelter lies outside the city supervisor's scope.
    provincial = make_shelter("Rumah Aman Provinsi", region_code="35", address="Jl. Provinsi")
    assert signed_in(personas.supervisor).get(detail_url(provincial)).status_code == 404


def test_case_manager_admits_a_victim_through_the_form(personas) -> None:
    shelter = own_shelter(personas)
    case, victim = make_placeable(personas.case_manager, shelter)
    client = signed_in(personas.case_manager)
    assert client.get(admit_url(shelter)).status_code == 200

    response = client.post(
        admit_url(shelter), {"case_number": case.number, "alias": "Melati", "note": "tidak ada"}
    )

    assert response["Location"] == detail_url(shelter)
    stay = Stay.objects.get()
    assert (stay.case, stay.party, stay.alias, stay.admitted_by) == (
        case,
        victim,
        "Melati",
        personas.case_manager,
    )
    assert stay.service_record is not None


def test_the_form_tells_a_cases_victims_apart_and_places_the_chosen_one(personas) -> None:
    shelter = own_shelter(personas)
    case, first = make_placeable(personas.case_manager, shelter, name="Mawar Contohsari")
    second = make_victim(case, name="Mawar Contohsari", alias="Mawar kecil")
    consent_to_shelter(case, second, shelter, personas.case_manager)
    client = signed_in(personas.case_manager)

    # The case number alone lists its victims; with two, one must be chosen.
    listed = client.post(admit_url(shelter), {"case_number": case.number, "alias": "Melati"})

    body = listed.content.decode()
    assert listed.status_code == 200 and not Stay.objects.exists()
    assert "Pilih korban yang ditempatkan" in body
    # The pickers' one label for a party (issue #17 item 22), with the name for staff.
    assert f'<option value="{first.pk}">Korban #1 · Mawar Contohsari · P · 30 th</option>' in body
    assert (
        f'<option value="{second.pk}">Korban #2 · Mawar Contohsari (Mawar kecil) · P · 30 th'
        "</option>" in body
    )
    assert AccessLog.objects.filter(
        actor=personas.case_manager, purpose="case.placement_form", target_id=str(case.pk)
    ).exists()

    response = client.post(
        admit_url(shelter),
        {"case_number": case.number, "victim": str(second.pk), "alias": "Melati"},
    )

    assert response["Location"] == detail_url(shelter)
    assert Stay.objects.get().party == second


def test_admission_form_without_consent_points_to_the_consent_section(personas) -> None:
    shelter = own_shelter(personas)
    case = make_case(personas.case_manager)
    make_victim(case)

    response = signed_in(personas.case_manager).post(
        admit_url(shelter), {"case_number": case.number, "alias": "Melati"}
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "Korban tidak ditempatkan" in body
    assert f'href="/kasus/{case.pk}/#persetujuan"' in body
    assert "Alasan berbagi tanpa persetujuan" not in body  # the override is the supervisor's
    assert not Stay.objects.exists()


def test_supervisor_places_without_consent_with_a_reason_through_the_form(personas) -> None:
    shelter = own_shelter(personas)
    case = make_case(personas.case_manager)
    victim = make_victim(case)

    response = signed_in(personas.supervisor).post(
        admit_url(shelter),
        {"case_number": case.number, "alias": "Melati", "override_reason": "Anak dalam bahaya"},
    )

    assert response["Location"] == detail_url(shelter)
    assert Stay.objects.get().party == victim


def test_admission_form_refuses_a_case_without_a_victim(personas) -> None:
    case = make_case(personas.case_manager)
    response = signed_in(personas.case_manager).post(
        admit_url(own_shelter(personas)), {"case_number": case.number, "alias": "Melati"}
    )
    assert response.status_code == 200
    assert "Kasus ini belum mencatat korban" in response.content.decode()
    assert not Stay.objects.exists()


def test_admission_form_refuses_a_case_that_is_not_theirs(personas) -> None:
    case, _victim = make_placeable(personas.case_manager2, own_shelter(personas))
    response = signed_in(personas.case_manager).post(
        admit_url(own_shelter(personas)), {"case_number": case.number, "alias": "Melati"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "tidak ada di antara kasus yang Anda tangani" in body
    assert "Mawar Contohsari" not in body  # no victim of someone else's case is listed
    assert not Stay.objects.exists()


def test_full_shelter_refuses_admission_with_a_clear_message(personas) -> None:
    shelter = make_shelter("Rumah Aman Kecil", capacity=1, address="Jl. Kecil")
    case, victim = make_placeable(personas.case_manager, shelter)
    make_stay(shelter, case, alias="Melati", party=victim)
    client = signed_in(personas.case_manager)

    listing = client.get(LIST).content.decode()
    response = client.post(admit_url(shelter), {"case_number": case.number, "alias": "Kenanga"})

    assert f'href="/layanan/rumah-aman/{shelter.pk}/terima/"' not in listing
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rumah Aman Kecil penuh: 1 dari 1 tempat tidur terisi" in body
    assert Stay.objects.filter(shelter=shelter).count() == 1


def test_case_manager_discharges_a_resident_of_their_case(personas) -> None:
    stay = make_stay(own_shelter(personas), make_case(personas.case_manager))
    response = signed_in(personas.case_manager).post(discharge_url(stay), {"reason": "dirujuk"})
    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.discharge_reason == "dirujuk"


def test_case_manager_cannot_see_stays_of_other_cases(personas) -> None:
    stay = make_stay(own_shelter(personas), make_case(personas.case_manager2))
    assert signed_in(personas.case_manager).get(discharge_url(stay)).status_code == 404


# --- the rest: forbidden roles, anonymous, wrong methods ----------------------------------


@pytest.mark.parametrize("persona", ["sysadmin", "provider", "analyst", "ppt_gentong", "dpo"])
def test_roles_without_shelter_work_are_refused(personas, persona) -> None:
    shelter = own_shelter(personas)
    stay = make_stay(shelter, make_case(personas.case_manager))
    client = signed_in(getattr(personas, persona))
    for url in (
        LIST,
        MINE,
        detail_url(shelter),
        edit_url(shelter),
        admit_url(shelter),
        discharge_url(stay),
    ):
        assert client.get(url).status_code == 403, url


def test_shelter_staff_may_not_admit(personas) -> None:
    # Placing a victim is the case's decision (case manager or supervisor).
    assert signed_in(personas.shelter).get(admit_url(own_shelter(personas))).status_code == 403


def test_anonymous_is_sent_to_login(personas) -> None:
    shelter = own_shelter(personas)
    stay = make_stay(shelter, make_case(personas.case_manager))
    for url in (
        LIST,
        MINE,
        detail_url(shelter),
        edit_url(shelter),
        admit_url(shelter),
        discharge_url(stay),
    ):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/akun/masuk/?next="), url


def test_wrong_methods_are_refused(personas) -> None:
    shelter = own_shelter(personas)
    stay = make_stay(shelter, make_case(personas.case_manager))
    supervisor = signed_in(personas.supervisor)
    assert supervisor.post(LIST).status_code == 405
    assert supervisor.post(detail_url(shelter)).status_code == 405
    assert supervisor.put(edit_url(shelter)).status_code == 405
    assert supervisor.put(admit_url(shelter)).status_code == 405
    assert supervisor.delete(discharge_url(stay)).status_code == 405
    assert signed_in(personas.shelter).post(MINE).status_code == 405


def test_shelter_list_runs_a_constant_number_of_queries(
    personas, django_assert_max_num_queries
) -> None:
    client = signed_in(personas.case_manager)
    case = make_case(personas.case_manager)
    make_stay(own_shelter(personas), case)
    client.get(LIST)  # warm the session
    with django_assert_max_num_queries(20) as few:
        client.get(LIST)
    for n in range(6):
        shelter = make_shelter(f"Rumah Aman Tambahan {n}", capacity=3, address=f"Jl. {n}")
        make_stay(shelter, case, alias=f"Penghuni {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert response.content.decode().count("care-occupancy__bar") == 7


def test_shelter_detail_runs_a_constant_number_of_queries(
    personas, django_assert_max_num_queries
) -> None:
    shelter = own_shelter(personas)
    Shelter.objects.filter(pk=shelter.pk).update(capacity=20)
    client = signed_in(personas.shelter)
    make_stay(shelter, make_case(personas.case_manager))
    client.get(detail_url(shelter))
    with django_assert_max_num_queries(30) as few:
        client.get(detail_url(shelter))
    for n in range(8):
        make_stay(shelter, make_case(personas.case_manager), alias=f"Penghuni {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(detail_url(shelter))


def test_a_second_shelter_staff_member_sees_the_same_shelter(personas) -> None:
    colleague = make_user(
        username="sri_shelter", role=Role.SHELTER_STAFF, organisation=personas.shelter.organisation
    )
    body = signed_in(colleague).get(detail_url(own_shelter(personas))).content.decode()
    assert SHELTER_ADDRESS in body

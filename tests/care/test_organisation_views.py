"""The partner directory (case managers, supervisors) and the admin's organisation screens."""

from __future__ import annotations

import pytest
from django.test import Client

from payung.audit.models import AuditEvent
from payung.care.models import Shelter
from payung.partners.models import Organisation
from tests.accounts.conftest import signed_in
from tests.care.factories import make_organisation, make_shelter
from tests.factories import CITY, GENTONG, region

pytestmark = pytest.mark.django_db

DIRECTORY = "/layanan/mitra/"
ADMIN_LIST = "/layanan/kelola/"
CREATE = "/layanan/kelola/mitra/baru/"


def detail_url(organisation: Organisation) -> str:
    return f"/layanan/mitra/{organisation.pk}/"


def edit_url(organisation: Organisation) -> str:
    return f"/layanan/kelola/mitra/{organisation.pk}/ubah/"


def _create_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "lbh",
        "name": "LBH Uji Baru",
        "region": region(GENTONG).pk,
        "address": "Jl. Keadilan 1",
        "contact_name": "Advokat Uji",
        "phone": "0343 123 456",
        "email": "lbh@uji.payung.invalid",
        "services": [],
        "is_active": "on",
    }
    data.update(overrides)
    return data


# --- directory ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["case_manager", "supervisor", "sysadmin"])
def test_referring_staff_and_the_admin_see_the_directory(personas, persona) -> None:
    response = signed_in(getattr(personas, persona)).get(DIRECTORY)
    assert response.status_code == 200
    body = response.content.decode()
    assert "RSUD Uji" in body and "Rumah Aman Uji" in body
    # The ten services and their SIMFONI-PPA categories are explained under the list.
    assert "Visum gratis" in body and "SIMFONI: Kesehatan" in body


def test_directory_filters_by_service_and_kind(personas) -> None:
    make_organisation("LBH Uji", kind="lbh", services=("hukum",))
    client = signed_in(personas.case_manager)
    by_service = client.get(DIRECTORY, {"service": "hukum"}).context["page"].object_list
    assert [o.name for o in by_service] == ["LBH Uji"]
    by_kind = client.get(DIRECTORY, {"kind": "rsud"}).context["page"].object_list
    assert [o.name for o in by_kind] == ["RSUD Uji"]


def test_directory_hides_inactive_partners_from_referring_staff(personas) -> None:
    make_organisation("Puskesmas Tutup", kind="puskesmas", is_active=False)
    assert "Puskesmas Tutup" not in signed_in(personas.case_manager).get(DIRECTORY).content.decode()


def test_directory_detail_shows_contacts_and_services(personas) -> None:
    hospital = personas.provider.organisation
    Organisation.objects.filter(pk=hospital.pk).update(phone="0343 777 888")
    body = signed_in(personas.case_manager).get(detail_url(hospital)).content.decode()
    assert "0343 777 888" in body and "Layanan medis" in body
    assert "Wilayah</dt>" in body


def test_directory_detail_of_a_shelter_keeps_its_location_confidential(personas) -> None:
    shelter_org = personas.shelter.organisation
    body = signed_in(personas.case_manager).get(detail_url(shelter_org)).content.decode()
    assert "alamat dirahasiakan" in body
    assert "Wilayah</dt>" not in body  # not even the region


def test_partner_outside_the_scope_is_not_found(personas) -> None:
    provincial = make_organisation("RS Provinsi Uji", region_code="35")
    client = signed_in(personas.case_manager)
    assert client.get(detail_url(provincial)).status_code == 404
    assert "RS Provinsi Uji" not in client.get(DIRECTORY).content.decode()


@pytest.mark.parametrize("persona", ["provider", "shelter", "ppt_gentong", "analyst", "dpo"])
def test_other_roles_are_refused_the_directory(personas, persona) -> None:
    client = signed_in(getattr(personas, persona))
    assert client.get(DIRECTORY).status_code == 403
    assert client.get(detail_url(personas.provider.organisation)).status_code == 403


def test_directory_anonymous_and_wrong_method(personas) -> None:
    hospital = personas.provider.organisation
    for url in (DIRECTORY, detail_url(hospital), ADMIN_LIST, CREATE, edit_url(hospital)):
        assert Client().get(url)["Location"].startswith("/akun/masuk/?next="), url
    client = signed_in(personas.case_manager)
    assert client.post(DIRECTORY).status_code == 405
    assert client.post(detail_url(hospital)).status_code == 405


def test_directory_runs_a_constant_number_of_queries(
    personas, django_assert_max_num_queries
) -> None:
    client = signed_in(personas.case_manager)
    client.get(DIRECTORY)
    with django_assert_max_num_queries(20) as few:
        client.get(DIRECTORY)
    for n in range(12):
        make_organisation(f"Puskesmas Uji {n}", kind="puskesmas", services=("medis", "visum"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(DIRECTORY)
    # the personas' three organisations (RSUD, safe house, the Perkasa partner agency) + 12
    assert len(response.context["page"].object_list) == 15


# --- the admin's screens -----------------------------------------------------------------


def test_admin_lists_every_partner_including_inactive(personas) -> None:
    make_organisation("Puskesmas Tutup", kind="puskesmas", is_active=False)
    body = signed_in(personas.sysadmin).get(ADMIN_LIST).content.decode()
    assert "Puskesmas Tutup" in body and "RSUD Uji" in body
    assert "Kapasitas 2 tempat tidur" in body


def test_admin_list_runs_a_constant_number_of_queries(
    personas, django_assert_max_num_queries
) -> None:
    client = signed_in(personas.sysadmin)
    client.get(ADMIN_LIST)
    with django_assert_max_num_queries(20) as few:
        client.get(ADMIN_LIST)
    for n in range(5):
        make_organisation(f"Sekolah Uji {n}", kind="sekolah", services=("pengaduan",))
        make_shelter(f"Rumah Aman Uji {n}", address=f"Jl. {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(ADMIN_LIST)


def test_admin_registers_a_partner_with_its_services(personas) -> None:
    from payung.partners.models import Service

    services = list(
        Service.objects.filter(code__in=["hukum", "pengaduan"]).values_list("pk", flat=True)
    )
    response = signed_in(personas.sysadmin).post(CREATE, _create_data(services=services))

    assert response["Location"] == ADMIN_LIST
    organisation = Organisation.objects.get(name="LBH Uji Baru")
    assert organisation.region_code == GENTONG
    assert sorted(s.code for s in organisation.services.all()) == ["hukum", "pengaduan"]
    event = AuditEvent.objects.get(action="organisation.create", target_id=str(organisation.pk))
    assert event.changes["services"] == [None, ["hukum", "pengaduan"]]


def test_admin_registers_a_shelter_with_capacity_but_no_address(personas) -> None:
    client = signed_in(personas.sysadmin)
    data = _create_data(
        kind="rumah_aman", name="Rumah Aman Baru", region=region(CITY).pk, address=""
    )

    missing = client.post(CREATE, data)
    assert "Isi kapasitas rumah aman" in missing.content.decode()

    with_address = client.post(CREATE, {**data, "capacity": 4, "address": "Jl. Terbuka 1"})
    assert "Alamat rumah aman dirahasiakan" in with_address.content.decode()

    in_kelurahan = client.post(CREATE, {**data, "capacity": 4, "region": region(GENTONG).pk})
    assert "kelurahannya pun dirahasiakan" in in_kelurahan.content.decode()

    response = client.post(CREATE, {**data, "capacity": 4})
    assert response.status_code == 302
    shelter = Shelter.objects.get(organisation__name="Rumah Aman Baru")
    assert (shelter.capacity, shelter.address) == (4, "")


def test_partner_names_are_unique_whatever_the_case(personas) -> None:
    response = signed_in(personas.sysadmin).post(CREATE, _create_data(name="rsud uji"))
    assert response.status_code == 200
    assert "Sudah ada lembaga dengan nama ini." in response.content.decode()


def test_admin_edits_a_partner_and_the_change_is_audited(personas) -> None:
    hospital = personas.provider.organisation
    data = _create_data(
        kind="rsud", name="RSUD Uji", region=region(CITY).pk, phone="0343 555 000", services=[]
    )
    response = signed_in(personas.sysadmin).post(edit_url(hospital), data)
    assert response["Location"] == ADMIN_LIST
    hospital.refresh_from_db()
    assert hospital.phone == "0343 555 000"
    event = AuditEvent.objects.get(action="organisation.update", target_id=str(hospital.pk))
    assert event.changes["services"] == [["medis", "visum"], []]


def test_admin_changes_a_shelters_capacity_but_never_sees_its_address(personas) -> None:
    shelter_org = personas.shelter.organisation
    client = signed_in(personas.sysadmin)
    page = client.get(edit_url(shelter_org)).content.decode()
    assert "Jl. Rahasia" not in page
    # The kind of a shelter cannot change (its stays and address belong to it).
    assert 'value="rsud"' not in page

    data = _create_data(
        kind="rumah_aman", name="Rumah Aman Uji", region=region(CITY).pk, address="", capacity=6
    )
    response = client.post(edit_url(shelter_org), data)

    assert response.status_code == 302
    assert Shelter.objects.get(organisation=shelter_org).capacity == 6


def test_edit_form_for_other_partners_cannot_make_them_a_shelter(personas) -> None:
    hospital = personas.provider.organisation
    page = signed_in(personas.sysadmin).get(edit_url(hospital)).content.decode()
    assert 'value="rumah_aman"' not in page
    assert 'name="capacity"' not in page


@pytest.mark.parametrize("persona", ["case_manager", "supervisor", "provider", "shelter"])
def test_other_roles_are_refused_the_admin_screens(personas, persona) -> None:
    client = signed_in(getattr(personas, persona))
    for url in (ADMIN_LIST, CREATE, edit_url(personas.provider.organisation)):
        assert client.get(url).status_code == 403, url


def test_admin_screens_refuse_wrong_methods(personas) -> None:
    client = signed_in(personas.sysadmin)
    assert client.post(ADMIN_LIST).status_code == 405
    assert client.put(CREATE).status_code == 405
    assert client.delete(edit_url(personas.provider.organisation)).status_code == 405


def test_partner_outside_the_admins_scope_is_not_found(personas) -> None:
    provincial = make_organisation("RS Provinsi Uji", region_code="35")
    assert signed_in(personas.sysadmin).get(edit_url(provincial)).status_code == 404

"""``/api/v1/care/``: services, partner organisations and shelter occupancy."""

from __future__ import annotations

import pytest
from django.test import Client

from payung.audit.models import AccessLog
from tests.accounts.conftest import signed_in
from tests.api.conftest import bearer
from tests.care.factories import (
    SHELTER_ADDRESS,
    make_case,
    make_organisation,
    make_shelter,
    make_stay,
)

pytestmark = pytest.mark.django_db

BASE = "/api/v1/care"


def test_any_staff_member_reads_the_service_catalogue(personas) -> None:
    body = signed_in(personas.analyst).get(f"{BASE}/services/").json()
    assert [s["code"] for s in body][:3] == ["pengaduan", "medis", "medikolegal"]
    reintegration = next(s for s in body if s["code"] == "reintegrasi")
    assert reintegration["simfoni_category"] == "reintegrasi_sosial"
    assert reintegration["simfoni_alternatives"] == ["pemulangan"]
    assert reintegration["simfoni_category_label"] == "Reintegrasi sosial"


def test_organisations_filter_by_service_and_kind(personas) -> None:
    make_organisation("LBH Uji", kind="lbh", services=("hukum",))
    client = signed_in(personas.case_manager)
    by_service = client.get(f"{BASE}/organisations/", {"service": "hukum"}).json()
    assert [o["name"] for o in by_service["items"]] == ["LBH Uji"]
    by_kind = client.get(f"{BASE}/organisations/", {"kind": "rsud"}).json()
    assert [o["name"] for o in by_kind["items"]] == ["RSUD Uji"]
    assert by_kind["items"][0]["services"] == ["medis", "visum"]
    bad = client.get(f"{BASE}/organisations/", {"service": "pijat"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "validation_error"


def test_a_shelter_organisation_has_neither_address_nor_region(personas) -> None:
    shelter_org = personas.shelter.organisation
    body = signed_in(personas.case_manager).get(f"{BASE}/organisations/{shelter_org.pk}").json()
    assert body["is_shelter"] is True
    assert body["address"] == "" and body["region"] is None


def test_organisation_outside_the_scope_is_a_json_404(personas) -> None:
    provincial = make_organisation("RS Provinsi Uji", region_code="35")
    response = signed_in(personas.case_manager).get(f"{BASE}/organisations/{provincial.pk}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("persona", ["provider", "shelter", "analyst", "ppt_gentong"])
def test_other_roles_get_403_for_the_directory(personas, persona) -> None:
    response = signed_in(getattr(personas, persona)).get(f"{BASE}/organisations/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_shelters_show_occupancy_and_the_address_only_to_those_allowed(personas) -> None:
    shelter = personas.shelter.organisation.shelter
    make_stay(shelter, make_case(personas.case_manager))

    def get(persona: str) -> dict:
        response = signed_in(getattr(personas, persona)).get(f"{BASE}/shelters/{shelter.pk}")
        assert response.status_code == 200
        return response.json()

    for persona in ("shelter", "supervisor"):
        body = get(persona)
        assert (body["address_visible"], body["address"]) == (True, SHELTER_ADDRESS)
    body = get("case_manager")
    assert (body["address_visible"], body["address"]) == (False, None)
    assert (body["capacity"], body["occupied"], body["free"], body["is_full"]) == (2, 1, 1, False)


def test_shelter_staff_list_only_their_own_shelter(personas) -> None:
    make_shelter("Rumah Aman Lain", address="Jl. Lain")
    body = signed_in(personas.shelter).get(f"{BASE}/shelters/").json()
    assert [s["name"] for s in body] == ["Rumah Aman Uji"]
    assert body[0]["address"] == SHELTER_ADDRESS


def test_shelter_of_another_organisation_is_a_404_for_shelter_staff(personas) -> None:
    other = make_shelter("Rumah Aman Lain", address="Jl. Lain")
    response = signed_in(personas.shelter).get(f"{BASE}/shelters/{other.pk}")
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["sysadmin", "provider", "analyst"])
def test_other_roles_get_403_for_shelters(personas, persona) -> None:
    assert signed_in(getattr(personas, persona)).get(f"{BASE}/shelters/").status_code == 403


def test_anonymous_callers_get_401_and_wrong_methods_405(personas) -> None:
    for path in ("services/", "organisations/", "shelters/"):
        response = Client().get(f"{BASE}/{path}")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "not_authenticated"
    response = signed_in(personas.supervisor).post(f"{BASE}/shelters/", {})
    assert response.status_code == 405


def test_a_token_acts_as_its_user(personas, make_token) -> None:
    raw = make_token(personas.supervisor)
    shelter = personas.shelter.organisation.shelter
    body = Client().get(f"{BASE}/shelters/{shelter.pk}", headers=bearer(raw)).json()
    assert body["address"] == SHELTER_ADDRESS


def test_api_lists_run_a_constant_number_of_queries(
    personas, django_assert_max_num_queries
) -> None:
    client = signed_in(personas.supervisor)
    urls = [f"{BASE}/organisations/", f"{BASE}/shelters/", f"{BASE}/services/"]
    counts = {}
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(20) as few:
            client.get(url)
        counts[url] = len(few.captured_queries)
    case = make_case(personas.case_manager)
    for n in range(6):
        shelter = make_shelter(f"Rumah Aman Tambahan {n}", address=f"Jl. {n}")
        make_stay(shelter, case)
        make_organisation(f"Puskesmas Uji {n}", kind="puskesmas", services=("medis",))
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            client.get(url)


def test_reading_the_confidential_address_is_recorded_in_the_access_log(personas) -> None:
    shelter = personas.shelter.organisation.shelter
    rows = AccessLog.objects.filter(purpose="shelter.address.api", target_id=str(shelter.pk))

    signed_in(personas.case_manager).get(f"{BASE}/shelters/{shelter.pk}")  # no address shown
    assert not rows.exists()
    body = signed_in(personas.supervisor).get(f"{BASE}/shelters/{shelter.pk}").json()

    assert body["address"] == SHELTER_ADDRESS
    assert [row.actor_id for row in rows] == [personas.supervisor.pk]

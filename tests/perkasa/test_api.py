"""/api/v1/perkasa/: scoped registry reads, NIK search, idempotent writes, refusals."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from payung.accounts.roles import Role
from payung.accounts.services import api_token_create
from payung.audit.models import AccessLog
from payung.perkasa import choices, programmes, services
from payung.perkasa.models import ApiWrite, Disbursement, Enrolment, Registrant
from tests.cases.helpers import reseed_reference_data
from tests.factories import BUGUL_LOR, CITY, GENTONG, UserFactory, region
from tests.perkasa.helpers import KK, WOMAN_NIK, register, verification

pytestmark = pytest.mark.django_db

BASE = "/api/v1/perkasa"


@pytest.fixture(autouse=True, scope="module")
def _restore_reference_data_after_module(django_db_blocker: Any) -> Iterator[None]:
    # The PostgreSQL concurrency test is transactional: its flush empties the seeded tables.
    yield
    with django_db_blocker.unblock():
        reseed_reference_data()


def _auth(user: Any) -> dict[str, str]:
    _token, raw = api_token_create(actor=user, name="uji", days=1)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _post(client: Any, url: str, body: dict[str, Any], headers: dict[str, str], key: str = ""):
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(url, json.dumps(body), content_type="application/json", **headers, **extra)


def _payload(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Sumirah Contohwati",
        "nik": WOMAN_NIK,
        "kk": KK,
        "kelurahan_code": GENTONG,
        "head_reason": "cerai_mati",
        "income_band": "lt500",
        "livelihood": "buruh_harian",
        "members": [{"relationship": "anak", "age": 9, "sex": "L", "schooling": "sekolah"}],
    }
    data.update(overrides)
    return data


def _second_officer() -> Any:
    return UserFactory(username="kepala_perkasa", role=Role.PERKASA_OFFICER, region=region(CITY))


def _eligible(personas: Any, **overrides: Any) -> Registrant:
    registrant = register(personas.perkasa, **overrides)
    services.registrant_verify(actor=personas.perkasa, registrant=registrant, data=verification())
    services.registrant_decide(actor=personas.perkasa, registrant=registrant, eligible=True)
    registrant.refresh_from_db()
    return registrant


def _cycle(personas: Any, budget: int = 5_000_000) -> Any:
    programme = programmes.programme_create(
        actor=personas.perkasa,
        name="Hibah Modal Usaha Perempuan",
        agency="Diskop UMKM",
        kind=choices.ProgrammeKind.GRANT,
    )
    return programmes.cycle_open(
        actor=personas.perkasa, programme=programme, label="2026", quota=10, budget=budget
    )


# --- registry ------------------------------------------------------------------------------


def test_create_is_idempotent_and_a_reused_key_with_another_body_is_409(
    client: Any, personas: Any
) -> None:
    headers = _auth(personas.perkasa)
    first = _post(client, f"{BASE}/registrants/", _payload(), headers, key="perkasa-0001")
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["created"] is True
    assert body["registrant"]["nik"] == WOMAN_NIK
    assert body["registrant"]["status"] == "pra_daftar"
    assert first["Location"].endswith(f"/registrants/{body['registrant']['id']}")

    again = _post(client, f"{BASE}/registrants/", _payload(), headers, key="perkasa-0001")
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert again.json()["registrant"]["id"] == body["registrant"]["id"]
    assert Registrant.objects.count() == 1

    other = _post(
        client, f"{BASE}/registrants/", _payload(name="Ibu Lain"), headers, key="perkasa-0001"
    )
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert Registrant.objects.count() == 1
    assert ApiWrite.objects.count() == 1


def test_create_checks_nik_and_refuses_a_second_active_registration(
    client: Any, personas: Any
) -> None:
    headers = _auth(personas.perkasa)
    bad = _post(
        client, f"{BASE}/registrants/", _payload(nik="1234567890123456"), headers, key="bad-nik-1"
    )
    assert bad.status_code == 422
    assert any(d["loc"] == ["body", "nik"] for d in bad.json()["error"]["details"])
    assert (
        _post(client, f"{BASE}/registrants/", _payload(), headers, key="first-001").status_code
        == 201
    )
    second = _post(client, f"{BASE}/registrants/", _payload(), headers, key="second-01")
    assert second.status_code == 422
    assert "sudah terdaftar aktif" in json.dumps(second.json(), ensure_ascii=False)
    assert Registrant.objects.count() == 1
    # a failed write does not consume the key
    assert (
        not ApiWrite.objects.filter(operation="registrant_create")
        .exclude(object_id=Registrant.objects.get().pk)
        .exists()
    )


def test_create_needs_an_idempotency_key(client: Any, personas: Any) -> None:
    response = _post(client, f"{BASE}/registrants/", _payload(), _auth(personas.perkasa))
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["loc"] == ["header", "Idempotency-Key"]
    assert not Registrant.objects.exists()


def test_ppt_officer_registers_and_sees_only_her_kelurahan(client: Any, personas: Any) -> None:
    own = register(personas.perkasa)
    other = register(
        personas.perkasa,
        nik="3575016108900003",
        kk="",
        name="Ibu Bugul",
        kelurahan=region(BUGUL_LOR),
    )
    headers = _auth(personas.ppt_gentong)
    listed = client.get(f"{BASE}/registrants/", **headers)
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["items"]] == [own.pk]
    assert client.get(f"{BASE}/registrants/{other.pk}", **headers).status_code == 404
    outside = _post(
        client,
        f"{BASE}/registrants/",
        _payload(nik="3575015507800004", kk="", kelurahan_code=BUGUL_LOR),
        headers,
        key="ppt-outside-1",
    )
    assert outside.status_code == 403


def test_list_has_no_names_and_a_constant_number_of_queries(client: Any, personas: Any) -> None:
    headers = _auth(personas.perkasa)
    register(personas.perkasa)
    client.get(f"{BASE}/registrants/", **headers)
    with CaptureQueriesContext(connection) as one:
        response = client.get(f"{BASE}/registrants/", **headers)
    assert "name" not in response.json()["items"][0]
    assert "nik" not in response.json()["items"][0]
    for i in range(3):
        register(personas.perkasa, nik=f"357501550780{i + 1:04d}", kk="", name=f"Ibu {i}")
    with CaptureQueriesContext(connection) as four:
        response = client.get(f"{BASE}/registrants/", **headers)
    assert response.json()["count"] == 4
    assert len(four) == len(one)


def test_detail_is_audited_and_search_by_nik_uses_the_blind_index(
    client: Any, personas: Any
) -> None:
    registrant = register(personas.perkasa)
    headers = _auth(personas.perkasa)
    detail = client.get(f"{BASE}/registrants/{registrant.pk}", **headers)
    assert detail.status_code == 200
    assert detail.json()["name"] == "Sumirah Contohwati"
    assert AccessLog.objects.filter(purpose="perkasa.view.api").count() == 1
    found = _post(client, f"{BASE}/registrants/search", {"nik": WOMAN_NIK}, headers)
    assert [row["id"] for row in found.json()] == [registrant.pk]
    assert AccessLog.objects.filter(purpose="perkasa.search.api").count() == 1
    none = _post(client, f"{BASE}/registrants/search", {"nik": "3575015507800004"}, headers)
    assert none.json() == []
    assert _post(client, f"{BASE}/registrants/search", {"nik": "123"}, headers).status_code == 422


def test_other_roles_are_refused(client: Any, personas: Any) -> None:
    registrant = register(personas.perkasa)
    for user in (personas.analyst, personas.case_manager):
        headers = _auth(user)
        assert client.get(f"{BASE}/registrants/", **headers).status_code == 403
        assert client.get(f"{BASE}/registrants/{registrant.pk}", **headers).status_code == 403
        assert client.get(f"{BASE}/programmes/", **headers).status_code == 403
    assert client.get(f"{BASE}/registrants/").status_code == 401


# --- scoring -------------------------------------------------------------------------------


def test_scoring_model_and_a_registrants_scores_with_breakdown(client: Any, personas: Any) -> None:
    registrant = _eligible(personas)
    headers = _auth(personas.perkasa)
    model = client.get(f"{BASE}/scoring/model", **headers).json()
    assert model["version"] == 1
    assert model["thresholds"]["sangat_miskin"] == 60
    scores = client.get(f"{BASE}/registrants/{registrant.pk}/scores", **headers).json()
    assert len(scores) == 1
    assert scores[0]["model_version"] == 1
    assert sum(line["points"] for line in scores[0]["breakdown"]) == scores[0]["total"]
    assert {line["code"] for line in scores[0]["breakdown"]} >= {"penghasilan", "desil"}


# --- programmes, enrolments, disbursements -------------------------------------------------


def test_enrolment_is_idempotent_and_a_second_enrolment_is_refused(
    client: Any, personas: Any
) -> None:
    registrant = _eligible(personas)
    cycle = _cycle(personas)
    headers = _auth(personas.perkasa)
    programmes_list = client.get(f"{BASE}/programmes/", **headers).json()
    assert programmes_list[0]["cycles"][0] == {
        "id": cycle.pk,
        "label": "2026",
        "quota": 10,
        "budget": 5_000_000,
        "absorbed": 0,
    }
    body = {"cycle_id": cycle.pk, "registrant_id": registrant.pk}
    first = _post(client, f"{BASE}/enrolments/", body, headers, key="enrol-0001")
    assert first.status_code == 201, first.content
    again = _post(client, f"{BASE}/enrolments/", body, headers, key="enrol-0001")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    other_key = _post(client, f"{BASE}/enrolments/", body, headers, key="enrol-0002")
    assert other_key.status_code == 422
    assert "sudah terdaftar" in json.dumps(other_key.json(), ensure_ascii=False)
    assert Enrolment.objects.count() == 1
    listed = client.get(f"{BASE}/enrolments/", {"registrant_id": registrant.pk}, **headers)
    assert [row["id"] for row in listed.json()["items"]] == [first.json()["id"]]


def test_disbursement_maker_checker_budget_and_idempotent_decision(
    client: Any, personas: Any
) -> None:
    registrant = _eligible(personas)
    cycle = _cycle(personas, budget=3_000_000)
    enrolment = programmes.enrol(actor=personas.perkasa, cycle=cycle, registrant=registrant)
    maker, checker = _auth(personas.perkasa), _auth(_second_officer())
    proposal = {"enrolment_id": enrolment.pk, "amount": 2_000_000, "proof_note": "Kuitansi 01"}
    first = _post(client, f"{BASE}/disbursements/", proposal, maker, key="tahap-1-usul")
    assert first.status_code == 201, first.content
    assert first.json()["tranche"] == 1
    assert (
        _post(client, f"{BASE}/disbursements/", proposal, maker, key="tahap-1-usul").json()["id"]
        == first.json()["id"]
    )
    assert Disbursement.objects.count() == 1
    pk = first.json()["id"]

    own = _post(
        client, f"{BASE}/disbursements/{pk}/decide", {"approve": True}, maker, key="k-own-01"
    )
    assert own.status_code == 403
    approve = _post(
        client, f"{BASE}/disbursements/{pk}/decide", {"approve": True}, checker, key="k-check-1"
    )
    assert approve.status_code == 200 and approve.json()["state"] == "disetujui"
    replay = _post(
        client, f"{BASE}/disbursements/{pk}/decide", {"approve": True}, checker, key="k-check-1"
    )
    assert replay.status_code == 200 and replay.json()["state"] == "disetujui"
    flipped = _post(
        client, f"{BASE}/disbursements/{pk}/decide", {"approve": False}, checker, key="k-check-1"
    )
    assert flipped.status_code == 409

    # A second tranche that would exceed the budget is refused when it is proposed (the same
    # check runs again, under the row lock, when a tranche is approved).
    refused = _post(
        client,
        f"{BASE}/disbursements/",
        {**proposal, "proof_note": "Kuitansi 02"},
        maker,
        key="tahap-2-usul",
    )
    assert refused.status_code == 422
    assert "melebihi anggaran" in json.dumps(refused.json(), ensure_ascii=False)
    assert Disbursement.objects.count() == 1
    assert programmes.absorbed(cycle) == 2_000_000


def test_api_operations_are_in_the_openapi_document(client: Any, personas: Any) -> None:
    client.force_login(personas.case_manager)  # holds api.docs
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        f"{BASE}/registrants/",
        f"{BASE}/registrants/search",
        f"{BASE}/registrants/{{pk}}",
        f"{BASE}/registrants/{{pk}}/scores",
        f"{BASE}/scoring/model",
        f"{BASE}/programmes/",
        f"{BASE}/enrolments/",
        f"{BASE}/disbursements/",
        f"{BASE}/disbursements/{{pk}}/decide",
    ):
        assert path in paths, path
    header = next(
        p
        for p in paths[f"{BASE}/enrolments/"]["post"]["parameters"]
        if p["name"] == "Idempotency-Key"
    )
    assert header["required"] is True


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="true concurrency needs PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_with_one_key_make_one_row_on_postgresql(personas: Any) -> None:
    from payung.perkasa.api import DisbursementIn, idempotent

    registrant = _eligible(personas)
    enrolment = programmes.enrol(
        actor=personas.perkasa, cycle=_cycle(personas), registrant=registrant
    )
    payload = DisbursementIn(enrolment_id=enrolment.pk, amount=500_000, proof_note="Nota")
    barrier = threading.Barrier(3)
    results: list[tuple[bool, int]] = []

    def write() -> Any:
        barrier.wait()  # all three have missed the key before any inserts it
        return programmes.disbursement_propose(
            actor=personas.perkasa, enrolment=enrolment, amount=500_000, proof_note="Nota"
        )

    def run() -> None:
        try:
            results.append(
                idempotent(personas.perkasa, "disbursement_propose", "sama-0001", payload, write)
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(created for created, _pk in results) == [False, False, True]
    assert len({pk for _created, pk in results}) == 1
    assert Disbursement.objects.count() == 1
    assert ApiWrite.objects.count() == 1

"""``/api/v1/cases/`` and ``/api/v1/people/``: scoped like the pages, one error shape."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from payung.audit.models import AccessLog
from payung.cases.choices import CaseStatus
from payung.cases.models import Person
from tests.accounts.conftest import signed_in
from tests.cases.casework import NIK_WOMAN, VICTIM, open_case, run_to_services, victim_of
from tests.cases.helpers import HTML_BYTES, PDF_BYTES

pytestmark = pytest.mark.django_db


def test_list_search_and_detail_are_scoped(personas) -> None:
    case = open_case(personas)
    manager = signed_in(personas.case_manager)
    rows = manager.get("/api/v1/cases/", {"q": "mawar contohsari"}).json()
    assert [r["number"] for r in rows["items"]] == [case.number]
    detail = manager.get(f"/api/v1/cases/{case.pk}").json()
    assert detail["status"] == "baru" and "asesmen" in detail["next_statuses"]
    assert {d["rule"] for d in detail["deadlines"]} >= {"asesmen"}
    assert AccessLog.objects.filter(purpose="case.view.api", target_id=str(case.pk)).exists()
    outsider = signed_in(personas.ppt_bugullor)
    response = outsider.get(f"/api/v1/cases/{case.pk}")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert outsider.get("/api/v1/cases/").json()["items"] == []
    analyst = signed_in(personas.analyst)
    response = analyst.get(f"/api/v1/cases/{case.pk}/people")
    assert response.status_code == 403 and VICTIM not in response.content.decode()


def test_people_add_with_nik_warning_and_search_by_nik(personas) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    response = client.post(
        f"/api/v1/cases/{case.pk}/people",
        {"role": "saksi", "person": {"name": "Budi Saksiwan", "sex": "l", "nik": NIK_WOMAN}},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["party"]["person"]["nik"] == NIK_WOMAN and len(body["warnings"]) == 1
    found = _search(client, nik=NIK_WOMAN).json()
    assert [(f["case_number"], f["role"]) for f in found] == [(case.number, "saksi")]
    # The NIK travels in the body only: a query string (logged by proxies) is not read.
    assert client.get("/api/v1/people/search", {"nik": NIK_WOMAN}).status_code == 405
    bad = client.post(
        f"/api/v1/cases/{case.pk}/people",
        {"role": "saksi", "person": {"name": "X", "nik": "123"}},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["loc"] == ["body", "nik"]


def test_stale_edit_is_a_409_with_the_other_change(personas) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    version = client.get(f"/api/v1/cases/{case.pk}").json()["version"]
    ok = client.patch(
        f"/api/v1/cases/{case.pk}",
        {"version": version, "risk_level": "tinggi"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["risk_level"] == "tinggi"
    stale = client.patch(
        f"/api/v1/cases/{case.pk}",
        {"version": version, "risk_level": "rendah"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["code"] == "edit_conflict"
    assert error["details"][1]["before"] == "Sedang" and error["details"][1]["after"] == "Tinggi"


def test_transitions_and_closure_through_the_api(personas) -> None:
    case = run_to_services(open_case(personas), personas.case_manager)
    manager = signed_in(personas.case_manager)
    bad = manager.post(
        f"/api/v1/cases/{case.pk}/transitions", {"to": "ditutup"}, content_type="application/json"
    )
    assert bad.status_code == 409 and bad.json()["error"]["code"] == "invalid_transition"
    ok = manager.post(
        f"/api/v1/cases/{case.pk}/transitions",
        {"to": "pemantauan"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "pemantauan"
    # The planned counselling was not delivered: closure needs the reason why.
    counselling = case.plan.items.get()
    missing = manager.post(
        f"/api/v1/cases/{case.pk}/closure",
        {"reason": "tujuan_tercapai"},
        content_type="application/json",
    )
    assert missing.status_code == 422
    assert (
        manager.post(
            f"/api/v1/cases/{case.pk}/closure",
            {
                "reason": "tujuan_tercapai",
                "undelivered": [{"plan_item": counselling.pk, "reason": "Korban menolak."}],
            },
            content_type="application/json",
        ).status_code
        == 201
    )
    refused = manager.post(
        f"/api/v1/cases/{case.pk}/closure/decision",
        {"approve": True},
        content_type="application/json",
    )
    assert refused.status_code == 403
    decided = signed_in(personas.supervisor).post(
        f"/api/v1/cases/{case.pk}/closure/decision",
        {"approve": True},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["state"] == "disetujui"
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    history = manager.get(f"/api/v1/cases/{case.pk}/transitions").json()
    assert history[-1]["to_status"] == "ditutup"


def test_incidents_assessments_consents_and_documents(personas) -> None:
    case = open_case(personas)
    victim = victim_of(case)
    client = signed_in(personas.case_manager)
    response = client.post(
        f"/api/v1/cases/{case.pk}/incidents",
        {
            "place_category": "rumah_tangga",
            "violence_forms": ["psikis", "mental"],
            "kdrt": True,
            "victims": [victim.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["victims"] == [victim.pk]
    assert len(client.get(f"/api/v1/cases/{case.pk}/incidents").json()) == 2
    levels = dict.fromkeys(("fisik", "psikologis", "sosial", "ekonomi", "pendidikan"), "ringan")
    response = client.post(
        f"/api/v1/cases/{case.pk}/assessments",
        {
            "victim": victim.pk,
            "assessed_on": "2026-01-05",
            "levels": levels,
            "economic_empowerment_need": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["economic_empowerment_need"]
    response = client.post(
        f"/api/v1/cases/{case.pk}/consents",
        {
            "subject": victim.pk,
            "given_by": victim.pk,
            "purpose": "berbagi",
            "organisation_name": "RSUD Contoh",
            "method": "lisan",
            "given_on": "2026-01-05",
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["active"]
    consent_id = response.json()["id"]
    response = client.post(
        f"/api/v1/cases/{case.pk}/consents/{consent_id}/withdraw",
        {},
        content_type="application/json",
    )
    assert response.json()["active"] is False
    response = client.post(
        f"/api/v1/cases/{case.pk}/documents",
        {"kind": "visum", "file": SimpleUploadedFile("v.pdf", PDF_BYTES, "application/pdf")},
    )
    assert response.status_code == 201, response.content
    document_id = response.json()["id"]
    listing = client.get(f"/api/v1/cases/{case.pk}/documents").json()
    assert [d["id"] for d in listing] == [document_id] and listing[0]["size"] == len(PDF_BYTES)
    download = client.get(f"/api/v1/cases/{case.pk}/documents/{document_id}")
    assert download.content == PDF_BYTES
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert AccessLog.objects.filter(purpose="case.document.api").exists()
    refused = client.post(
        f"/api/v1/cases/{case.pk}/documents",
        {"kind": "foto", "file": SimpleUploadedFile("f.jpg", HTML_BYTES, "image/jpeg")},
    )
    assert refused.status_code == 415


def test_person_patch_changes_only_the_fields_sent(personas) -> None:
    case = open_case(personas)
    victim = victim_of(case)
    client = signed_in(personas.case_manager)
    url = f"/api/v1/cases/{case.pk}/people/{victim.pk}"
    version = client.get(f"/api/v1/cases/{case.pk}").json()["version"]

    first = client.patch(
        url,
        {"version": version, "nik": NIK_WOMAN, "sex": "p", "address": "Jl. Contoh 9"},
        content_type="application/json",
    )

    assert first.status_code == 200, first.content
    person = first.json()["party"]["person"]
    assert (person["name"], person["nik"], person["address"]) == (VICTIM, NIK_WOMAN, "Jl. Contoh 9")
    # The answer carries the case's new version, for the next edit.
    assert first.json()["version"] > version
    second = client.patch(
        url,
        {"version": first.json()["version"], "alias": "Mawar", "birth_date": None},
        content_type="application/json",
    )
    assert second.status_code == 200, second.content
    stored = Person.objects.get(pk=victim.person_id)
    assert (stored.name, stored.alias, stored.nik, stored.sex, stored.address) == (
        VICTIM,
        "Mawar",
        NIK_WOMAN,
        "p",
        "Jl. Contoh 9",
    )


def test_person_patch_documents_no_defaults(personas) -> None:
    client = signed_in(personas.case_manager)
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["PersonUpdateIn"]
    assert schema["required"] == ["version"]
    assert not [name for name, prop in schema["properties"].items() if "default" in prop]


def test_people_added_through_the_api_carry_the_case_version(personas) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    response = client.post(
        f"/api/v1/cases/{case.pk}/people",
        {"role": "saksi", "person": {"name": "Budi Saksiwan"}},
        content_type="application/json",
    )
    case.refresh_from_db()
    assert response.json()["version"] == case.version


def _search(client, **body):
    return client.post("/api/v1/people/search", body, content_type="application/json")


def test_people_search_records_each_case_it_shows_in_the_access_log(personas) -> None:
    case = open_case(personas)
    other = open_case(personas)
    client = signed_in(personas.case_manager)

    found = _search(client, name="mawar").json()

    assert {f["case_id"] for f in found} == {case.pk, other.pk}
    rows = AccessLog.objects.filter(purpose="case.people_search.api")
    shown = rows.exclude(target_id="")
    assert sorted(int(r.target_id) for r in shown) == sorted([case.pk, other.pk])
    assert {r.actor_id for r in rows} == {personas.case_manager.pk}
    # One row says what kind of search it was and how many it found, never the text.
    summary = rows.get(target_id="")
    assert summary.target_label == f"name: {len(found)} hasil"
    assert _search(client, name="tidakada").json() == []
    after = AccessLog.objects.filter(purpose="case.people_search.api")
    assert after.count() == 4
    assert after.filter(target_id="", target_label="name: 0 hasil").exists()
    assert not any("mawar" in r.target_label.lower() or "tidakada" in r.path for r in after)

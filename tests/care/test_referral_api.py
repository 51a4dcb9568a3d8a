"""The referral and service-record API: both sides of a referral, the shared error shape,
consent, scope (404 outside it) and only the shared fields for providers."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from payung.audit.models import AccessLog
from payung.care.models import Referral, ServiceRecord
from tests.api.conftest import bearer
from tests.care.builders import consent_to_share, hospital, send_referral
from tests.care.factories import make_organisation, make_user
from tests.cases.casework import CHRONOLOGY, VICTIM, open_case, victim_of
from tests.cases.helpers import PDF_BYTES

pytestmark = pytest.mark.django_db

API = "/api/v1/care"


def _post(client: Client, url: str, body: dict, token: str):
    return client.post(
        url, json.dumps(body), content_type="application/json", headers=bearer(token)
    )


def _body(case, personas, **overrides):
    body = {
        "case_id": case.pk,
        "victim_id": victim_of(case).pk,
        "service": "visum",
        "organisation_id": hospital(personas).pk,
        "urgency": "segera",
        "note": "Mohon visum hari ini.",
    }
    body.update(overrides)
    return body


def test_a_case_manager_refers_through_the_api(personas, make_token) -> None:
    case = open_case(personas)
    consent_to_share(case, hospital(personas), personas.case_manager)
    token = make_token(personas.case_manager)
    response = _post(Client(), f"{API}/referrals/", _body(case, personas, share=["nama"]), token)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "dikirim" and data["service"] == "visum"
    assert data["case_number"] == case.number and data["shared_fields"] == ["nama"]
    assert data["overdue"] is False and data["consent_override"] is False
    listed = Client().get(f"{API}/referrals/?case={case.pk}", headers=bearer(token)).json()
    assert [r["id"] for r in listed["items"]] == [data["id"]]


def test_without_consent_the_api_answers_409_consent_required(personas, make_token) -> None:
    case = open_case(personas)
    response = _post(
        Client(), f"{API}/referrals/", _body(case, personas), make_token(personas.case_manager)
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "consent_required"
    assert "belum ada persetujuan korban" in error["message"]
    # A supervisor may override with a reason.
    response = _post(
        Client(),
        f"{API}/referrals/",
        _body(case, personas, override_reason="Anak dalam bahaya, visum segera."),
        make_token(personas.supervisor),
    )
    assert response.status_code == 201 and response.json()["consent_override"] is True


def test_a_case_the_caller_cannot_see_is_a_validation_error(personas, make_token) -> None:
    case = open_case(personas)
    response = _post(
        Client(), f"{API}/referrals/", _body(case, personas), make_token(personas.case_manager2)
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["loc"] == ["body", "case_id"]
    assert not Referral.objects.exists()


def test_the_provider_works_the_referral_through_the_inbox_api(personas, make_token) -> None:
    referral = send_referral(personas)
    token = make_token(personas.provider)
    client = Client()
    items = client.get(f"{API}/inbox/", headers=bearer(token)).json()["items"]
    assert [i["id"] for i in items] == [referral.pk] and items[0]["urgency"] == "segera"
    detail = client.get(f"{API}/inbox/{referral.pk}", headers=bearer(token))
    assert detail.status_code == 200
    shared = detail.json()["shared"]
    assert shared["case_number"] == referral.case.number and shared["name"] is None
    raw = detail.content.decode()
    assert VICTIM not in raw and CHRONOLOGY[:20] not in raw
    assert AccessLog.objects.filter(actor=personas.provider, purpose="referral.provider_api")

    assert (
        _post(client, f"{API}/inbox/{referral.pk}/accept", {"note": "ok"}, token).status_code == 200
    )
    when = (timezone.localtime() + timedelta(hours=2)).isoformat()
    response = _post(client, f"{API}/inbox/{referral.pk}/schedule", {"scheduled_for": when}, token)
    assert response.status_code == 200 and response.json()["status"] == "dijadwalkan"
    upload = client.post(
        f"{API}/inbox/{referral.pk}/reports",
        {"file": _pdf(), "description": "Hasil visum"},
        headers=bearer(token),
    )
    assert upload.status_code == 201, upload.content
    assert upload.json()["content_type"] == "application/pdf"
    response = _post(
        client,
        f"{API}/inbox/{referral.pk}/complete",
        {
            "delivered_on": timezone.localdate().isoformat(),
            "outcome": "terlaksana",
            "description": "Visum dilakukan.",
        },
        token,
    )
    assert response.status_code == 200 and response.json()["status"] == "selesai"
    # Completing twice is a conflict, in the shared error shape.
    again = _post(
        client,
        f"{API}/inbox/{referral.pk}/complete",
        {
            "delivered_on": timezone.localdate().isoformat(),
            "outcome": "terlaksana",
            "description": "x",
        },
        token,
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "invalid_transition"

    # The case manager reads the result and downloads the report.
    manager = make_token(personas.case_manager)
    data = client.get(f"{API}/referrals/{referral.pk}", headers=bearer(manager)).json()
    assert data["status"] == "selesai" and data["outcome"] == "terlaksana"
    report_id = data["reports"][0]["id"]
    download = client.get(
        f"{API}/referrals/{referral.pk}/reports/{report_id}", headers=bearer(manager)
    )
    assert download.status_code == 200 and download.content == PDF_BYTES
    records = client.get(f"{API}/service-records/?case={referral.case_id}", headers=bearer(manager))
    assert records.json()["items"][0]["referral_id"] == referral.pk


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("visum.pdf", PDF_BYTES, content_type="application/pdf")


def test_staff_of_another_organisation_get_404_from_the_api(personas, make_token) -> None:
    referral = send_referral(personas)
    other = make_organisation("RS Lain Uji", services=("medis", "visum"))
    stranger = make_user(username="rs_lain", role="provider_staff", organisation=other)
    token = make_token(stranger)
    client = Client()
    assert client.get(f"{API}/inbox/", headers=bearer(token)).json()["items"] == []
    assert client.get(f"{API}/inbox/{referral.pk}", headers=bearer(token)).status_code == 404
    response = _post(client, f"{API}/inbox/{referral.pk}/accept", {}, token)
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    # Providers never reach the case side.
    assert client.get(f"{API}/referrals/{referral.pk}", headers=bearer(token)).status_code == 403


def test_staff_record_a_delivered_service_through_the_api(personas, make_token) -> None:
    case = open_case(personas)
    token = make_token(personas.case_manager)
    response = _post(
        Client(),
        f"{API}/service-records/",
        {
            "case_id": case.pk,
            "victim_id": victim_of(case).pk,
            "service": "hukum",
            "delivered_on": timezone.localdate().isoformat(),
            "outcome": "terlaksana",
            "internal_unit": "uptd_ppa",
            "simfoni_category": "penegakan_hukum",
            "description": "Pendampingan membuat laporan polisi.",
        },
        token,
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["simfoni_category"] == "penegakan_hukum" and data["internal_unit"] == "uptd_ppa"
    assert ServiceRecord.objects.get().description == "Pendampingan membuat laporan polisi."
    wrong = _post(
        Client(),
        f"{API}/service-records/",
        {
            "case_id": case.pk,
            "victim_id": victim_of(case).pk,
            "service": "medis",
            "delivered_on": timezone.localdate().isoformat(),
            "outcome": "terlaksana",
            "internal_unit": "uptd_ppa",
            "simfoni_category": "penegakan_hukum",
        },
        token,
    )
    assert wrong.status_code == 422
    assert wrong.json()["error"]["details"][0]["loc"] == ["body", "simfoni_category"]

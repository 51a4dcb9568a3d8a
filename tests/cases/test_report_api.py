"""/api/v1/reports/: creation with idempotency, scoped reads, triage actions, error shape."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from payung.accounts.services import api_token_create
from payung.audit.models import AccessLog
from payung.cases import services
from payung.cases.choices import PublicStatus, ReportStatus
from payung.cases.models import Report
from tests.cases.helpers import make_report
from tests.factories import BUGUL_LOR, GENTONG, region

pytestmark = pytest.mark.django_db

BASE = "/api/v1/reports/"


def _auth(user: Any) -> dict[str, str]:
    _token, raw = api_token_create(actor=user, name="uji", days=1)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _payload(**overrides: Any) -> dict[str, Any]:
    data = {
        "channel": "rujukan_sapa129",
        "source_reference": "SAPA-2026-0042",
        "kelurahan_code": GENTONG,
        "place_category": "rumah_tangga",
        "reporter_relation": "keluarga",
        "contact_channel": "telepon",
        "reporter_phone": "0812 1111 2222",
        "violence_forms": ["psikis", "fisik"],
        "description": "Ibu korban menelepon SAPA 129.",
        "victim_sex": "p",
        "victim_age": 16,
        "victim_name": "Rina",
        "consent": True,
    }
    data.update(overrides)
    return data


def _post(client, url: str, body: dict[str, Any], headers: dict[str, str], **extra: str):
    return client.post(url, json.dumps(body), content_type="application/json", **headers, **extra)


def test_create_needs_an_idempotency_key(client, personas) -> None:
    # Required in the schema too (it said optional, and schema-valid requests got a 400).
    for headers in ({}, {"HTTP_IDEMPOTENCY_KEY": "pendek"}, {"HTTP_IDEMPOTENCY_KEY": "a\x00" * 8}):
        response = _post(client, BASE, _payload(), _auth(personas.case_manager), **headers)
        assert response.status_code == 422
        error = response.json()["error"]
        assert error["code"] == "validation_error"
        assert error["details"][0]["loc"] == ["header", "Idempotency-Key"]
    assert Report.objects.count() == 0
    client.force_login(personas.case_manager)
    operation = client.get("/api/v1/openapi.json").json()["paths"][f"{BASE}"]["post"]
    header = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
    assert header["in"] == "header" and header["required"] is True


def test_create_with_idempotency_returns_201_then_200_with_the_same_report(
    client, personas
) -> None:
    headers = _auth(personas.case_manager)
    first = _post(client, BASE, _payload(), headers, HTTP_IDEMPOTENCY_KEY="hotline-call-0001")
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["created"] is True and len(body["pin"]) == 6
    assert body["report"]["tracking_code"] == body["tracking_code"]
    assert body["report"]["kelurahan"] == {"code": GENTONG, "name": "Gentong"}
    assert body["report"]["flags"]["child"] is True
    assert first["Location"].endswith(f"/reports/{body['report']['id']}")

    again = _post(client, BASE, _payload(), headers, HTTP_IDEMPOTENCY_KEY="hotline-call-0001")
    assert again.status_code == 200
    assert (
        again.json()["report"]["id"] == body["report"]["id"] and again.json()["pin"] == body["pin"]
    )
    assert again.json()["created"] is False
    assert Report.objects.count() == 1
    report = Report.objects.get()
    assert report.received_by == personas.case_manager and report.channel == "rujukan_sapa129"


def test_the_same_key_with_a_different_body_is_a_conflict(client, personas) -> None:
    headers = _auth(personas.case_manager)
    _post(client, BASE, _payload(), headers, HTTP_IDEMPOTENCY_KEY="hotline-call-0002")
    response = _post(
        client,
        BASE,
        _payload(description="lain"),
        headers,
        HTTP_IDEMPOTENCY_KEY="hotline-call-0002",
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_key_reused"


def test_create_validates_with_the_shared_error_shape(client, personas) -> None:
    headers = _auth(personas.case_manager)
    response = _post(
        client,
        BASE,
        _payload(violence_forms=[], description="x" * 5001),
        headers,
        HTTP_IDEMPOTENCY_KEY="k" * 10,
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert {tuple(d["loc"][-1:]) for d in error["details"]} >= {
        ("violence_forms",),
        ("description",),
    }
    web = _post(client, BASE, _payload(channel="web"), headers, HTTP_IDEMPOTENCY_KEY="k" * 11)
    assert web.status_code == 422


def test_roles_without_intake_may_not_create(client, personas) -> None:
    response = _post(
        client, BASE, _payload(), _auth(personas.analyst), HTTP_IDEMPOTENCY_KEY="k" * 12
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_anonymous_callers_are_refused(client) -> None:
    assert client.get(BASE).status_code == 401


def test_the_list_is_scoped_and_paginated(client, personas) -> None:
    gentong = make_report()
    bugullor = make_report(kelurahan=region(BUGUL_LOR))
    response = client.get(BASE, **_auth(personas.ppt_gentong))
    assert response.status_code == 200
    ids = [r["id"] for r in response.json()["items"]]
    assert ids == [gentong.pk]
    everything = client.get(BASE, {"limit": 1}, **_auth(personas.case_manager)).json()
    assert everything["count"] == 2 and len(everything["items"]) == 1
    assert bugullor.pk in {
        r["id"] for r in client.get(BASE, **_auth(personas.case_manager)).json()["items"]
    }


def test_a_report_outside_the_scope_is_404(client, personas) -> None:
    report = make_report()
    response = client.get(f"{BASE}{report.pk}", **_auth(personas.ppt_bugullor))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert client.get(f"{BASE}{report.pk}", **_auth(personas.analyst)).status_code == 403


def test_the_detail_has_the_decrypted_fields_and_logs_the_read(client, personas) -> None:
    report = make_report(victim_name="Rina", description="Kronologi")
    body = client.get(f"{BASE}{report.pk}", **_auth(personas.ppt_gentong2)).json()
    assert body["victim_name"] == "Rina" and body["description"] == "Kronologi"
    assert body["history"][0]["kind"] == "diterima"
    assert (
        AccessLog.objects.filter(target_id=str(report.pk), purpose="report.view.api").count() == 1
    )


def test_the_list_runs_a_constant_number_of_queries(client, personas) -> None:
    headers = _auth(personas.case_manager)
    make_report()
    client.get(BASE, **headers)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(BASE, **headers).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for _ in range(8):
        make_report()
    case = services.report_open_case(actor=personas.case_manager, report=make_report())
    services.report_attach_to_case(actor=personas.case_manager, report=make_report(), case=case)
    assert count() == few


def test_triage_through_the_api(client, personas) -> None:
    headers = _auth(personas.case_manager)
    a, b, c, d = (make_report() for _ in range(4))
    risk = _post(client, f"{BASE}{a.pk}/risk", {"risk_level": "tinggi"}, headers)
    assert (
        risk.status_code == 200
        and risk.json()["risk_level"] == "tinggi"
        and risk.json()["risk_provisional"] is False
    )
    opened = _post(
        client,
        f"{BASE}{a.pk}/open-case",
        {"note": "segera", "message": "Kami menghubungi Anda."},
        headers,
    )
    assert opened.status_code == 201, opened.content
    number = opened.json()["number"]
    assert opened.json()["owner"] == personas.case_manager.username
    attached = _post(client, f"{BASE}{b.pk}/attach", {"case_number": number}, headers)
    assert attached.status_code == 200 and attached.json()["case_number"] == number
    referred = _post(
        client, f"{BASE}{c.pk}/refer-out", {"destination": "UPTD PPA Kab. Pasuruan"}, headers
    )
    assert (
        referred.json()["status"] == ReportStatus.REFERRED_OUT
        and referred.json()["public_status"] == PublicStatus.DONE
    )
    closed = _post(client, f"{BASE}{d.pk}/close-not-case", {"reason": "duplikat"}, headers)
    assert closed.json()["status"] == ReportStatus.NOT_A_CASE
    again = _post(client, f"{BASE}{d.pk}/open-case", {}, headers)
    assert again.status_code == 409 and again.json()["error"]["code"] == "invalid_transition"


def test_triage_needs_the_capability_and_the_scope(client, personas) -> None:
    report = make_report()
    response = _post(client, f"{BASE}{report.pk}/open-case", {}, _auth(personas.ppt_gentong))
    assert response.status_code == 403
    assert (
        _post(client, f"{BASE}999999/open-case", {}, _auth(personas.case_manager)).status_code
        == 404
    )


def test_attach_to_an_unknown_case_is_422(client, personas) -> None:
    report = make_report()
    response = _post(
        client,
        f"{BASE}{report.pk}/attach",
        {"case_number": "PPA/1999/0001"},
        _auth(personas.case_manager),
    )
    assert response.status_code == 422


def test_the_message_for_the_reporter(client, personas) -> None:
    report = make_report()
    response = _post(
        client,
        f"{BASE}{report.pk}/message",
        {"message": "Terima kasih."},
        _auth(personas.ppt_gentong),
    )
    assert response.status_code == 200
    assert Report.objects.get(pk=report.pk).public_message == "Terima kasih."

"""Hostile or broken input gets a 4xx in the error shape, never a 500: page bounds, a
multipart body without a boundary, a body that is not JSON, and the NUL character (which
PostgreSQL cannot store) anywhere a text arrives."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from payung.core.pagination import API_MAX_OFFSET
from tests.api.conftest import bearer
from tests.api.test_auth import assert_error
from tests.cases.casework import open_case

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "Karakter null tidak diizinkan."
# One list of each kind: capped count (reports, cases), plain (care), reference data.
LISTS = ["/api/v1/reports/", "/api/v1/cases/", "/api/v1/care/referrals/", "/api/v1/regions/"]


@pytest.fixture
def token(personas, make_token) -> dict[str, str]:
    return bearer(make_token(personas.case_manager))


@pytest.mark.parametrize("url", LISTS)
def test_an_offset_beyond_the_maximum_is_a_422_not_a_database_error(
    client: Client, token, url: str
) -> None:
    for offset in (2**63, 2**64, API_MAX_OFFSET + 1):
        error = assert_error(
            client.get(url, {"offset": offset}, headers=token), 422, "validation_error"
        )
        assert [d["loc"] for d in error["details"]] == [["query", "offset"]]
    assert client.get(url, {"offset": API_MAX_OFFSET}, headers=token).json()["items"] == []


@pytest.mark.parametrize("url", LISTS)
def test_a_limit_beyond_the_page_size_is_a_422(client: Client, token, url: str) -> None:
    error = assert_error(client.get(url, {"limit": 10**6}, headers=token), 422, "validation_error")
    assert [d["loc"] for d in error["details"]] == [["query", "limit"]]


def test_the_page_bounds_are_in_the_schema(client: Client, personas) -> None:
    client.force_login(personas.case_manager)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    parameters = {p["name"]: p["schema"] for p in paths["/api/v1/regions/"]["get"]["parameters"]}
    assert (parameters["limit"]["maximum"], parameters["offset"]["maximum"]) == (
        500,
        API_MAX_OFFSET,
    )
    parameters = {p["name"]: p["schema"] for p in paths["/api/v1/cases/"]["get"]["parameters"]}
    assert parameters["limit"]["maximum"] == 200


def test_multipart_without_a_boundary_is_a_400(personas, token) -> None:
    case = open_case(personas)
    url = f"/api/v1/cases/{case.pk}/documents"
    # With a token, and with a session (whose CSRF check reads the body before ninja does).
    session = Client(enforce_csrf_checks=True)
    session.force_login(personas.case_manager)
    session.get("/")  # sets the CSRF cookie
    csrf = {"X-CSRFToken": session.cookies["csrftoken"].value}
    for client, headers in ((Client(), token), (session, csrf)):
        response = client.post(url, b"--x\r\n", content_type="multipart/form-data", headers=headers)
        assert_error(response, 400, "bad_request")


def test_a_body_over_the_size_limit_is_a_413_in_the_error_shape(
    client: Client, personas, token, settings
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    case = open_case(personas)
    body = json.dumps({"version": 1, "risk_level": "tinggi", "padding": "x" * 2000})
    response = client.patch(
        f"/api/v1/cases/{case.pk}", body, content_type="application/json", headers=token
    )
    assert_error(response, 413, "payload_too_large")


def test_a_body_that_is_not_json_is_a_400_in_the_error_shape(
    client: Client, personas, token
) -> None:
    case = open_case(personas)
    response = client.patch(
        f"/api/v1/cases/{case.pk}", b"{risk", content_type="application/json", headers=token
    )
    error = assert_error(response, 400, "bad_request")
    assert error["message"] == "Isi permintaan tidak dapat dibaca: kirim JSON yang valid."


def test_a_nul_in_a_json_body_is_a_422_naming_the_field(client: Client, personas, token) -> None:
    case = open_case(personas)
    body = {"role": "saksi", "person": {"name": "Budi\x00", "alias": "ok"}}

    response = client.post(
        f"/api/v1/cases/{case.pk}/people",
        json.dumps(body),
        content_type="application/json",
        headers=token,
    )

    error = assert_error(response, 422, "validation_error")
    assert error["details"] == [
        {
            "loc": ["body", "person", "name"],
            "message": NUL_MESSAGE,
            "type": "null_characters_not_allowed",
        }
    ]
    assert not case.parties.filter(role="saksi").exists()


def test_a_nul_in_a_query_form_or_path_is_a_422(client: Client, personas, token) -> None:
    case = open_case(personas)
    response = client.get("/api/v1/cases/", {"q": "mawar\x00"}, headers=token)
    assert assert_error(response, 422, "validation_error")["details"][0]["loc"] == ["query", "q"]

    response = client.post(
        f"/api/v1/cases/{case.pk}/documents",
        {"kind": "surat", "description": "a\x00b"},
        headers=token,
    )
    assert assert_error(response, 422, "validation_error")["details"][0]["loc"] == [
        "form",
        "description",
    ]

    response = client.get("/api/v1/regions/35.75%00", headers=token)
    error = assert_error(response, 422, "validation_error")
    assert error["details"][0] == {
        "loc": ["path"],
        "message": NUL_MESSAGE,
        "type": "null_characters_not_allowed",
    }

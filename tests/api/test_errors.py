"""Every API error has one shape: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import pytest
from django.test import Client
from ninja.throttling import AuthRateThrottle

from payung.api import reference
from tests.api.conftest import bearer
from tests.api.test_auth import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(personas, make_token) -> dict[str, str]:
    return bearer(make_token(personas.case_manager))


def test_an_unknown_region_is_a_404(client: Client, token) -> None:
    error = assert_error(client.get("/api/v1/regions/35.75.09", headers=token), 404, "not_found")
    assert error["message"] == "Data tidak ditemukan."
    assert "35.75.09" not in error["message"]


def test_an_unknown_path_is_a_json_404(client: Client, token) -> None:
    assert_error(client.get("/api/v1/tidak-ada/", headers=token), 404, "not_found")
    assert_error(client.get("/api/v1/", headers=token), 404, "not_found")
    assert_error(client.get("/api/v1/regions/35.75/anak/"), 404, "not_found")


def test_a_missing_trailing_slash_gets_a_hint(client: Client, token) -> None:
    error = assert_error(client.get("/api/v1/posts", headers=token), 404, "not_found")
    assert error["details"] == [{"did_you_mean": "/api/v1/posts/"}]


def test_an_invalid_query_is_a_validation_error_with_details(client: Client, token) -> None:
    error = assert_error(
        client.get("/api/v1/regions/?level=planet", headers=token), 422, "validation_error"
    )
    assert error["message"] == "Data yang dikirim tidak valid."
    assert error["details"][0]["loc"] == ["query", "level"]
    assert error["details"][0]["type"] == "enum"
    assert error["details"][0]["message"]

    error = assert_error(
        client.get("/api/v1/regions/?parent=35-75&limit=0", headers=token), 422, "validation_error"
    )
    assert sorted(tuple(d["loc"]) for d in error["details"]) == [
        ("query", "limit"),
        ("query", "parent"),
    ]


def test_a_wrong_method_is_a_405(client: Client, token) -> None:
    response = client.post("/api/v1/me", headers=token)
    assert_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"
    assert_error(client.delete("/api/v1/regions/35.75", headers=token), 405, "method_not_allowed")


def test_too_many_requests_is_a_429(client: Client, token, monkeypatch) -> None:
    monkeypatch.setattr(AuthRateThrottle, "allow_request", lambda self, request: False)
    monkeypatch.setattr(AuthRateThrottle, "wait", lambda self: 30)

    response = client.get("/api/v1/me", headers=token)

    assert_error(response, 429, "rate_limited")
    assert response["Retry-After"] == "30"


def test_the_rate_limit_counts_per_caller(
    client: Client, personas, make_token, monkeypatch
) -> None:
    from payung.api.api import api

    throttle = api.throttle[0]
    monkeypatch.setattr(throttle, "num_requests", 2)
    monkeypatch.setattr(throttle, "duration", 60)
    first, second = (
        bearer(make_token(personas.case_manager)),
        bearer(make_token(personas.supervisor)),
    )

    assert client.get("/api/v1/me", headers=first).status_code == 200
    assert client.get("/api/v1/me", headers=first).status_code == 200
    assert_error(client.get("/api/v1/me", headers=first), 429, "rate_limited")
    assert client.get("/api/v1/me", headers=second).status_code == 200


def test_an_unhandled_error_is_a_500_without_details(
    personas, make_token, monkeypatch, caplog
) -> None:
    def broken() -> None:
        raise RuntimeError("SELECT secret FROM somewhere")

    monkeypatch.setattr(reference, "region_queryset", broken)
    client = Client(raise_request_exception=False)

    response = client.get("/api/v1/regions/", headers=bearer(make_token(personas.case_manager)))

    error = assert_error(response, 500, "server_error")
    assert error["details"] == []
    assert b"secret" not in response.content
    assert any("Unhandled API error" in record.message for record in caplog.records)

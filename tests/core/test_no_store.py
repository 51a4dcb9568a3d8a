"""Responses that may carry victims' names are never stored by a browser or a proxy."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from payung.accounts.services import api_token_create
from payung.core.middleware import PrivateNoStoreMiddleware
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


def cache_control(response) -> str:
    return response.get("Cache-Control", "")


def test_a_signed_in_case_list_is_not_stored(client: Client, personas) -> None:
    client.force_login(personas.case_manager)

    response = client.get(reverse("cases:case_list"))

    assert response.status_code == 200
    assert "no-store" in cache_control(response)
    assert "private" in cache_control(response)


def test_the_signed_in_report_list_and_home_are_not_stored(client: Client, personas) -> None:
    client.force_login(personas.ppt_gentong)
    for name in ("cases:report_list", "accounts:home"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert "no-store" in cache_control(response), name


def test_api_json_with_a_token_is_not_stored(client: Client, personas) -> None:
    _token, raw = api_token_create(actor=personas.case_manager, name="integrasi uji")

    response = client.get("/api/v1/reports/", headers=bearer(raw))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "no-store" in cache_control(response)


def test_api_json_in_a_session_is_not_stored(client: Client, personas) -> None:
    client.force_login(personas.case_manager)
    response = client.get("/api/v1/cases/")
    assert response.status_code == 200
    assert "no-store" in cache_control(response)


def test_even_a_refused_api_call_with_a_token_is_not_stored(client: Client) -> None:
    response = client.get("/api/v1/reports/", headers=bearer("pyg_not-a-token"))
    assert response.status_code == 401
    assert "no-store" in cache_control(response)


def test_the_public_status_check_is_not_stored(client: Client) -> None:
    response = client.get(reverse("report:status"))
    assert "no-store" in cache_control(response)


def test_the_public_home_for_an_anonymous_visitor_is_left_alone(client: Client) -> None:
    response = client.get(reverse("public:home"))
    assert response.status_code == 200
    assert "no-store" not in cache_control(response)


def test_a_static_asset_keeps_its_cache_headers_even_when_signed_in(
    client: Client, personas
) -> None:
    assert finders.find("payung/payung.css")
    client.force_login(personas.case_manager)

    response = client.get("/static/payung/payung.css")

    assert response.status_code == 200
    assert "no-store" not in cache_control(response)


def _with_header(value: str | None):
    def view(request):
        response = HttpResponse("ok")
        if value is not None:
            response["Cache-Control"] = value
        return response

    return view


def test_a_deliberate_no_store_is_kept_and_a_public_cache_is_overridden(personas) -> None:
    request = RequestFactory().get("/x", headers={"Authorization": "Bearer t"})
    kept = PrivateNoStoreMiddleware(_with_header("no-store"))(request)
    assert kept["Cache-Control"] == "no-store"

    overridden = PrivateNoStoreMiddleware(_with_header("public, max-age=3600"))(request)
    header = overridden["Cache-Control"]
    assert "no-store" in header and "private" in header
    assert "public" not in header and "max-age=0" in header

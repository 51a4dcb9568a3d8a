"""Reference data for staff: regions and service posts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(personas, make_token) -> dict[str, str]:
    return bearer(make_token(personas.outreach))


def codes(response) -> list[str]:
    return [item["code"] for item in response.json()["items"]]


def test_regions_are_listed_and_paginated(client: Client, token) -> None:
    everything = client.get("/api/v1/regions/", headers=token).json()
    assert everything["count"] == 40  # Jawa Timur, Kota Pasuruan, 4 kecamatan, 34 kelurahan
    assert len(everything["items"]) == 40

    page = client.get("/api/v1/regions/?limit=10&offset=30", headers=token).json()
    assert page["count"] == 40
    assert [item["code"] for item in page["items"]] == [
        item["code"] for item in everything["items"][30:40]
    ]


def test_regions_filter_by_level_parent_and_within(client: Client, token) -> None:
    kecamatan = client.get("/api/v1/regions/?level=kecamatan", headers=token)
    assert codes(kecamatan) == ["35.75.01", "35.75.02", "35.75.03", "35.75.04"]
    assert kecamatan.json()["items"][0]["level_label"] == "Kecamatan"
    assert kecamatan.json()["items"][0]["parent_code"] == "35.75"

    gadingrejo = codes(client.get("/api/v1/regions/?parent=35.75.01", headers=token))
    assert len(gadingrejo) == 8
    assert all(code.startswith("35.75.01.") for code in gadingrejo)

    assert len(codes(client.get("/api/v1/regions/?within=35.75.04", headers=token))) == 14
    assert codes(client.get("/api/v1/regions/?level=kelurahan&parent=35.75.04", headers=token))[
        :2
    ] == [
        "35.75.04.1001",
        "35.75.04.1002",
    ]


def test_a_region_in_detail(client: Client, token) -> None:
    response = client.get("/api/v1/regions/35.75.04.1010", headers=token)

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Bugul Lor"
    assert body["level"] == "kelurahan"
    assert body["parent_code"] == "35.75.04"
    assert body["bps_code"] == "3575031003"
    assert body["aliases"] == ["Bugullor"]
    assert body["children_count"] == 0
    assert body["has_boundary"] is False
    assert "boundary" not in body

    city = client.get("/api/v1/regions/35.75", headers=token).json()
    assert city["children_count"] == 4
    assert city["population"] == 213469


def test_posts_carry_their_kelurahan_and_kecamatan(client: Client, token) -> None:
    body = client.get("/api/v1/posts/?limit=100", headers=token).json()

    assert body["count"] == 35
    by_name = {item["name"]: item for item in body["items"]}
    gentong = by_name["PPT Kelurahan Gentong"]
    assert gentong["kind"] == "ppt"
    assert gentong["kelurahan"] == {"code": "35.75.01.1002", "name": "Gentong"}
    assert gentong["kecamatan"] == {"code": "35.75.01", "name": "Gadingrejo"}
    centre = by_name["UPTD PPA Kota Pasuruan (P2TP2A)"]
    assert centre["kind"] == "pusat"
    assert centre["region"] == {"code": "35.75", "name": "Kota Pasuruan"}
    assert centre["kelurahan"] is None and centre["kecamatan"] is None


def test_posts_filter_by_kind_and_kecamatan(client: Client, token) -> None:
    gadingrejo = client.get("/api/v1/posts/?kecamatan=35.75.01", headers=token).json()
    assert gadingrejo["count"] == 8
    assert client.get("/api/v1/posts/?kind=pusat", headers=token).json()["count"] == 1
    assert client.get("/api/v1/posts/?kelurahan=35.75.01.1002", headers=token).json()["count"] == 1


def test_inactive_posts_are_hidden_unless_asked_for(client: Client, token) -> None:
    from payung.regions.models import ServicePost

    ServicePost.objects.filter(region__code="35.75.01.1002").update(is_active=False)
    assert client.get("/api/v1/posts/", headers=token).json()["count"] == 34
    assert client.get("/api/v1/posts/?include_inactive=true", headers=token).json()["count"] == 35


@pytest.mark.parametrize("url", ["/api/v1/regions/", "/api/v1/posts/"])
def test_list_query_count_does_not_grow_with_the_page(client: Client, token, url: str) -> None:
    client.get(url, headers=token)  # the token's first use writes last_used_at
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(f"{url}?limit=1", headers=token).json()["items"]) == 1
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(f"{url}?limit=40", headers=token).json()["items"]) > 30
    assert len(many) == len(one) == 3  # token lookup, count, page


def test_any_signed_in_staff_may_read_reference_data(client: Client, personas) -> None:
    client.force_login(personas.shelter)
    assert client.get("/api/v1/posts/").status_code == 200
    assert client.get("/api/v1/regions/35.75").status_code == 200

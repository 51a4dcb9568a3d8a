from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from payung.regions.models import ServicePost
from tests.public.html import find, parse

pytestmark = pytest.mark.django_db

TEN_SERVICES = (
    "Penanganan pengaduan",
    "Layanan medis",
    "Layanan medikolegal",
    "Layanan psikososial",
    "Bantuan hukum",
    "Layanan tokoh agama",
    "Pemulangan dan reintegrasi",
    "Kunjungan rumah",
    "Rumah aman",
    "Visum gratis",
)


def test_home_is_public_and_explains_the_service(client) -> None:
    response = client.get(reverse("public:home"))
    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    for service in TEN_SERVICES:
        assert service in page
    for form in ("fisik", "psikis", "mental", "seksual", "Penelantaran"):
        assert form in page
    assert "perorangan, kelompok, atau korporasi" in page
    assert "UPTD PPA" in page and "P2TP2A" in page
    assert "34 pos di seluruh Kota Pasuruan" in page
    assert "rahasia" in page


def test_home_ppt_count_follows_the_active_posts(client) -> None:
    ServicePost.objects.filter(region__code="35.75.01.1002").update(is_active=False)
    page = " ".join(client.get("/").content.decode().split())
    assert "33 pos di seluruh Kota Pasuruan" in page


def test_home_links_to_the_report_form_and_the_post_finder(client) -> None:
    elements = parse(client.get("/").content)
    hrefs = {a.attrs.get("href") for a in find(elements, "a")}
    assert "/lapor/" in hrefs
    assert reverse("public:posts") in hrefs
    assert reverse("public:posts") + "#pusat" in hrefs


def test_home_emergency_numbers_are_tel_links(client) -> None:
    elements = parse(client.get("/").content)
    hrefs = {a.attrs.get("href") for a in find(elements, "a")}
    assert "tel:110" in hrefs
    assert "tel:129" in hrefs
    for item in settings.EMERGENCY_NUMBERS:
        assert f"tel:{item['tel']}" in hrefs


def test_home_has_landmarks_and_heading_order(client) -> None:
    elements = parse(client.get("/").content)
    assert len(find(elements, "main")) == 1
    assert find(elements, "header") and find(elements, "footer") and find(elements, "nav")
    levels = [int(e.tag[1]) for e in elements if re.fullmatch(r"h[1-6]", e.tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert find(elements, "html")[0].attrs["lang"] == "id"


def test_home_has_no_inline_script_and_a_strict_csp(client) -> None:
    response = client.get("/")
    scripts = find(parse(response.content), "script")
    assert scripts, "the quick-exit script is loaded"
    assert all(s.attrs.get("src") and not s.text.strip() for s in scripts)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "style=" not in response.content.decode()
    assert not re.search(r"\son[a-z]+=", response.content.decode()), "no inline event handlers"


def test_home_only_answers_get(client) -> None:
    assert client.post("/").status_code == 405

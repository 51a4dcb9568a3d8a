from __future__ import annotations

import re

import pytest
from django.urls import reverse

from payung.regions.display import post_anchor
from payung.regions.models import ServicePost, ServicePostKind
from tests.public.html import find, parse, text_of

pytestmark = pytest.mark.django_db

URL = "/ppt/"


def test_posts_page_lists_34_ppt_and_the_centre_grouped_by_kecamatan(client) -> None:
    response = client.get(reverse("public:posts"))
    assert response.status_code == 200
    elements = parse(response.content)
    entries = find(elements, "article")
    assert len(entries) == 35
    headings = [text_of(h) for h in find(elements, "h3") if "Kecamatan" in h.text]
    assert headings == [
        "Kecamatan Gadingrejo (8 PPT)",
        "Kecamatan Purworejo (7 PPT)",
        "Kecamatan Bugul Kidul (6 PPT)",
        "Kecamatan Panggungrejo (13 PPT)",
    ]
    (centre_section,) = [e for e in elements if e.attrs.get("id") == "pusat"]
    assert "UPTD PPA Kota Pasuruan" in centre_section.text


def test_each_entry_shows_address_phone_whatsapp_and_hours(client) -> None:
    post = ServicePost.objects.get(region__code="35.75.01.1002")
    post.phone = "(0343) 42-1234"
    post.whatsapp = "0811-2233-445"
    post.opening_hours = "Senin–Sabtu 08.00–14.00"
    post.save()
    elements = parse(client.get(URL).content)
    (entry,) = [e for e in elements if e.attrs.get("id") == "ppt-35-75-01-1002"]
    assert "Kantor Kelurahan Gentong" in entry.text
    assert "Senin–Sabtu 08.00–14.00" in entry.text
    hrefs = {a.attrs["href"] for a in find(elements, "a")}
    assert "tel:0343421234" in hrefs
    assert "https://wa.me/628112233445" in hrefs


def test_inactive_post_is_not_listed_and_its_map_tile_is_not_a_link(client) -> None:
    ServicePost.objects.filter(region__code="35.75.04.1010").update(is_active=False)
    elements = parse(client.get(URL).content)
    assert len(find(elements, "article")) == 34
    assert not [e for e in elements if e.attrs.get("id") == "ppt-35-75-04-1010"]
    map_links = [a for a in find(elements, "a") if "svg" in a.parents]
    assert len(map_links) == 33
    assert "#ppt-35-75-04-1010" not in {a.attrs["href"] for a in map_links}
    texts = [text_of(t) for t in find(elements, "text")]
    assert "Bugul Lor" in texts  # still drawn, so the map keeps its shape


def test_map_has_one_linked_tile_per_kelurahan_pointing_at_an_entry(client) -> None:
    elements = parse(client.get(URL).content)
    (svg,) = [e for e in find(elements, "svg") if e.attrs.get("aria-labelledby")]
    title_ids = svg.attrs["aria-labelledby"].split()
    ids = {e.attrs.get("id") for e in elements}
    assert all(i in ids for i in title_ids)
    assert find(elements, "title", id=title_ids[0]) and find(elements, "desc", id=title_ids[1])
    map_links = [a for a in find(elements, "a") if "svg" in a.parents]
    assert len(map_links) == 34
    for link in map_links:
        assert link.attrs["href"].startswith("#ppt-")
        assert link.attrs["href"][1:] in ids, link.attrs["href"]
        assert link.attrs["aria-label"].startswith("PPT Kelurahan ")
    labels = sorted(text_of(t) for t in find(elements, "text"))
    assert len(labels) == 34 and "Tapa'an" in labels and "Karangketug" in labels
    legend = [text_of(li) for li in find(elements, "li") if "figcaption" in li.parents]
    assert legend == [
        "Kecamatan Gadingrejo",
        "Kecamatan Purworejo",
        "Kecamatan Bugul Kidul",
        "Kecamatan Panggungrejo",
    ]


def test_posts_page_heading_order(client) -> None:
    elements = parse(client.get(URL).content)
    levels = [int(e.tag[1]) for e in elements if re.fullmatch(r"h[1-6]", e.tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_posts_page_query_count_is_constant(client, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        assert client.get(URL).status_code == 200
    # Fewer posts (and an inactive one) cost the same single query.
    ServicePost.objects.filter(region__code__startswith="35.75.02").delete()
    ServicePost.objects.filter(region__code="35.75.04.1001").update(is_active=False)
    with django_assert_num_queries(1):
        assert client.get(URL).status_code == 200


def test_posts_page_is_light(client) -> None:
    import gzip

    response = client.get(URL)
    # 35 posts with a geo: link and coordinates each, the map and the "Lokasi saya" section
    # (issue #15): about 44 kB as HTML, under 6 kB as sent compressed.
    assert len(response.content) < 46_000
    assert len(gzip.compress(response.content)) < 7_000
    assert b"<img" not in response.content


def test_anchor_ids_are_unique_and_match_the_helper(client) -> None:
    elements = parse(client.get(URL).content)
    ids = [e.attrs["id"] for e in elements if "id" in e.attrs]
    assert len(ids) == len(set(ids))
    for post in ServicePost.objects.filter(kind=ServicePostKind.PPT):
        assert post_anchor(post.region.code) in ids


def test_posts_page_only_answers_get(client) -> None:
    assert client.post(URL).status_code == 405


def test_the_finder_finds_gentong_by_typing_its_name(client) -> None:
    html = client.get("/ppt/", {"q": "gentong"}).content.decode()
    results = html.split('id="post-search-results"', 1)[1].split("</ul>", 1)[0]
    assert "Gentong" in results
    assert "Bugul" not in results


def test_a_street_name_finds_the_post_at_that_address(client) -> None:
    from payung.regions.models import ServicePost

    post = ServicePost.objects.filter(kind="ppt").order_by("pk").first()
    ServicePost.objects.filter(pk=post.pk).update(address="Jl. Contohan Fiktif No. 3")
    html = client.get("/ppt/", {"q": "contohan"}).content.decode()
    results = html.split('id="post-search-results"', 1)[1].split("</ul>", 1)[0]
    assert post.name in results and results.count("<li") == 1


def test_each_post_has_a_geo_link_and_coordinates_for_lokasi_saya(client) -> None:
    from payung.regions.models import Region

    gentong = Region.objects.get(code="35.75.01.1002")
    elements = parse(client.get(URL).content)
    (entry,) = [e for e in elements if e.attrs.get("id") == "ppt-35-75-01-1002"]
    lat, lng = f"{gentong.label_lat:.5f}", f"{gentong.label_lng:.5f}"
    assert (entry.attrs["data-lat"], entry.attrs["data-lng"]) == (lat, lng)
    geo = [a for a in find(elements, "a") if a.attrs.get("href", "").startswith("geo:")]
    assert f"geo:{lat},{lng}" in {a.attrs["href"] for a in geo}
    assert "Kantor Kelurahan Gentong" in entry.text  # the plain address beside it
    # Every kelurahan post (the centre's region is the whole city: no single point).
    kelurahan = [e for e in find(elements, "article") if e.attrs["id"].count("-") == 4]
    assert len(kelurahan) == 34 and all("data-lat" in e.attrs for e in kelurahan)


def test_lokasi_saya_is_hidden_without_javascript_and_sends_nothing(client) -> None:
    from pathlib import Path

    html = client.get(URL).content.decode()
    section = html.split('id="lokasi"', 1)[1].split(">", 1)[0]
    assert " hidden" in section  # no dead button without JavaScript
    assert "/static/payung/ppt-finder.js" in html
    script = (
        Path(__file__).resolve().parents[2] / "payung/static/payung/ppt-finder.js"
    ).read_text()
    assert "getCurrentPosition" in script
    # The position is used in the page only: nothing in the script can send it.
    for sender in (
        "fetch(",
        "XMLHttpRequest",
        "sendBeacon",
        "window.location",
        "document.location",
        ".submit(",
        "src =",
        "WebSocket",
    ):
        assert sender not in script, sender


def test_a_street_name_matches_jalan_jl_and_jln_alike(client) -> None:
    post = ServicePost.objects.filter(kind="ppt").order_by("pk").first()
    ServicePost.objects.filter(pk=post.pk).update(address="Jl. Contohan Fiktif No. 3")
    for query in ("jalan contohan", "Jln Contohan", "jl.contohan fiktif"):
        html = client.get(URL, {"q": query}).content.decode()
        results = html.split('id="post-search-results"', 1)[1].split("</ul>", 1)[0]
        assert post.name in results, query


def test_the_map_is_three_tiles_wide_so_it_fits_a_phone(client) -> None:
    elements = parse(client.get(URL).content)
    (svg,) = [e for e in find(elements, "svg") if e.attrs.get("aria-labelledby")]
    width = (
        int(svg.attrs["viewbox"].split()[2])
        if "viewbox" in svg.attrs
        else int(svg.attrs["viewBox"].split()[2])
    )
    xs = {
        int(r.attrs["x"])
        for r in find(elements, "rect")
        if "svg" in r.parents and int(r.attrs.get("width", 0)) > 20
    }
    assert len(xs) == 3 and width <= 400

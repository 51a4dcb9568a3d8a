"""The safe house's address is visible to its own staff and supervisors only. Walk every page
and API operation of the authorisation table as a case manager and as the system admin — the
roles closest to it — and scan each response for the address."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.accounts.conftest import signed_in
from tests.authz.table import API, API_PAGES, URLS
from tests.care.factories import SHELTER_ADDRESS, make_case, make_stay

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["case_manager", "sysadmin"])
def test_no_page_or_api_response_shows_the_shelter_address(personas, persona) -> None:
    shelter = personas.shelter.organisation.shelter
    make_stay(shelter, make_case(personas.case_manager), alias="Melati")
    client = signed_in(getattr(personas, persona))
    seen = 0
    for name, route in {**URLS, **API_PAGES}.items():
        if route.method != "GET":
            continue
        url = reverse(name, kwargs=route.kwargs(personas) if route.kwargs else {})
        response = client.get(url, follow=True)
        seen += response.status_code == 200
        assert SHELTER_ADDRESS not in response.content.decode(errors="replace"), url
    for op, route in API.items():
        method, path = op.split(" ", 1)
        if method != "GET":
            continue
        kwargs = route.kwargs(personas) if route.kwargs else {}
        url = re.sub(r"\{(\w+)\}", lambda m, kw=kwargs: str(kw[m.group(1)]), path)  # type: ignore[misc]
        cache.clear()  # the API rate limit would otherwise cut the walk short
        response = client.get(url)
        seen += response.status_code == 200
        assert SHELTER_ADDRESS not in response.content.decode(errors="replace"), op
    assert seen >= 8  # the walk reached real pages, not only refusals


def test_the_scan_would_catch_the_address(personas) -> None:
    # The same scan for a supervisor finds it: the test above can fail.
    shelter = personas.shelter.organisation.shelter
    body = signed_in(personas.supervisor).get(f"/layanan/rumah-aman/{shelter.pk}/").content
    assert SHELTER_ADDRESS in body.decode()

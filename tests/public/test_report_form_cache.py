"""The empty report form's fields come from a cache (issue #16); nothing per request does."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from payung.public.forms import PublicReportForm
from payung.public.report_views import unbound_fields_html
from tests.cases.helpers import public_form_data

pytestmark = pytest.mark.django_db

FORM = "/lapor/"
TOKENS = re.compile(r'name="(csrfmiddlewaretoken|submission_token)" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _tokens(html: str) -> dict[str, str]:
    return dict(TOKENS.findall(html))


def test_two_residents_get_the_same_fields_but_their_own_tokens() -> None:
    first = Client(enforce_csrf_checks=True).get(FORM).content.decode()
    second = Client(enforce_csrf_checks=True).get(FORM).content.decode()
    one, two = _tokens(first), _tokens(second)
    assert set(one) == set(two) == {"csrfmiddlewaretoken", "submission_token"}
    assert one["csrfmiddlewaretoken"] != two["csrfmiddlewaretoken"]
    assert one["submission_token"] != two["submission_token"]
    # Apart from the two tokens, the second (cached) page is the first (rendered) one.
    assert TOKENS.sub("", first) == TOKENS.sub("", second)
    assert 'name="violence_forms"' in second and "Gentong" in second


def test_the_cached_fields_are_what_the_form_renders_and_hold_no_token() -> None:
    form = PublicReportForm(city_code="35.75", initial={"submission_token": "abc"})
    html = unbound_fields_html(form)
    assert 'name="description"' in html and 'name="attachment"' in html
    assert "csrfmiddlewaretoken" not in html and "submission_token" not in html
    cache.clear()
    assert unbound_fields_html(PublicReportForm(city_code="35.75")) == html


def test_a_bound_form_is_never_cached() -> None:
    form = PublicReportForm({"description": "x"}, city_code="35.75")
    with pytest.raises(ValueError):
        unbound_fields_html(form)


def test_each_language_has_its_own_cached_fields() -> None:
    client = Client()
    indonesian = client.get(FORM).content.decode()
    with translation.override("en"):
        english = unbound_fields_html(PublicReportForm(city_code="35.75"))
    indonesian_fields = unbound_fields_html(PublicReportForm(city_code="35.75"))
    assert indonesian_fields in indonesian
    assert english != indonesian_fields


def test_a_refused_post_shows_the_residents_answers_not_the_cached_empty_fields() -> None:
    client = Client()
    client.get(FORM)  # fills the cache
    data = public_form_data(description="", address_detail="RT 09 RW 04 (uji)")
    response = client.post(FORM, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Laporan belum terkirim" in html
    # The answers given come back filled in (a cached empty form would drop them).
    assert "RT 09 RW 04 (uji)" in html

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from tests.public.html import find, parse, text_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/ppt/"])
def test_quick_exit_is_a_plain_link_on_every_public_page(client, path: str) -> None:
    elements = parse(client.get(path).content)
    (button,) = find(elements, "a", id="quick-exit")
    # A real link: it leaves even without JavaScript, and sends no Referer to the neutral site.
    assert button.attrs["href"] == settings.QUICK_EXIT_URL
    assert button.attrs["data-exit-url"] == settings.QUICK_EXIT_URL
    assert "noreferrer" in button.attrs["rel"]
    assert "target" not in button.attrs
    assert text_of(button) == "Keluar cepat"
    # First thing after the skip link, so it is one Tab away.
    links = find(elements, "a")
    assert links[0].attrs["href"] == "#main"
    assert links[1] is button


@pytest.mark.parametrize("path", ["/", "/ppt/"])
def test_quick_exit_script_is_served_from_our_origin(client, path: str) -> None:
    scripts = find(parse(client.get(path).content), "script")
    sources = [s.attrs["src"] for s in scripts]
    # Quick exit first; every script (the PPT finder adds its "lokasi saya") is our own file.
    assert sources[0] == f"{settings.STATIC_URL}payung/quick-exit.js"
    assert all(src.startswith(f"{settings.STATIC_URL}payung/") for src in sources)


def test_quick_exit_script_replaces_the_page_in_history() -> None:
    path = finders.find("payung/quick-exit.js")
    assert path
    source = Path(path).read_text(encoding="utf-8")
    assert 'getElementById("quick-exit")' in source
    assert "location.replace" in source
    assert "eval(" not in source and "innerHTML" not in source

"""htmx is loaded only by the pages that use it (issue #15, deliverable 9): a template with
hx- attributes gets ``{% htmx_script %}`` (itself, or every page that includes it), and a
page without any does not load the script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

PACKAGE = Path(__file__).resolve().parents[2] / "payung"
HX_ATTRIBUTE = re.compile(r"\shx-[a-z-]+=")
LOADS_HTMX = "{% htmx_script %}"
INCLUDE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")
HTMX_SRC = "django_htmx/htmx"


def _templates() -> dict[str, str]:
    found = {}
    for path in PACKAGE.rglob("templates/**/*.html"):
        name = path.as_posix().split("/templates/", 1)[1]
        found[name] = path.read_text(encoding="utf-8")
    return found


def _uses_htmx(name: str, templates: dict[str, str], seen: frozenset[str] = frozenset()) -> bool:
    """``name`` or a template it includes has hx- attributes."""
    text = templates.get(name, "")
    if HX_ATTRIBUTE.search(text):
        return True
    return any(
        _uses_htmx(child, templates, seen | {name})
        for child in INCLUDE.findall(text)
        if child not in seen
    )


def test_the_walk_sees_the_pages_that_use_htmx() -> None:
    templates = _templates()
    users = {name for name in templates if HX_ATTRIBUTE.search(templates[name])}
    assert {"audit/event_list.html", "cases/triage_queue.html"} <= users


def test_every_template_with_hx_attributes_gets_htmx() -> None:
    templates = _templates()
    missing = []
    for name, text in templates.items():
        if not HX_ATTRIBUTE.search(text) or LOADS_HTMX in text:
            continue
        # A partial: every template that includes it must load htmx.
        includers = [n for n, t in templates.items() if name in INCLUDE.findall(t)]
        if not includers or not all(LOADS_HTMX in templates[n] for n in includers):
            missing.append(name)
    assert not missing, f"hx- attributes without {LOADS_HTMX}: {missing}"


def test_no_template_loads_htmx_without_using_it() -> None:
    templates = _templates()
    idle = [n for n, t in templates.items() if LOADS_HTMX in t and not _uses_htmx(n, templates)]
    assert not idle, idle
    assert LOADS_HTMX not in templates["base.html"]


@pytest.mark.django_db
def test_a_page_with_hx_loads_htmx_and_one_without_does_not(client: Client, personas) -> None:
    client.force_login(personas.dpo)
    assert HTMX_SRC in client.get("/audit/").content.decode()
    home = client.get("/akun/").content.decode()
    assert "bootstrap.bundle.min.js" in home and HTMX_SRC not in home
    client.logout()
    assert HTMX_SRC not in client.get("/ppt/").content.decode()

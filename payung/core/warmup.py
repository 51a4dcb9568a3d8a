"""Warm a server process's caches before it serves (gunicorn.conf.py, ``when_ready``).

gunicorn loads the application in its master and forks the workers from it
(``preload_app``). What Django builds lazily on first use — the URL resolver, the compiled
templates of the page and of the form widgets, the translation catalogues — would otherwise be
built again by every worker, on the requests it serves first, and again after every recycle
(``max_requests``), while that worker's first pages are slow. Built once in the master, the
workers inherit them (docs/performance.md, "Warm workers").

Nothing here touches the database (a connection opened in the master would be shared by the
forked workers).
"""

from __future__ import annotations

import logging
from pathlib import Path

logger = logging.getLogger(__name__)

TEMPLATE_SUFFIXES = (".html", ".txt")


def _templates(directories: list[Path]) -> list[str]:
    names = []
    for directory in directories:
        if not directory.is_dir():
            continue
        for path in sorted(directory.rglob("*")):
            if path.suffix in TEMPLATE_SUFFIXES and path.is_file():
                names.append(path.relative_to(directory).as_posix())
    return names


def _directories(engine: object) -> list[Path]:
    """Where ``engine`` finds templates: its DIRS and every app's template directory
    (django-template-partials wraps the loaders, so the engine's own APP_DIRS reads False)."""
    from django.template.utils import get_app_template_dirs

    found: list[Path] = []
    for directory in [
        *getattr(engine, "template_dirs", ()),
        *get_app_template_dirs(getattr(engine, "app_dirname", "templates")),
    ]:
        if Path(directory) not in found:
            found.append(Path(directory))
    return found


def _compile(engine: object, directories: list[Path], *, forms_only: bool = False) -> int:
    """Load every template under ``directories`` through ``engine`` (its cached loader keeps
    them); with ``forms_only``, only the forms' templates (``django/forms/…`` and our
    ``<app>/forms/…``), the only ones the forms' renderer draws. A template that does not
    compile alone is skipped: it fails where it is used."""
    from django.template import TemplateDoesNotExist, TemplateSyntaxError

    compiled = 0
    for name in _templates(directories):
        if forms_only and "forms/" not in name:
            continue
        try:
            engine.get_template(name)  # type: ignore[attr-defined]
        except (TemplateDoesNotExist, TemplateSyntaxError):
            continue
        compiled += 1
    return compiled


def warm() -> dict[str, int]:
    """Build the lazy caches; returns how many templates were compiled, per engine."""
    from django.conf import settings
    from django.forms.renderers import get_default_renderer
    from django.template import engines
    from django.urls import get_resolver, reverse
    from django.utils import translation

    counts: dict[str, int] = {}
    # The URL patterns, and the reverse lookup tables every {% url %} reads.
    get_resolver()
    reverse("cases:case_list")
    # The forms' renderer has an engine of its own (Django's widget templates and ours).
    renderer_engine = getattr(get_default_renderer(), "engine", None)
    for name, engine in [(e.name, e) for e in engines.all()] + [("forms", renderer_engine)]:
        if engine is None:
            continue
        counts[name] = _compile(engine, _directories(engine), forms_only=name == "forms")
    # Every language's catalogue.
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Kasus")
    logger.info("warmed: %s templates compiled", counts)
    return counts

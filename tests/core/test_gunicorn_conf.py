"""gunicorn loads the application in its master and forks the workers (``preload_app``): that
is only safe while loading the application opens no database connection, which the forked
workers would then share."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.test_deploy_check import production_env

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import payung.wsgi
from django.db import connections
from django.template import engines
from payung.core.warmup import warm
counts = warm()
opened = [alias for alias in connections if connections[alias].connection is not None]
print("OPENED", opened)
print("COUNTS", counts["django"], counts["forms"])
# The cached loader now holds the case page: a worker forked from here renders it warm.
loader = engines["django"].engine.template_loaders[0]
cached = loader.loaders[0] if hasattr(loader, "loaders") else loader
print("CACHED", "cases/case_detail.html" in cached.get_template_cache)
"""


def test_the_application_is_preloaded_unless_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GUNICORN_PRELOAD", raising=False)
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["preload_app"] is True
    monkeypatch.setenv("GUNICORN_PRELOAD", "0")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["preload_app"] is False


def test_loading_and_warming_the_application_opens_no_database_connection(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "OPENED []" in result.stdout, result.stdout
    counts = next(line for line in result.stdout.splitlines() if line.startswith("COUNTS"))
    django_templates, form_templates = map(int, counts.split()[1:])
    assert django_templates > 100 and form_templates > 30, counts
    assert "CACHED True" in result.stdout, result.stdout

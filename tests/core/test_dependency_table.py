"""Every dependency is explained (issue #15, deliverable 9): each runtime and development
requirement in pyproject.toml and each package in package.json has a row in the dependency
tables of docs/architecture.md saying why it is there."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0].strip().lower()


def _table_rows() -> set[str]:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = doc.split("## Dependencies and why each is there", 1)[1].split("\n## ", 1)[0]
    rows = set()
    for line in section.splitlines():
        if line.startswith("| ") and not line.startswith("| package") and "---" not in line:
            first_cell = line.split("|")[1].lower()
            # "django-otp (+ segno)", "pytest, pytest-django", "Django 5.2 LTS"
            rows.update(re.findall(r"@?[a-z0-9][a-z0-9_./-]*", first_cell))
    return rows


def test_every_python_requirement_has_a_row() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {_name(r) for r in project["dependencies"]}
    names |= {_name(r) for r in project["optional-dependencies"]["dev"]}
    missing = sorted(names - _table_rows())
    assert not missing, f"explain these in docs/architecture.md: {missing}"


def test_every_npm_package_has_a_row() -> None:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    names = {
        n.lower() for n in {**package.get("dependencies", {}), **package.get("devDependencies", {})}
    }
    missing = sorted(names - _table_rows())
    assert not missing, f"explain these in docs/architecture.md: {missing}"


def test_every_npm_package_is_served() -> None:
    """A front-end package nobody serves is dead weight: each is mounted as a static folder
    (``STATICFILES_DIRS``, its ``dist/`` under ``vendor/<name>``)."""
    from django.conf import settings

    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    served = {
        str(source).split("node_modules/", 1)[1].split("/dist", 1)[0]
        for entry in settings.STATICFILES_DIRS
        for source in ([entry[1]] if isinstance(entry, tuple) else [entry])
        if "node_modules/" in str(source)
    }
    unserved = sorted(set(package.get("dependencies", {})) - served)
    assert not unserved, unserved

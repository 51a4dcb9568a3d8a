from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def anchor_file(settings, tmp_path: Path) -> Path:
    """Each test starts with no anchor file of its own (as on a first run)."""
    path = tmp_path / "anchor" / "audit-anchor.json"
    settings.AUDIT_ANCHOR_FILE = path
    return path

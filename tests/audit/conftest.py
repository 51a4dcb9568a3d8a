from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def anchor_file(settings, tmp_path: Path) -> Path:
    """Each test starts with no anchor file of its own (as on a first run)."""
    path = tmp_path / "anchor" / "audit-anchor.json"
    settings.AUDIT_ANCHOR_FILE = path
    return path


@pytest.fixture(autouse=True)
def one_event_chain(settings) -> None:
    """The audit events as one chain (shard 0), as before they were sharded: the tests of
    the chain mechanics here count on one line of ``seq`` (``get(seq=3)``). Sharding has
    its own tests (tests/audit/test_event_shards.py, which sets its own count)."""
    settings.AUDIT_EVENT_SHARDS = 1


@pytest.fixture
def one_access_chain(settings) -> None:
    """The access log as a single chain (shard 0), as it was before sharding: for tests of
    the chain mechanics that count on one line of ``seq``. Sharding has its own tests
    (tests/audit/test_access_shards.py)."""
    settings.AUDIT_ACCESS_SHARDS = 1

"""The last verified head of each chain, kept in a file outside the database.

A walk of the chain alone cannot see rows removed from its *end*, nor a table emptied with
TRUNCATE: what is left is still a consistent chain. So ``manage.py verify_audit`` writes, after
every successful check, the head it verified (``seq`` and ``hash`` per chain) to
``settings.AUDIT_ANCHOR_FILE``, and the next check compares against it: a chain that now ends
before the anchored ``seq``, or whose row at that ``seq`` has another hash, fails.

The file is only worth something if whoever can tamper with the database cannot also rewrite
it: docs/deployment.md puts it in a folder that the web process can read but not write (the
nightly job runs as another user), and the DPO copies the head to the register now and then.

The file is small JSON::

    {"version": 1, "written_at": "2026-05-01T02:00:03+07:00",
     "chains": {"events": {"seq": 1234, "hash": "ab12…"}, "access": {"seq": 88, "hash": "…"},
                "access.7": {"seq": 12, "hash": "…"}}}

(``access`` is the access log's shard 0, ``access.N`` its shard N: payung.audit.verify.)

It is replaced atomically (a temporary file in the same folder, flushed, then renamed), so a
reader never sees half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from payung.audit.verify import Anchor, VerificationResult, split_key

VERSION = 1


class AnchorFileError(Exception):
    """The anchor file exists but cannot be read or makes no sense: never silently ignored."""


@dataclass(frozen=True)
class AnchorFile:
    path: Path
    anchors: dict[str, Anchor]
    written_at: datetime | None


def anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def load(path: Path | None = None) -> AnchorFile | None:
    """The anchors recorded at ``path``; ``None`` when there is no file yet (first run)."""
    path = path or anchor_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AnchorFileError(f"the anchor file {path} cannot be read: {exc}") from exc
    try:
        data = json.loads(text)
        if data.get("version") != VERSION:
            raise ValueError(f"unknown version {data.get('version')!r}")
        anchors: dict[str, Anchor] = {}
        for name, head in data["chains"].items():
            split_key(name)  # "events", "access", "access.7", "events.7" (a shard)
            anchor = Anchor(seq=int(head["seq"]), hash=str(head["hash"]).lower())
            if anchor.seq < 1 or len(anchor.hash) != 64:
                raise ValueError(f"bad head for {name}: {head!r}")
            anchors[name] = anchor
        written = data.get("written_at")
        written_at = datetime.fromisoformat(written) if written else None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise AnchorFileError(f"the anchor file {path} is not valid: {exc}") from exc
    return AnchorFile(path=path, anchors=anchors, written_at=written_at)


def heads(result: VerificationResult) -> dict[str, Anchor]:
    """The heads a successful verification reached (chains without rows have none)."""
    return {key: head for chain in result.chains if chain.ok for key, head in chain.heads.items()}


def save(anchors: Mapping[str, Anchor], path: Path | None = None) -> AnchorFile:
    """Write ``anchors`` atomically: a reader sees the old file or the new one, never half."""
    path = path or anchor_path()
    written_at = timezone.localtime()
    data = {
        "version": VERSION,
        "written_at": written_at.isoformat(timespec="seconds"),
        "chains": {
            name: {"seq": anchor.seq, "hash": anchor.hash}
            for name, anchor in sorted(anchors.items())
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # readable by the web process (the DPO screen), not writable
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return AnchorFile(path=path, anchors=dict(anchors), written_at=written_at)

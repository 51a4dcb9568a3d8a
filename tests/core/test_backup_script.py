"""deploy/backup.sh writes the dump only encrypted to the DPO's key, and a failed dump
leaves no backup behind (issue #14)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "deploy" / "backup.sh"
SECRET = b"PGDMP fake dump: Mawar Contohsari 3575014101900001"

pytestmark = pytest.mark.skipif(shutil.which("gpg") is None, reason="gpg not installed")


@pytest.fixture(autouse=True)
def _stop_gpg_agents(tmp_path: Path) -> Iterator[None]:
    """gpg starts an agent per key home; stop them so no daemon outlives the test."""
    yield
    for home in tmp_path.glob("*gnupg*"):
        subprocess.run(
            ["gpgconf", "--homedir", str(home), "--kill", "gpg-agent"],
            check=False,
            capture_output=True,
        )


def _dpo_key(home: Path) -> Path:
    home.mkdir(mode=0o700)
    env = {**os.environ, "GNUPGHOME": str(home)}
    subprocess.run(
        ["gpg", "--batch", "--passphrase", "", "--quick-gen-key", "dpo@example.test",
         "future-default", "default", "never"],
        check=True, env=env, capture_output=True,
    )  # fmt: skip
    public = home.parent / "dpo.asc"
    public.write_bytes(
        subprocess.run(
            ["gpg", "--batch", "--export", "--armor", "dpo@example.test"],
            check=True, env=env, capture_output=True,
        ).stdout
    )  # fmt: skip
    return public


def _fake_pg_dump(tmp_path: Path, *, fail: bool = False) -> Path:
    stub = tmp_path / "pg_dump"
    body = "exit 3" if fail else f"printf '%s' '{SECRET.decode()}'"
    stub.write_text(f"#!/bin/sh\n{body}\n")
    stub.chmod(0o755)
    return stub


def _run(tmp_path: Path, public: Path, stub: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "BACKUP_DIR": str(tmp_path / "backups"),
        "BACKUP_GPG_RECIPIENT_FILE": str(public),
        "PG_DUMP": str(stub),
    }
    return subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True)


def test_backup_is_encrypted_to_the_dpo_and_decrypts_with_her_key(tmp_path: Path) -> None:
    home = tmp_path / "dpo-gnupg"
    public = _dpo_key(home)
    result = _run(tmp_path, public, _fake_pg_dump(tmp_path))
    assert result.returncode == 0, result.stderr
    written = Path(result.stdout.strip())
    assert written.name.endswith(".dump.gpg")
    stored = written.read_bytes()
    assert b"Mawar" not in stored and b"3575014101900001" not in stored
    assert oct(written.stat().st_mode & 0o777) == "0o600"
    assert Path(f"{written}.sha256").exists()
    # Only the files the script meant to leave: no plaintext dump beside them.
    assert sorted(p.name for p in written.parent.iterdir()) == [
        written.name,
        f"{written.name}.sha256",
    ]
    opened = subprocess.run(
        ["gpg", "--batch", "--quiet", "--decrypt", str(written)],
        env={**os.environ, "GNUPGHOME": str(home)},
        check=True,
        capture_output=True,
    ).stdout
    assert opened == SECRET


def test_a_failed_dump_fails_the_backup_and_leaves_no_file(tmp_path: Path) -> None:
    public = _dpo_key(tmp_path / "dpo-gnupg")
    result = _run(tmp_path, public, _fake_pg_dump(tmp_path, fail=True))
    assert result.returncode != 0
    assert list((tmp_path / "backups").iterdir()) == []


def test_without_a_recipient_nothing_is_dumped(tmp_path: Path) -> None:
    env = {**os.environ, "BACKUP_DIR": str(tmp_path / "b"), "PG_DUMP": "false"}
    env.pop("BACKUP_GPG_RECIPIENT_FILE", None)
    env.pop("BACKUP_AGE_RECIPIENT", None)
    result = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True)
    assert result.returncode == 2
    assert "BACKUP_GPG_RECIPIENT_FILE" in result.stderr

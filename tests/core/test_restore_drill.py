"""The quarterly restore drill, end to end (docs/deployment.md §5).

deploy/backup.sh dumps a real PostgreSQL database encrypted to the DPO's key, and
deploy/restore_drill.sh opens it with her key, restores it into a scratch database, verifies
the audit chains and decrypts a sample with the application keys. Only the systemd wrapper
(deploy/payung-manage) is replaced: a test cannot switch users through systemd, so a stand-in
loads the same extra environment file and runs manage.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.cases.helpers import make_report, reseed_reference_data

ROOT = Path(__file__).resolve().parents[2]
BACKUP = ROOT / "deploy" / "backup.sh"
DRILL = ROOT / "deploy" / "restore_drill.sh"
TOOLS = ("gpg", "pg_dump", "pg_restore", "createdb", "dropdb")

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the drill restores a PostgreSQL dump"
    ),
    pytest.mark.skipif(
        any(shutil.which(tool) is None for tool in TOOLS),
        reason="needs gpg and the PostgreSQL client programs",
    ),
]


@pytest.fixture(autouse=True, scope="module")
def _restore_reference_data_after_module(django_db_blocker: Any) -> Iterator[None]:
    # The transactional tests end with a flush of every table, the seeded regions and
    # services included; the tests after this module expect them.
    yield
    with django_db_blocker.unblock():
        reseed_reference_data()


@pytest.fixture
def dpo_home(tmp_path: Path) -> Iterator[Path]:
    home = tmp_path / "dpo-gnupg"
    home.mkdir(mode=0o700)
    env = {**os.environ, "GNUPGHOME": str(home)}
    subprocess.run(
        ["gpg", "--batch", "--passphrase", "", "--quick-gen-key", "dpo@example.test",
         "future-default", "default", "never"],
        check=True, env=env, capture_output=True,
    )  # fmt: skip
    yield home
    subprocess.run(
        ["gpgconf", "--homedir", str(home), "--kill", "gpg-agent"],
        check=False,
        capture_output=True,
    )


def _libpq_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    if db.get("HOST"):
        env["PGHOST"] = db["HOST"]
    if db.get("PORT"):
        env["PGPORT"] = str(db["PORT"])
    if db.get("USER"):
        env["PGUSER"] = db["USER"]
    return env


def _stand_in_app(tmp_path: Path) -> Path:
    """An APP directory whose deploy/payung-manage runs this checkout's manage.py."""
    app = tmp_path / "app"
    (app / "deploy").mkdir(parents=True)
    wrapper = app / "deploy" / "payung-manage"
    wrapper.write_text(
        "#!/bin/sh\nset -eu\n"
        'set -a; . "$PAYUNG_EXTRA_ENV"; set +a\n'
        f'cd "{ROOT}"\n'
        f'exec "{sys.executable}" manage.py "$@"\n'
    )
    wrapper.chmod(0o755)
    return app


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_verifies_and_decrypts(tmp_path: Path, dpo_home: Path) -> None:
    reseed_reference_data()
    make_report(description="Drill: laporan contoh milik Mawar Contohsari.")
    env = _libpq_env()
    public = tmp_path / "dpo.asc"
    public.write_bytes(
        subprocess.run(
            ["gpg", "--batch", "--export", "--armor", "dpo@example.test"],
            check=True, env={**env, "GNUPGHOME": str(dpo_home)}, capture_output=True,
        ).stdout
    )  # fmt: skip

    backup = subprocess.run(
        ["bash", str(BACKUP)],
        env={
            **env,
            "BACKUP_DIR": str(tmp_path / "backups"),
            "BACKUP_GPG_RECIPIENT_FILE": str(public),
        },
        capture_output=True,
        text=True,
    )
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip())
    assert b"Mawar" not in dump.read_bytes()

    scratch = f"{env['PGDATABASE']}_drill"
    drill_env = {
        **env,
        "GNUPGHOME": str(dpo_home),
        "RESTORE_DB": scratch,
        "PAYUNG_APP": str(_stand_in_app(tmp_path)),
        "PAYUNG_USER": env.get("PGUSER", "postgres"),
        # The stand-in reads the test keys, as production reads /etc/payung/env.
        "DJANGO_SETTINGS_MODULE": "payung.settings_test",
    }
    drill_env.pop("DATABASE_URL", None)
    try:
        drill = subprocess.run(
            ["bash", str(DRILL), str(dump)], env=drill_env, capture_output=True, text=True
        )
        assert drill.returncode == 0, drill.stdout + drill.stderr
        assert f"restored into {scratch}" in drill.stdout
        assert "decrypted" in drill.stdout and "1 reports" in drill.stdout
        assert "restore drill passed" in drill.stdout
    finally:
        subprocess.run(["dropdb", "--if-exists", scratch], env=env, check=False)


@pytest.mark.django_db(transaction=True)
def test_a_tampered_backup_fails_the_drill(tmp_path: Path, dpo_home: Path) -> None:
    dump = tmp_path / "payung.dump.gpg"
    dump.write_bytes(b"not a backup")
    (tmp_path / "payung.dump.gpg.sha256").write_text(f"{'0' * 64}  {dump}\n")
    drill = subprocess.run(
        ["bash", str(DRILL), str(dump)],
        env={**_libpq_env(), "GNUPGHOME": str(dpo_home), "RESTORE_DB": "never_created"},
        capture_output=True,
        text=True,
    )
    assert drill.returncode != 0
    assert "restored into" not in drill.stdout

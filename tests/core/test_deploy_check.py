"""Production settings pass Django's deployment checklist with no warnings."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        PAYUNG_ENV="production",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        FIELD_ENCRYPTION_KEY=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        BLIND_INDEX_KEY=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        REPORT_PIN_KEY=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        ALLOWED_HOSTS="payung.example.go.id",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        PAYUNG_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="payung.settings",
    )
    return env


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_keys(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    del env["FIELD_ENCRYPTION_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY is required" in result.stderr


def test_a_malformed_boolean_fails_loudly(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    env["DEBUG"] = "maybe"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr

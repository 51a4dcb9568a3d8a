"""Links in the demo's e-mails and the start banner point at the port the demo really runs on."""

from __future__ import annotations

import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from payung.notifications.services import absolute_url

ROOT = Path(__file__).resolve().parents[2]


def make_dry_run(*args: str) -> list[str]:
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own Makefile
        ["make", "-n", "run", *args],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.splitlines()


def line_of(lines: list[str], command: str) -> str:
    return next(line for line in lines if f"manage.py {command}" in line)


@pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")
def test_make_run_passes_the_chosen_port_to_the_demo_and_the_server() -> None:
    lines = make_dry_run("PORT=8123")
    for command in ("load_demo", "demo_accounts", "runserver"):
        assert "SITE_URL=http://127.0.0.1:8123 " in line_of(lines, command), command
    assert line_of(lines, "runserver").endswith("runserver 127.0.0.1:8123")


@pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")
def test_a_server_on_every_address_is_linked_through_localhost_and_site_url_wins() -> None:
    assert "SITE_URL=http://127.0.0.1:8000 " in line_of(make_dry_run("HOST=0.0.0.0"), "runserver")
    lines = make_dry_run("SITE_URL=https://demo.example.go.id", "PORT=9000")
    assert "SITE_URL=https://demo.example.go.id " in line_of(lines, "demo_accounts")


@pytest.mark.django_db
def test_the_start_banner_links_to_site_url(settings) -> None:
    settings.SITE_URL = "http://127.0.0.1:8123"
    out = StringIO()

    call_command("demo_accounts", stdout=out)

    assert "Sign in at http://127.0.0.1:8123/akun/masuk/ with password" in out.getvalue()
    assert ":8000" not in out.getvalue()


def test_e_mail_links_use_site_url(settings) -> None:
    settings.SITE_URL = "http://127.0.0.1:8123/"
    assert absolute_url("/kasus/7/") == "http://127.0.0.1:8123/kasus/7/"

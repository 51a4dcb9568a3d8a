"""Helpers for the accounts tests: TOTP codes computed the way an authenticator app does."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from payung.accounts.models import User


def totp_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now, moved one step ahead if the current step was
    already used (django-otp refuses a replayed code; its tolerance accepts the next step)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        totp.drift += device.last_t + 1 - totp.t()
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    right = int(totp_code(device))
    return f"{(right + 1) % 1_000_000:06d}"


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Aplikasi autentikator", confirmed=True)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def require_2fa(settings: Any) -> None:
    settings.REQUIRE_2FA = True

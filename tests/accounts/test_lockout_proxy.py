"""Sign-in lockout behind the reverse proxy: the client address is the forwarded one
(``client_ip()``, ``TRUSTED_PROXY_COUNT``), never the proxy's 127.0.0.1."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.conftest import PASSWORD

LOGIN = "/akun/masuk/"
WRONG = "tebakan-salah-99"


def behind_proxy(address: str) -> Client:
    """A browser whose request reaches Django through nginx on the same host."""
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)


def _login(client: Client, username: str, password: str) -> int:
    return client.post(LOGIN, {"username": username, "password": password}).status_code


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_burst_from_one_address_does_not_lock_the_user_out_elsewhere(personas) -> None:
    attacker = behind_proxy("203.0.113.7")
    for _ in range(4):
        assert _login(attacker, "rina_mk", WRONG) == 200
    assert _login(attacker, "rina_mk", WRONG) == 429  # the fifth failure locks
    # The attacker's address is locked out of this account, even with the right password...
    assert _login(attacker, "rina_mk", PASSWORD) == 429
    # ...but the real user, at the office behind the same proxy, still signs in.
    assert _login(behind_proxy("198.51.100.20"), "rina_mk", PASSWORD) == 302


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_spraying_many_usernames_from_one_address_blocks_that_address(personas, settings) -> None:
    assert settings.AXES_ADDRESS_FAILURE_LIMIT == 20
    sprayer = behind_proxy("203.0.113.9")
    for n in range(19):
        # Never more than one try per username: the per-account limit is never reached.
        assert _login(sprayer, f"tebakan{n}", WRONG) == 200
    assert _login(sprayer, "tebakan19", WRONG) == 429  # the twentieth blocks the address
    assert _login(sprayer, "rina_mk", PASSWORD) == 429
    assert _login(sprayer, "budi_mk", PASSWORD) == 429
    # Other addresses are not affected.
    assert _login(behind_proxy("198.51.100.20"), "rina_mk", PASSWORD) == 302


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_nineteen_failures_from_one_address_do_not_block_it(personas) -> None:
    sprayer = behind_proxy("203.0.113.10")
    for n in range(19):
        _login(sprayer, f"tebakan{n}", WRONG)
    assert _login(sprayer, "rina_mk", PASSWORD) == 302


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_one_valid_sign_in_does_not_wipe_a_spray_from_the_same_address(personas) -> None:
    sprayer = behind_proxy("203.0.113.11")
    for n in range(19):
        _login(sprayer, f"tebakan{n}", WRONG)
    # The sprayer holds one account of their own and signs in with it...
    assert _login(behind_proxy("203.0.113.11"), "budi_mk", PASSWORD) == 302
    # ...the spray is still counted: one more failure blocks the address.
    _login(sprayer, "tebakan-lagi", WRONG)
    assert _login(behind_proxy("203.0.113.11"), "rina_mk", PASSWORD) == 429


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_a_trusted_proxy_a_forged_header_is_ignored(personas) -> None:
    # Directly exposed (no proxy): X-Forwarded-For is the client's own claim and is not
    # believed, so rotating it does not escape the lockout.
    for n in range(5):
        client = Client(REMOTE_ADDR="203.0.113.12", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
        _login(client, "rina_mk", WRONG)
    forged = Client(REMOTE_ADDR="203.0.113.12", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert _login(forged, "rina_mk", PASSWORD) == 429

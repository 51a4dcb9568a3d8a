"""Personal API tokens: narrowed to read-only and to parts of the API at creation, refused
while their owner lacks a required second factor, and revoked by the changes that make them
untrustworthy (a new password, a reset second factor, a deactivated account)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from payung.accounts import services
from payung.accounts.api_auth import ALWAYS_ALLOWED, part_of
from payung.accounts.models import ApiPart, ApiToken
from payung.audit.models import AuditEvent
from tests.api.conftest import bearer
from tests.api.test_auth import assert_error
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"
CASES = "/api/v1/cases/"
REGIONS = "/api/v1/regions/"
REPORTS = "/api/v1/reports/"


def _token(user, **limits) -> tuple[ApiToken, str]:
    return services.api_token_create(actor=user, name="integrasi", days=1, **limits)


def _post_json(client: Client, url: str, raw: str):
    return client.post(url, json.dumps({}), content_type="application/json", headers=bearer(raw))


# --- Narrowed at creation ---------------------------------------------------------------


def test_every_api_operation_belongs_to_one_part() -> None:
    from payung.api.api import api

    root = "/api/v1/"
    unassigned = [
        path
        for path in api.get_openapi_schema()["paths"]
        if path.removeprefix(root) not in ALWAYS_ALLOWED
        and part_of(path.removeprefix(root)) is None
    ]
    assert unassigned == []


def test_a_read_only_token_may_read_but_not_write(client: Client, personas) -> None:
    _t, raw = _token(personas.case_manager, read_only=True)
    assert client.get(CASES, headers=bearer(raw)).status_code == 200
    assert_error(_post_json(client, REPORTS, raw), 403, "token_read_only")


def test_a_full_token_reaches_the_write_endpoint(client: Client, personas) -> None:
    _t, raw = _token(personas.case_manager)
    # Past authentication: the body is what is wrong now, not the token.
    assert _post_json(client, REPORTS, raw).status_code not in (401, 403)


def test_a_token_limited_to_reference_data_cannot_read_cases(client: Client, personas) -> None:
    _t, raw = _token(personas.case_manager, parts=[ApiPart.REFERENCE])
    assert client.get(REGIONS, headers=bearer(raw)).status_code == 200
    assert client.get(ME, headers=bearer(raw)).status_code == 200
    assert_error(client.get(CASES, headers=bearer(raw)), 403, "token_scope")
    assert_error(
        client.post(
            "/api/v1/people/search",
            {"name": "Mawar"},
            content_type="application/json",
            headers=bearer(raw),
        ),
        403,
        "token_scope",
    )
    assert_error(client.get(REPORTS, headers=bearer(raw)), 403, "token_scope")


def test_unknown_parts_are_refused_at_creation(personas) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _token(personas.case_manager, parts=["admin"])


def test_the_security_page_creates_a_narrowed_token(personas) -> None:
    client = Client()
    client.force_login(personas.analyst)
    response = client.post(
        "/akun/keamanan/token/",
        {"name": "Dasbor", "days": 30, "parts": ["reference"], "read_only": "on"},
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=personas.analyst)
    assert (token.read_only, token.parts) == (True, ["reference"])
    assert "Hanya baca" in client.get("/akun/keamanan/").content.decode()
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.changes == {"read_only": [None, True], "parts": [None, ["reference"]]}


def test_the_security_page_needs_at_least_one_part(personas) -> None:
    client = Client()
    client.force_login(personas.analyst)
    response = client.post("/akun/keamanan/token/", {"name": "Dasbor", "days": 30})
    assert "parts" in response.context["token_form"].errors
    assert not ApiToken.objects.exists()


# --- Two-factor authentication ----------------------------------------------------------


def test_a_token_made_before_2fa_was_required_is_refused_until_a_device_is_confirmed(
    client: Client, personas, settings
) -> None:
    settings.REQUIRE_2FA = False
    _t, raw = _token(personas.case_manager)
    assert client.get(CASES, headers=bearer(raw)).status_code == 200

    settings.REQUIRE_2FA = True
    assert_error(client.get(CASES, headers=bearer(raw)), 403, "two_factor_required")
    assert_error(client.get(ME, headers=bearer(raw)), 403, "two_factor_required")

    TOTPDevice.objects.create(user=personas.case_manager, name="app", confirmed=True)
    assert client.get(CASES, headers=bearer(raw)).status_code == 200


def test_a_role_without_required_2fa_keeps_its_token(client: Client, personas, settings) -> None:
    settings.REQUIRE_2FA = True
    _t, raw = _token(personas.analyst)
    assert client.get(ME, headers=bearer(raw)).status_code == 200


def test_the_schema_is_refused_to_a_token_lacking_required_2fa(
    client: Client, personas, settings
) -> None:
    settings.REQUIRE_2FA = True
    _t, raw = _token(personas.case_manager)
    assert_error(
        client.get("/api/v1/openapi.json", headers=bearer(raw)), 403, "two_factor_required"
    )


# --- Revoked by the changes that make a token untrustworthy -----------------------------


def _revoked_with(user, note: str) -> None:
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    events = AuditEvent.objects.filter(action="api_token.revoke", note=note)
    assert events.count() == ApiToken.objects.filter(user=user).count() == 2


def test_changing_the_password_revokes_the_users_tokens(client: Client, personas) -> None:
    _token(personas.case_manager)
    _t, raw = _token(personas.case_manager)
    client.force_login(personas.case_manager)
    response = client.post(
        "/akun/keamanan/kata-sandi/",
        {
            "old_password": PASSWORD,
            "new_password1": "payung-baru-yang-kuat-7",
            "new_password2": "payung-baru-yang-kuat-7",
        },
    )
    assert response.status_code == 302
    _revoked_with(personas.case_manager, "password changed")
    assert_error(Client().get(ME, headers=bearer(raw)), 401, "invalid_token")


def test_an_admin_2fa_reset_revokes_the_users_tokens(personas) -> None:
    _token(personas.analyst)
    _token(personas.analyst)
    services.user_otp_reset(actor=personas.sysadmin, user=personas.analyst)
    _revoked_with(personas.analyst, "two-factor reset")


def test_removing_ones_own_2fa_revokes_ones_tokens(personas) -> None:
    _token(personas.analyst)
    _token(personas.analyst)
    TOTPDevice.objects.create(user=personas.analyst, name="app", confirmed=True)
    services.otp_devices_remove(actor=personas.analyst, user=personas.analyst)
    _revoked_with(personas.analyst, "two-factor reset")


def test_deactivating_the_user_revokes_their_tokens(personas) -> None:
    _token(personas.analyst)
    _token(personas.analyst)
    services.user_update(actor=personas.sysadmin, user=personas.analyst, is_active=False)
    _revoked_with(personas.analyst, "account deactivated")
    # Reactivating does not bring them back.
    services.user_update(actor=personas.sysadmin, user=personas.analyst, is_active=True)
    assert not ApiToken.objects.usable().filter(user=personas.analyst).exists()


def test_a_read_only_token_may_search_people_by_post(client: Client, personas) -> None:
    """The people search is a POST only to keep the NIK out of URLs: it stays a read."""
    _t, raw = _token(personas.case_manager, read_only=True)
    response = client.post(
        "/api/v1/people/search",
        {"nik": "3575014101900001"},
        content_type="application/json",
        headers=bearer(raw),
    )
    assert response.status_code == 200, response.content
    assert _post_json(client, REPORTS, raw).status_code == 403

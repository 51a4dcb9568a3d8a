"""Who may call the API: personal tokens and the staff session; nobody anonymously."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.utils import timezone

from payung.accounts.api_auth import SessionAuth, api_token_mark_used, require_capability
from payung.accounts.models import ApiToken
from payung.accounts.roles import Cap
from payung.accounts.services import api_token_revoke
from payung.core.api_errors import ApiError
from tests.api.conftest import bearer
from tests.factories import GENTONG

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], list)
    return body["error"]


def test_a_token_acts_as_its_user_with_its_scope(client: Client, personas, make_token) -> None:
    raw = make_token(personas.ppt_gentong)

    response = client.get(ME, headers=bearer(raw))

    assert response.status_code == 200
    assert response.json() == {
        "username": "siti_ppt",
        "full_name": personas.ppt_gentong.get_full_name(),
        "role": "ppt_officer",
        "role_label": "Petugas PPT kelurahan",
        "capabilities": sorted(personas.ppt_gentong.capabilities),
        "scope_code": GENTONG,
        "scope_name": "Gentong",
        "auth": "token",
    }


def test_token_use_is_recorded_at_most_once_a_minute(client: Client, personas, make_token) -> None:
    raw = make_token(personas.case_manager)
    token = ApiToken.objects.get(token_hash=ApiToken.hash(raw))
    assert token.last_used_at is None

    client.get(ME, headers=bearer(raw))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None

    client.get(ME, headers=bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == first

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get(ME, headers=bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at > first


def test_mark_used_skips_the_write_within_a_minute(
    personas, make_token, django_assert_num_queries
) -> None:
    raw = make_token(personas.case_manager)
    token = ApiToken.objects.get(token_hash=ApiToken.hash(raw))
    now = timezone.now()
    assert api_token_mark_used(token=token, now=now)
    with django_assert_num_queries(0):
        assert not api_token_mark_used(token=token, now=now + timedelta(seconds=59))
    assert api_token_mark_used(token=token, now=now + timedelta(seconds=61))


def test_a_revoked_token_is_refused(client: Client, personas, make_token) -> None:
    raw = make_token(personas.case_manager)
    api_token_revoke(
        actor=personas.case_manager, token=ApiToken.objects.get(token_hash=ApiToken.hash(raw))
    )

    response = client.get(ME, headers=bearer(raw))

    assert_error(response, 401, "invalid_token")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_is_refused(client: Client, personas, make_token) -> None:
    raw = make_token(personas.case_manager)
    ApiToken.objects.filter(token_hash=ApiToken.hash(raw)).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    assert_error(client.get(ME, headers=bearer(raw)), 401, "invalid_token")


def test_a_deactivated_users_token_is_refused(client: Client, personas, make_token) -> None:
    raw = make_token(personas.case_manager)
    personas.case_manager.is_active = False
    personas.case_manager.save()

    assert_error(client.get(ME, headers=bearer(raw)), 401, "invalid_token")


@pytest.mark.parametrize("raw", ["pyg_tidak-ada", "sk_live_abc", ""])
def test_unknown_or_malformed_tokens_are_refused(client: Client, personas, raw: str) -> None:
    assert_error(client.get(ME, headers=bearer(raw)), 401, "invalid_token")


def test_a_bad_token_does_not_fall_back_to_the_session(client: Client, personas) -> None:
    client.force_login(personas.case_manager)
    assert_error(client.get(ME, headers=bearer("pyg_salah")), 401, "invalid_token")


def test_the_session_works_for_the_browser(client: Client, personas) -> None:
    client.force_login(personas.supervisor)

    response = client.get(ME)

    assert response.status_code == 200
    assert response.json()["username"] == "lina_sup"
    assert response.json()["auth"] == "session"
    assert response.json()["scope_code"] == "35.75"


@pytest.mark.parametrize(
    "url",
    [
        ME,
        "/api/v1/regions/",
        "/api/v1/regions/35.75",
        "/api/v1/posts/",
        "/api/v1/regions/?level=planet",
    ],
)
def test_anonymous_callers_are_refused(client: Client, url: str) -> None:
    response = client.get(url)
    assert_error(response, 401, "not_authenticated")
    assert "autentikasi" in response.json()["error"]["message"].lower()


def test_a_session_needs_the_csrf_token_for_unsafe_methods(personas) -> None:
    factory = RequestFactory()
    auth = SessionAuth()

    request = factory.post("/api/v1/anything")
    request.COOKIES["sessionid"] = "x"
    request.user = personas.case_manager
    with pytest.raises(ApiError) as refused:
        auth(request)
    assert (refused.value.status, refused.value.code) == (403, "csrf_failed")

    request = factory.post("/api/v1/anything")
    request.COOKIES["sessionid"] = "x"
    request.user = personas.case_manager
    csrf = get_token(request)
    request.COOKIES["csrftoken"] = csrf
    request.META["HTTP_X_CSRFTOKEN"] = csrf
    assert auth(request) == personas.case_manager

    safe = factory.get("/api/v1/anything")
    safe.COOKIES["sessionid"] = "x"
    safe.user = personas.case_manager
    assert auth(safe) == personas.case_manager

    anonymous = factory.post("/api/v1/anything")
    anonymous.user = AnonymousUser()
    assert auth(anonymous) is None  # 401 follows, not a CSRF 403


def test_require_capability_answers_403(personas) -> None:
    request = RequestFactory().get("/api/v1/anything")
    request.auth = personas.analyst
    assert require_capability(request, Cap.STATS) == personas.analyst
    with pytest.raises(ApiError) as refused:
        require_capability(request, Cap.CASE_CONTENT)
    assert (refused.value.status, refused.value.code) == (403, "permission_denied")

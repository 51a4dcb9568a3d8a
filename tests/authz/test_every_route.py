"""Walk every URL pattern and API operation; check anonymous users and every role against
tests/authz/table.py. A route missing from the table fails here."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from payung.accounts.models import User
from payung.accounts.roles import ROLE_CAPABILITIES, Role
from tests.authz.table import API, API_PAGES, PUBLIC, STAFF, URLS, Route

API_NAMESPACE = "api-1.0.0"


def _walk(patterns: list[Any], namespace: str = "", prefix: str = "") -> list[tuple[str, str]]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += _walk(pattern.url_patterns, ns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            found.append(
                (
                    f"{namespace}{pattern.name}" if pattern.name else "",
                    prefix + str(pattern.pattern),
                )
            )
    return found


def url_names() -> list[tuple[str, str]]:
    return _walk(get_resolver().url_patterns)


def api_operations() -> list[str]:
    from payung.api.api import api

    schema = api.get_openapi_schema()
    return sorted(
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
    )


def allowed_roles(rule: Any) -> set[str]:
    if rule in (PUBLIC, STAFF):
        return set(Role.values)
    if isinstance(rule, frozenset):
        return set(rule)
    return {role for role, caps in ROLE_CAPABILITIES.items() if rule in caps}


def test_every_url_pattern_is_in_the_table() -> None:
    missing = []
    for name, route in url_names():
        if name.startswith(f"{API_NAMESPACE}:"):
            # ninja names operation patterns after their view functions; operations are
            # checked through the OpenAPI schema (test_every_api_operation_is_in_the_table).
            continue
        if not name:
            missing.append(f"<unnamed> {route}")
        elif name not in URLS:
            missing.append(f"{name} ({route})")
    assert missing == [], "add these routes to tests/authz/table.py:\n" + "\n".join(missing)


def test_every_api_operation_is_in_the_table() -> None:
    missing = [op for op in api_operations() if op not in API]
    assert missing == [], "add these API operations to tests/authz/table.py API:\n" + "\n".join(
        missing
    )


def test_table_has_no_stale_entries() -> None:
    names = {name for name, _ in url_names()}
    stale = [name for name in list(URLS) + list(API_PAGES) if name not in names]
    stale += [op for op in API if op not in api_operations()]
    assert stale == [], f"routes listed in the table no longer exist: {stale}"


def _request(
    client: Client,
    method: str,
    url: str,
    data: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> Any:
    if method == "GET":
        return client.get(url, data, headers=headers)
    return (
        getattr(client, method.lower())(url, data, content_type="application/json", headers=headers)
        if url.startswith("/api/")
        else client.post(url, data, headers=headers)
    )


def _url(name: str, route: Route, personas: Any) -> str:
    kwargs = route.kwargs(personas) if route.kwargs else {}
    return reverse(name, kwargs=kwargs)


def _api_url(op: str, route: Route, personas: Any) -> tuple[str, str]:
    method, path = op.split(" ", 1)
    kwargs = route.kwargs(personas) if route.kwargs else {}
    path = re.sub(r"\{(\w+)\}", lambda m: str(kwargs[m.group(1)]), path)
    return method, path


REFUSED = {403, 404}


def _is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and "/akun/masuk/" in response.get("Location", "")


@pytest.mark.django_db
def test_anonymous_reaches_only_the_public_allow_list(personas: Any) -> None:
    client = Client()
    problems = []
    for name, route in {**URLS, **API_PAGES}.items():
        url = _url(name, route, personas)
        response = _request(client, route.method, url, route.data, route.headers)
        if route.rule == PUBLIC:
            if response.status_code >= 400 and response.status_code != 405:
                problems.append(f"{name}: public route answered {response.status_code}")
        elif not (_is_login_redirect(response) or response.status_code in REFUSED | {401}):
            problems.append(f"{name}: anonymous got {response.status_code}")
    for op, route in API.items():
        method, url = _api_url(op, route, personas)
        response = _request(client, method, url, route.data, route.headers)
        if route.rule == PUBLIC:
            continue
        if response.status_code not in {401, 403, 404}:
            problems.append(f"{op}: anonymous got {response.status_code}")
    assert problems == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_each_role_is_refused_what_its_role_forbids(personas: Any, role: str) -> None:
    user: User = next(u for u in personas.all().values() if u.role == role)
    client = Client()
    client.force_login(user)
    problems = []
    for name, route in {**URLS, **API_PAGES}.items():
        if route.rule in (PUBLIC,) or name == "accounts:logout":
            continue
        url = _url(name, route, personas)
        response = _request(client, route.method, url, route.data, route.headers)
        if role in allowed_roles(route.rule):
            if response.status_code in REFUSED:
                problems.append(f"{name}: allowed role got {response.status_code}")
        elif response.status_code not in REFUSED:
            problems.append(f"{name}: forbidden role got {response.status_code}")
    for op, route in API.items():
        if route.rule == PUBLIC:
            continue
        method, url = _api_url(op, route, personas)
        response = _request(client, method, url, route.data, route.headers)
        if role in allowed_roles(route.rule):
            if response.status_code in REFUSED | {401}:
                problems.append(f"{op}: allowed role got {response.status_code}")
        elif response.status_code not in REFUSED:
            problems.append(f"{op}: forbidden role got {response.status_code}")
    assert problems == [], f"{role}:\n" + "\n".join(problems)

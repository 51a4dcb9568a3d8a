"""The schema and the interactive docs are for signed-in staff with Cap.API_DOCS."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from ninja import Schema

from tests.api.conftest import bearer
from tests.api.test_auth import assert_error

pytestmark = pytest.mark.django_db

SCHEMA, DOCS = "/api/v1/openapi.json", "/api/v1/docs"


def test_the_schema_lists_the_paths_and_the_error_shape(client: Client, personas) -> None:
    client.force_login(personas.case_manager)

    response = client.get(SCHEMA)

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"]["title"] == "Payung API"
    assert {"/api/v1/me", "/api/v1/regions/", "/api/v1/regions/{code}", "/api/v1/posts/"} <= set(
        schema["paths"]
    )
    detail = schema["paths"]["/api/v1/regions/{code}"]["get"]["responses"]
    assert {"200", "401", "404", "429"} <= set(detail)
    assert "ErrorOut" in schema["components"]["schemas"]
    security = schema["components"]["securitySchemes"]
    assert {"TokenAuth", "SessionAuth"} <= set(security)


def test_the_schema_accepts_a_token(client: Client, personas, make_token) -> None:
    response = client.get(SCHEMA, headers=bearer(make_token(personas.sysadmin)))
    assert response.status_code == 200
    assert "paths" in response.json()


def test_the_schema_is_not_public(client: Client) -> None:
    assert_error(client.get(SCHEMA), 401, "not_authenticated")
    assert_error(client.get(SCHEMA, headers=bearer("pyg_salah")), 401, "invalid_token")


def test_the_schema_needs_the_docs_capability(client: Client, personas, make_token) -> None:
    client.force_login(personas.dpo)
    assert_error(client.get(SCHEMA), 403, "permission_denied")
    assert_error(
        Client().get(SCHEMA, headers=bearer(make_token(personas.shelter))), 403, "permission_denied"
    )


def test_docs_send_anonymous_visitors_to_login(client: Client) -> None:
    response = client.get(DOCS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_docs_are_refused_without_the_capability(client: Client, personas) -> None:
    client.force_login(personas.dpo)
    assert client.get(DOCS).status_code == 403


def test_docs_are_served_from_our_own_static_files(client: Client, personas) -> None:
    client.force_login(personas.analyst)

    response = client.get(DOCS)

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert reverse("api-1.0.0:openapi-view") == DOCS


def _schema(client: Client, personas) -> dict:
    client.force_login(personas.case_manager)
    return json.loads(client.get(SCHEMA).content)


def _payung_schemas(cls: type = Schema) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        if sub.__module__.startswith("payung."):
            found.append(sub)
        found.extend(_payung_schemas(sub))
    return found


def test_no_two_different_schemas_share_a_component_name(client: Client, personas) -> None:
    # ninja names a component after its class: a second class of the same name silently
    # replaced the first, and the document described one operation's answer with another's.
    names = set(_schema(client, personas)["components"]["schemas"])
    by_name: dict[str, set[str]] = {}
    for cls in _payung_schemas():
        if cls.__name__ in names:
            by_name.setdefault(cls.__name__, set()).add(
                json.dumps(cls.model_json_schema(), sort_keys=True)
            )
    clashes = sorted(name for name, shapes in by_name.items() if len(shapes) > 1)
    assert clashes == [], clashes


def test_the_staff_and_the_provider_report_are_documented_apart(client: Client, personas) -> None:
    schema = _schema(client, personas)
    components = schema["components"]["schemas"]
    assert "tracking_code" in components["ReportOut"]["properties"]
    assert "content_type" in components["ReferralReportOut"]["properties"]
    opened = schema["paths"]["/api/v1/reports/{pk}/open-case"]["post"]["responses"]["201"]
    ref = opened["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert {"number", "version"} <= set(components[ref]["properties"])
    assert "violence_forms" in components["CaseOut"]["properties"]


def test_every_operation_documents_the_errors_it_can_answer(client: Client, personas) -> None:
    schema = _schema(client, personas)
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            documented = set(operation["responses"])
            assert {"401", "429"} <= documented, (method, path)
            if operation.get("parameters") or "requestBody" in operation:
                assert "422" in documented, (method, path)
            if "requestBody" in operation:
                assert {"400", "413"} <= documented, (method, path)

"""Property-based testing of the whole API with schemathesis, against the live schema.

Every operation of ``/api/v1/openapi.json`` is called with generated requests — valid ones
and deliberately invalid ones (wrong types, out-of-range numbers, NUL characters, missing
fields) — as two roles: a case manager with a personal token and a PPT officer with a staff
session (cookie and CSRF token). Every built-in check of schemathesis runs on every answer:
no 5xx, the status codes, content types, headers and bodies the document promises, invalid
data refused, valid data not refused.

Valid data may still be refused with 422 when it names a record that does not exist (a
case id, a kelurahan code, a party of another case): a schema cannot say which ids exist, so
``positive_data_acceptance`` accepts 422 as well. A 400 for schema-valid data still fails.

Requests go both to ids drawn at random and to records that exist (``_world``: a case with a
victim, perpetrator, consent, document and referral with a report, a report, a shelter), so
that the writes run for real too.

Bounded and deterministic: a fixed seed per operation and run, Hypothesis derandomized, no
example database, no shrinking, EXAMPLES requests per operation, mode (valid / invalid) and
target (random / existing), about 1,000 requests per role. Both roles together take about 40 s
on SQLite and 80 s on PostgreSQL (two busy cores), and a failure comes back the same way.

schemathesis' pytest integration (``schemathesis.pytest.from_fixture``) does not run on
pytest 9.2 (it writes ``Function._nodeid``), so the operations are driven here through the
public Python API: ``operation.as_strategy()`` and ``case.call_and_validate()``.
"""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, seed, settings
from ninja.throttling import AuthRateThrottle
from schemathesis import GenerationMode

from payung.accounts.services import api_token_create
from payung.cases import services as case_services
from payung.cases.uploads import check_bytes
from tests.care.builders import referral_with_report
from tests.cases.casework import add_perpetrator, victim_of
from tests.cases.helpers import PDF_BYTES, make_report
from tests.factories import GENTONG

pytestmark = pytest.mark.django_db

SCHEMA_PATH = "/api/v1/openapi.json"
SEED = 17
EXAMPLES = 8
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
CSRF_TOKEN = "schemathesisschemathesisschemat1"  # 32 characters: a valid unmasked secret

CONFIG = {
    "seed": SEED,
    "generation": {"deterministic": True, "max-examples": EXAMPLES, "database": "none"},
    "checks": {
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
        },
    },
}


@dataclass
class Caller:
    persona: str
    auth: str  # "token" or "session"


def _world(personas: Any) -> dict[str, dict[str, Any]]:
    """Records for the generated requests to find, and the path parameters naming them per
    path prefix: with ids drawn at random nearly every request would end in a 404."""
    referral, report = referral_with_report(personas)
    case = referral.case
    add_perpetrator(case, personas.case_manager)
    document = case_services.document_upload(
        actor=personas.case_manager,
        case=case,
        kind="surat",
        attachment=check_bytes(PDF_BYTES, "surat.pdf"),
    )
    return {
        "/api/v1/regions/{code}": {"code": GENTONG},
        "/api/v1/reports/": {"pk": make_report().pk},
        "/api/v1/cases/": {
            "pk": case.pk,
            "party_pk": victim_of(case).pk,
            "consent_pk": case.consents.get().pk,
            "document_pk": document.pk,
        },
        "/api/v1/care/organisations/": {"pk": referral.organisation_id},
        "/api/v1/care/shelters/": {"pk": personas.shelter.organisation.shelter.pk},
        "/api/v1/care/referrals/": {"pk": referral.pk, "report_pk": report.pk},
        "/api/v1/care/inbox/": {"pk": referral.pk},
    }


def _pinned(operation: Any, world: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    names = {p.name for p in operation.iter_parameters() if p.location == "path"}
    for prefix, values in world.items():
        if operation.path.startswith(prefix) and names:
            return {name: value for name, value in values.items() if name in names}
    return None


def _credentials(user: Any, auth: str) -> dict[str, dict[str, str]]:
    """Headers and cookies that sign every request in as ``user``."""
    if auth == "token":
        _token, raw = api_token_create(actor=user, name="schemathesis")
        return {"headers": {"Authorization": f"Bearer {raw}"}, "cookies": {}}
    client = Client()
    client.force_login(user)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return {
        "headers": {"X-CSRFToken": CSRF_TOKEN},
        "cookies": {
            django_settings.SESSION_COOKIE_NAME: session,
            django_settings.CSRF_COOKIE_NAME: CSRF_TOKEN,
        },
    }


class _InTestTransaction:
    """Django's WSGI handler as the test client runs it: the end of a request must not close
    the database connection, which holds the test's transaction (on PostgreSQL it would)."""

    def __init__(self, handler: WSGIHandler) -> None:
        self.handler = handler

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()  # sends request_finished now, while it is disconnected
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


def _live_schema(credentials: dict[str, dict[str, str]]) -> Any:
    """The document the API serves at SCHEMA_PATH to this caller."""
    client = Client(headers=credentials["headers"])
    for name, value in credentials["cookies"].items():
        client.cookies[name] = value
    response = client.get(SCHEMA_PATH)
    assert response.status_code == 200, response.content
    schema = schemathesis.openapi.from_dict(
        response.json(), config=schemathesis.Config.from_dict(CONFIG)
    )
    schema.app = _InTestTransaction(WSGIHandler())  # in-process, as with from_wsgi()

    @schema.auth(refresh_interval=None)
    class SignedIn:
        """The caller's credentials on every generated request, known to the checks as the
        real ones (``ignored_auth`` then also tries the request without them)."""

        def get(self, case: schemathesis.Case, ctx: Any) -> dict[str, dict[str, str]]:
            return credentials

        def set(self, case: schemathesis.Case, data: dict[str, Any], ctx: Any) -> None:
            case.headers = {**(case.headers or {}), **data["headers"]}
            case.cookies = {**(case.cookies or {}), **data["cookies"]}

    return schema


def _run(schema: Any, world: dict[str, dict[str, Any]]) -> tuple[list[str], Counter[str]]:
    """Failures per operation and run, and how many 2xx answers each operation had."""
    failures: list[str] = []
    successes: Counter[str] = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        pinned = _pinned(operation, world)
        runs = [(mode, None) for mode in MODES]
        if pinned:
            runs += [(mode, pinned) for mode in MODES]
        for mode, path_parameters in runs:
            label = f"{operation.label} ({mode}{', existing records' if path_parameters else ''})"
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

            @seed(SEED + zlib.crc32(label.encode()))
            @settings(
                max_examples=EXAMPLES,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def call(case: schemathesis.Case) -> None:
                # call() runs in this iteration of the loop, so `operation` is the right one.
                if case.call_and_validate().status_code < 300:
                    successes[operation.label] += 1  # noqa: B023

            try:
                call()
            except (Exception, BaseExceptionGroup) as exc:
                failures.append(f"{label}: {exc}")
    return failures, successes


@pytest.mark.parametrize(
    "caller",
    [Caller("case_manager", "token"), Caller("ppt_gentong", "session")],
    ids=["case-manager-token", "ppt-officer-session"],
)
def test_every_operation_answers_as_documented(personas: Any, caller: Caller, monkeypatch) -> None:
    # The rate limit would answer 429 long before the run ends; it has its own tests.
    monkeypatch.setattr(AuthRateThrottle, "allow_request", lambda self, request: True)
    world = _world(personas)
    credentials = _credentials(getattr(personas, caller.persona), caller.auth)
    schema = _live_schema(credentials)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 50

    failures, successes = _run(schema, world)

    assert not failures, f"{len(failures)} failing runs:\n\n" + "\n\n".join(failures)
    # Not a run of 401s and 404s: most operations this role may use were answered 2xx.
    assert len(successes) >= 20, sorted(successes)

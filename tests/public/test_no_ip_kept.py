"""A resident's report and status check leave no trace of their address in the database:
the audit trail records no IP for anonymous public actions, and the rate limits count a
salted hash that exists only in the cache (issue #14)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from payung.audit.models import AuditEvent
from payung.cases import throttle
from payung.cases.models import Report
from tests.cases.helpers import public_form_data

pytestmark = pytest.mark.django_db

IP = "203.0.113.77"
FORM = "/lapor/"


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _every_text_in_the_database() -> Iterator[tuple[str, str]]:
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (names from introspection)
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        yield table, bytes(value).decode("latin-1")
                    elif value is not None:
                        yield table, str(value)
    for session in Session.objects.all():  # signed, base64: look inside too
        yield "django_session (decoded)", str(session.get_decoded())


def test_a_public_report_and_status_check_leave_no_ip_in_any_table(client) -> None:
    form = client.get(FORM, REMOTE_ADDR=IP).content.decode()
    token = re.search(r'name="submission_token" value="([^"]+)"', form).group(1)
    response = client.post(FORM, public_form_data(token), REMOTE_ADDR=IP)
    assert response.status_code == 302
    thanks = client.get(reverse("report:thanks"), REMOTE_ADDR=IP).content.decode()
    code = re.search(r'id="report-code">([A-Z0-9-]+)<', thanks).group(1)
    client.post(reverse("report:status"), {"code": code, "pin": "000000"}, REMOTE_ADDR=IP)
    assert Report.objects.count() == 1
    assert AuditEvent.objects.filter(actor_label="system:public_form").exists()

    plain_hash = hashlib.sha256(IP.encode()).hexdigest()
    found = [
        table
        for table, text in _every_text_in_the_database()
        if IP in text or plain_hash[:16] in text
    ]
    assert found == []


def test_staff_actions_still_record_the_address(client, personas) -> None:
    from tests.accounts.conftest import signed_in

    staff = signed_in(personas.case_manager)
    staff.post(reverse("accounts:logout"), REMOTE_ADDR=IP)
    assert AuditEvent.objects.filter(action="auth.logout", ip=IP).exists()


def test_the_rate_limit_key_is_salted_and_the_salt_rotates(monkeypatch) -> None:
    first = throttle._key("report", IP)
    assert hashlib.sha256(IP.encode()).hexdigest()[:32] not in first
    assert throttle._key("report", IP) == first  # same period: the same counter
    monkeypatch.setattr(throttle.time, "time", lambda: 10**10)  # a later period
    assert throttle._key("report", IP) != first

"""Failed sign-ins are written to the audit trail, not only to django-axes' tables."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from payung.audit.models import AuditEvent
from payung.audit.services import REDACTED
from tests.conftest import PASSWORD

LOGIN = "/akun/masuk/"
WRONG = "Rahasia-Salah-4321"


def _event_text(event: AuditEvent) -> str:
    return json.dumps(
        [event.target_label, event.note, event.changes, event.actor_label], default=str
    )


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_wrong_password_for_a_real_account_is_audited_with_the_client_address(
    personas,
) -> None:
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    client.post(LOGIN, {"username": "rina_mk", "password": WRONG})
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor is None
    assert event.target_label == "user:rina_mk"
    assert event.target_id == str(personas.case_manager.pk)
    assert event.ip == "203.0.113.7"
    assert WRONG not in _event_text(event)


@pytest.mark.django_db
def test_an_unknown_username_is_not_written_down(personas) -> None:
    # People type their password into the username box: an unknown name is never stored.
    Client().post(LOGIN, {"username": "Rahasia-Ku-99", "password": WRONG})
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.target_label == f"user:{REDACTED}"
    assert event.target_id == ""
    assert "Rahasia-Ku-99" not in _event_text(event)
    assert WRONG not in _event_text(event)


@pytest.mark.django_db
def test_attempts_while_locked_out_are_audited_as_such(personas) -> None:
    client = Client()
    for _ in range(5):
        client.post(LOGIN, {"username": "rina_mk", "password": WRONG})
    response = client.post(LOGIN, {"username": "rina_mk", "password": PASSWORD})
    assert response.status_code == 429
    events = list(AuditEvent.objects.filter(action="auth.login_failed").order_by("id"))
    assert len(events) == 6
    assert [e.note for e in events][-2:] == ["locked out", "locked out"]
    assert PASSWORD not in _event_text(events[-1])


@pytest.mark.django_db
def test_an_empty_form_and_a_success_are_not_failures(personas) -> None:
    Client().post(LOGIN, {"username": "", "password": ""})
    Client().post(LOGIN, {"username": "rina_mk", "password": PASSWORD})
    assert not AuditEvent.objects.filter(action="auth.login_failed").exists()

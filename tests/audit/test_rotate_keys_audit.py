"""Key rotation leaves its trace: every re-encrypting batch writes an audit event by the
system actor ``rotate_keys`` in the batch's transaction (issue #10: no write escapes the
trail)."""

from __future__ import annotations

import base64
import os
from io import StringIO

from django.core.management import call_command
from django.test import override_settings

from payung.audit.models import AuditEvent
from payung.core import crypto
from tests.cases.casework import open_case


def test_rotate_keys_writes_an_audit_event_per_table_it_changes(personas, settings) -> None:
    open_case(personas)  # encrypted names, phone, chronology
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    before = AuditEvent.objects.count()
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key, old_key]):
        call_command("rotate_keys", stdout=StringIO())
        new_id = crypto.keyring()[0][0]
    events = list(AuditEvent.objects.filter(action="crypto.rotate").order_by("id"))
    assert events, "rotation re-encrypted rows without an audit event"
    assert AuditEvent.objects.count() == before + len(events)
    assert {e.actor_label for e in events} == {"system:rotate_keys"}
    assert all(e.actor_id is None for e in events)
    labels = {e.target_label for e in events}
    assert "cases.Person (fields)" in labels
    assert all(e.changes["key"] == [None, new_id] and e.changes["rows"][1] > 0 for e in events)

    # A second run changes nothing and records nothing.
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key, old_key]):
        call_command("rotate_keys", stdout=StringIO())
    assert AuditEvent.objects.filter(action="crypto.rotate").count() == len(events)

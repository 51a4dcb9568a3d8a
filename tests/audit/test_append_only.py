"""Audit rows cannot be changed or removed: by the model always, by the database on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from payung.audit.models import AccessLog, AuditEvent
from payung.audit.services import access_record
from payung.audit.verify import verify_audit
from tests.audit.helpers import build_chain
from tests.factories import GENTONG, region

pytestmark = pytest.mark.django_db

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only triggers exist on PostgreSQL only; on SQLite the migration is a no-op",
)


def test_saving_an_existing_event_is_refused(personas) -> None:
    event = build_chain(1, personas.case_manager)[0]
    event.note = "diubah"
    with pytest.raises(PermissionError, match="append-only"):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).note == ""


def test_deleting_an_event_is_refused(personas) -> None:
    event = build_chain(1, personas.case_manager)[0]
    with pytest.raises(PermissionError, match="append-only"):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_saving_or_deleting_an_access_row_is_refused(personas) -> None:
    with transaction.atomic():
        row = access_record(actor=personas.supervisor, target=region(GENTONG), purpose="lihat")
    row.reason = "diubah"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()


@needs_postgresql
def test_a_plain_update_is_refused_by_the_database(personas) -> None:
    build_chain(3, personas.case_manager)

    with (
        pytest.raises(DatabaseError, match="append-only: UPDATE on audit_auditevent refused"),
        transaction.atomic(),
    ):
        AuditEvent.objects.filter(seq=2).update(note="diubah")

    assert AuditEvent.objects.get(seq=2).note == ""
    assert verify_audit().ok


@needs_postgresql
def test_a_plain_delete_or_raw_update_is_refused_by_the_database(personas) -> None:
    build_chain(2, personas.case_manager)
    with transaction.atomic():
        access_record(actor=personas.supervisor, target=region(GENTONG), purpose="lihat")

    with pytest.raises(DatabaseError, match="append-only: DELETE"), transaction.atomic():
        AuditEvent.objects.filter(seq=1).delete()
    with (
        pytest.raises(DatabaseError, match="append-only: UPDATE on audit_accesslog"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_accesslog SET break_glass = TRUE")
    with (
        pytest.raises(DatabaseError, match="append-only: DELETE on audit_accesslog"),
        transaction.atomic(),
    ):
        AccessLog.objects.all().delete()

    assert AuditEvent.objects.count() == 2
    assert AccessLog.objects.count() == 1
    assert verify_audit().ok

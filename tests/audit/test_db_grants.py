"""The printed grants leave the application's role unable to truncate or unlock the audit trail."""

from __future__ import annotations

import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from payung.audit.management.commands.db_grants import grants_sql
from payung.audit.models import AuditEvent
from payung.audit.services import audit_event

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="roles and grants exist on PostgreSQL only"
)


def test_the_command_prints_grants_that_keep_the_audit_tables_append_only() -> None:
    out = StringIO()
    call_command("db_grants", "--app-role", "payung", "--owner-role", "payung_owner", stdout=out)
    sql = out.getvalue()
    assert (
        "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER"
        " ON audit_accesslog, audit_auditevent FROM payung;" in sql
    )
    assert "GRANT SELECT, INSERT ON audit_accesslog, audit_auditevent TO payung;" in sql
    assert "ALTER DEFAULT PRIVILEGES FOR ROLE payung_owner" in sql
    # The REVOKE comes after the blanket GRANT, which would otherwise give UPDATE back.
    assert sql.index("REVOKE") > sql.index("ON ALL TABLES")


def test_the_app_role_must_not_be_the_owner_and_names_are_plain() -> None:
    with pytest.raises(CommandError, match="must not be the owner"):
        call_command("db_grants", "--app-role", "x", "--owner-role", "x", stdout=StringIO())
    with pytest.raises(CommandError, match="plain"):
        call_command("db_grants", "--app-role", "payung; DROP TABLE x", stdout=StringIO())


def _refused(cursor, sql: str) -> str:
    with pytest.raises(DatabaseError) as info, transaction.atomic():
        cursor.execute(sql)
    return str(info.value)


@on_postgresql
def test_with_the_grants_the_app_role_cannot_truncate_or_disable_the_trigger(personas) -> None:
    role = f"payung_app_test_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
        # CREATE ROLE is transactional in PostgreSQL: the test's rollback removes it again.
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(grants_sql(app_role=role, owner_role=owner))
        cursor.execute(f"SET ROLE {role}")
        try:
            # The application's own work still goes through: read and append.
            with transaction.atomic():
                audit_event(actor=personas.dpo, action="test.as_app_role")
            assert AuditEvent.objects.filter(action="test.as_app_role").exists()
            cursor.execute("SELECT count(*) FROM cases_report")
            # What it cannot do any more.
            assert "permission denied" in _refused(cursor, "TRUNCATE audit_auditevent")
            assert "permission denied" in _refused(cursor, "TRUNCATE audit_accesslog")
            assert "must be owner" in _refused(
                cursor, "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only"
            )
            assert "permission denied" in _refused(cursor, "DELETE FROM audit_auditevent")
            assert "permission denied" in _refused(
                cursor, "UPDATE audit_accesslog SET purpose = 'x'"
            )
        finally:
            cursor.execute("RESET ROLE")

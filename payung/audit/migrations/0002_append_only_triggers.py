"""Append-only at the database level (PostgreSQL): refuse UPDATE and DELETE on both chains.

The model already refuses ``save()`` on an existing row and ``delete()``; a trigger also stops
``QuerySet.update()``, ``QuerySet.delete()`` and raw SQL from the application's own role. A
superuser (or the table owner) can still ``ALTER TABLE ... DISABLE TRIGGER``; that is what
``manage.py verify_audit`` exists to catch.

TRUNCATE is deliberately not refused: Django's test runner empties tables with TRUNCATE
between transactional tests, and TRUNCATE needs the table owner's rights anyway.

On SQLite (development, tests) this migration does nothing.
"""

from django.db import migrations

TABLES = ("audit_auditevent", "audit_accesslog")
FUNCTION = "payung_audit_append_only"


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit rows are append-only: % on % refused', TG_OP, TG_TABLE_NAME
                USING HINT = 'The audit trail is verified with manage.py verify_audit.';
        END
        $$;
        """,
        params=None,  # the body's % are plpgsql placeholders, not driver parameters
    )
    for table in TABLES:
        schema_editor.execute(
            f"""
            CREATE TRIGGER {table}_append_only
            BEFORE UPDATE OR DELETE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}();
            """
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}();")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]

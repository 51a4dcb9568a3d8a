"""``manage.py db_grants --app-role payung --owner-role payung_owner``: the PostgreSQL grants.

Prints the SQL that the owner role runs after every ``migrate`` (docs/deployment.md §3). The
owner role owns the schema and every table and runs the migrations; the application's role
gets ordinary DML on every table, but on the audit tables only SELECT and INSERT. Not owning
the tables, it can neither TRUNCATE them nor ``ALTER TABLE … DISABLE TRIGGER`` the trigger that
refuses UPDATE and DELETE, so the audit trail is append-only for the application whatever
the application does.

Only prints: the operator reads it, then pipes it to ``psql`` as the owner.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from payung.audit.verify import CHAINS

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def audit_tables() -> list[str]:
    return sorted(model._meta.db_table for model in CHAINS.values())


def grants_sql(*, app_role: str, owner_role: str, schema: str = "public") -> str:
    tables = ", ".join(audit_tables())
    return "\n".join(
        [
            f"-- Run as {owner_role} (the owner of the tables) after every migrate.",
            f"GRANT USAGE ON SCHEMA {schema} TO {app_role};",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app_role};",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app_role};",
            "-- Tables created by later migrations get the same.",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_role} IN SCHEMA {schema}",
            f"    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app_role};",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_role} IN SCHEMA {schema}",
            f"    GRANT USAGE, SELECT ON SEQUENCES TO {app_role};",
            "-- The audit trail: read and append only (the trigger refuses UPDATE and DELETE too;",
            "-- not owning the tables, the application can neither TRUNCATE nor disable it).",
            f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {tables} FROM {app_role};",
            f"GRANT SELECT, INSERT ON {tables} TO {app_role};",
            "",
        ]
    )


class Command(BaseCommand):
    help = "Print the PostgreSQL grants of the application role (run them as the owner role)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--app-role", default="payung", help="the application's login role")
        parser.add_argument(
            "--owner-role", default="payung_owner", help="the role that owns the tables"
        )
        parser.add_argument("--schema", default="public")

    def handle(self, *args: Any, **options: Any) -> None:
        names = [options["app_role"], options["owner_role"], options["schema"]]
        for name in names:
            if not ROLE_NAME.match(name):
                raise CommandError(f"{name!r} is not a plain lower-case PostgreSQL name")
        if options["app_role"] == options["owner_role"]:
            raise CommandError("the application role must not be the owner role")
        self.stdout.write(
            grants_sql(
                app_role=options["app_role"],
                owner_role=options["owner_role"],
                schema=options["schema"],
            ),
            ending="",
        )

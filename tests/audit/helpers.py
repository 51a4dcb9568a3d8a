"""Building chains and tampering with them the way an attacker with database rights would."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from payung.accounts.models import User
from payung.audit.models import AuditEvent, shard_for
from payung.audit.services import audit_event

TABLES = ("audit_auditevent", "audit_accesslog")


def build_chain(n: int, actor: Any = None, prefix: str = "test.step") -> list[AuditEvent]:
    """``n`` audit events written by the service, in one transaction."""
    with transaction.atomic():
        return [
            audit_event(
                actor=actor,
                action=f"{prefix}{i}",
                target_label=f"Objek #{i}",
                changes={"status": ["a", f"b{i}"]},
            )
            for i in range(1, n + 1)
        ]


def users_in_shards(
    shards: int, each: int = 1, *, count: int, first_pk: int
) -> dict[int, list[User]]:
    """In-memory ``User`` objects (never saved: only their type and id are recorded) that fall
    ``each`` to a shard of ``count``, for ``shards`` distinct shards, ids from ``first_pk``."""
    found: dict[int, list[User]] = {}
    pk = first_pk
    while len([s for s, users in found.items() if len(users) >= each]) < shards:
        pk += 1
        shard = shard_for("accounts.user", str(pk), count)
        if shard in found or len(found) < shards:
            users = found.setdefault(shard, [])
            if len(users) < each:
                users.append(User(pk=pk, username=f"u{pk}"))
    return {s: users for s, users in found.items() if len(users) >= each}


@contextmanager
def superuser_tampering() -> Iterator[Any]:
    """A cursor with the append-only triggers off (PostgreSQL), as a superuser could.

    On SQLite there are no triggers: the cursor simply writes.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE refuses to run while deferred foreign-key checks of this
            # transaction are pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for table in TABLES:
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def raw_insert_event(cursor: Any, row: AuditEvent) -> None:
    """INSERT an audit event with raw SQL, bypassing the model and the service."""
    cursor.execute(
        "INSERT INTO audit_auditevent (seq, at, actor_id, actor_label, target_type, target_id, ip,"
        " prev_hash, hash, action, target_label, changes, note)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            row.seq,
            connection.ops.adapt_datetimefield_value(row.at),
            row.actor_id,
            row.actor_label,
            row.target_type,
            row.target_id,
            row.ip,
            row.prev_hash,
            row.hash,
            row.action,
            row.target_label,
            json.dumps(row.changes),
            row.note,
        ],
    )


def forged_event(
    *, seq: int, prev_hash: str, action: str = "user.update", **values: Any
) -> AuditEvent:
    """An in-memory event whose hash is computed exactly as the service would."""
    row = AuditEvent(
        seq=seq,
        prev_hash=prev_hash,
        at=timezone.now(),
        action=action,
        actor_label=values.pop("actor_label", ""),
        target_label=values.pop("target_label", "forged"),
        changes=values.pop("changes", {}),
        **values,
    )
    row.hash = row.compute_hash()
    return row

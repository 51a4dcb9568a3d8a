"""Re-encrypt every encrypted field, and every sealed file, with the current (first) key.

Run after putting a new key in front of FIELD_ENCRYPTION_KEY. Works in batches by primary
key, one transaction per batch, and only rewrites values sealed with an older key, so it can
be stopped and started again.

Encrypted fields are found by type (``EncryptedTextField``); sealed files by the ``SEALED``
marker that ``payung.cases.sealed.SealedBlob`` models carry (the column of sealed bytes, bound
to the row's ``ref`` through ``sealed_label``).

Each batch writes its audit event (``crypto.rotate``: which table, how many rows) in the
batch's own transaction, by the system actor ``system:rotate_keys`` — the trail shows when
keys were rotated and that nothing else changed. (The command lives in ``audit`` rather than
``core`` because it writes the audit trail.)
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from payung.audit.services import audit_event
from payung.core import crypto
from payung.core.actors import command_actor
from payung.core.fields import EncryptedTextField

ROTATE_KEYS = command_actor("rotate_keys")


def _audit_batch(model: Any, what: str, rows: int) -> None:
    if rows:
        audit_event(
            actor=ROTATE_KEYS,
            action="crypto.rotate",
            target_label=f"{model._meta.label} ({what})",
            changes={"rows": [None, rows], "key": [None, crypto.keyring()[0][0]]},
        )


def encrypted_columns() -> list[tuple[Any, list[EncryptedTextField]]]:
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields and not model._meta.proxy:
            found.append((model, fields))
    return found


def rotate_model(model: Any, fields: list[EncryptedTextField], batch: int = 500) -> int:
    """Rewrite the values of ``fields`` sealed with an old key; returns the rows changed."""
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    columns = [connection.ops.quote_name(f.column) for f in fields]
    changed = 0
    last: Any = None
    while True:
        with transaction.atomic():
            # Raw ciphertext, not decrypted values: compare key ids without decrypting.
            where = f"WHERE {pk} > %s" if last is not None else ""
            params = [last] if last is not None else []
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {pk}, {', '.join(columns)} FROM {table} {where} ORDER BY {pk} LIMIT %s",  # noqa: S608
                    [*params, batch],
                )
                rows = cursor.fetchall()
            if not rows:
                return changed
            batch_changed = 0
            for row in rows:
                last = row[0]
                updates = {}
                for field, token in zip(fields, row[1:], strict=True):
                    if token and crypto.needs_rotation(token):
                        plain = crypto.decrypt_str(token, field._label)
                        updates[field.attname] = plain
                if updates:
                    model._base_manager.filter(pk=row[0]).update(**updates)
                    changed += 1
                    batch_changed += 1
            _audit_batch(model, "fields", batch_changed)


def sealed_models() -> list[Any]:
    return [
        model
        for model in apps.get_models()
        if isinstance(getattr(model, "SEALED", None), str)
        and callable(getattr(model, "sealed_label", None))
        and not model._meta.proxy
    ]


def rotate_sealed(model: Any, batch: int = 100) -> int:
    """Re-seal the files of ``model`` sealed with an old key; returns the rows changed.

    Batches are smaller than for fields: each row may hold megabytes.
    """
    field = model._meta.get_field(model.SEALED)
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    ref = connection.ops.quote_name(model._meta.get_field("ref").column)
    column = connection.ops.quote_name(field.column)
    changed = 0
    last: Any = None
    while True:
        with transaction.atomic():
            where = f"WHERE {pk} > %s" if last is not None else ""
            params = [last] if last is not None else []
            with connection.cursor() as cursor:
                # The key id is in the first characters: compare it without reading the body.
                cursor.execute(
                    f"SELECT {pk}, {ref}, SUBSTR({column}, 1, 20) FROM {table} {where} ORDER BY {pk} LIMIT %s",  # noqa: S608
                    [*params, batch],
                )
                rows = cursor.fetchall()
            if not rows:
                return changed
            batch_changed = 0
            for row_pk, row_ref, head in rows:
                last = row_pk
                if not head or not crypto.needs_rotation(head + ":"):
                    continue
                token = model._base_manager.filter(pk=row_pk).values_list(field.attname, flat=True)[
                    0
                ]
                label = model.sealed_label(row_ref)
                plain = crypto.decrypt_bytes(token, label)
                model._base_manager.filter(pk=row_pk).update(
                    **{field.attname: crypto.encrypt_bytes(plain, label)}
                )
                changed += 1
                batch_changed += 1
            _audit_batch(model, "files", batch_changed)


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields sealed with an older key using the current key."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model, fields in encrypted_columns():
            count = rotate_model(model, fields, batch=options["batch"])
            total += count
            self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")
        for model in sealed_models():
            count = rotate_sealed(model)
            total += count
            self.stdout.write(f"{model._meta.label} (files): {count} rows re-sealed")
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {total} rows re-encrypted with key {crypto.keyring()[0][0]}."
            )
        )

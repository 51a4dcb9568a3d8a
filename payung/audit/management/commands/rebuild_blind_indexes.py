"""Recompute every blind index and name token with the current ``BLIND_INDEX_KEY``.

Run after replacing ``BLIND_INDEX_KEY`` (a lost or compromised key: docs/deployment.md §6).
A blind index is an HMAC of a plaintext that is stored encrypted, so the new tokens are
computed from the decrypted values; the old key is not needed. Until the command has
finished, a NIK or phone search misses the rows not yet rebuilt: run it with the site in
maintenance (or accept that searches are incomplete for the minutes it takes).

Rows are read in primary-key batches, one transaction per batch, and only rows whose stored
tokens differ from the recomputed ones are written, so the command can be stopped and
started again: a second run finds nothing left to change and says so. ``--start-after``
skips the rows of a model already done (``cases.Person:1200``) when a run over millions of
rows was interrupted.

Which columns: every concrete model with ``BLIND_INDEX_FIELDS`` and a
``refresh_blind_indexes()`` method (the ``identity.EncryptedPerson`` registries, the
reporter's phone on a report), and every ``identity.NameToken`` table, rebuilt from its
person's ``NAME_TOKEN_SOURCES``; a model that keeps more rows derived from those (casework's
``Person``: the name rows of its cases) rewrites them in the same batch through its
``name_indexes_changed(pks)``. Each batch that changed something writes an audit event
(``crypto.reindex``: which table, how many rows) by ``system:rebuild_blind_indexes``. (The
command lives in ``audit`` beside ``rotate_keys`` because it writes the audit trail.)
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from payung.audit.services import audit_event
from payung.core.actors import command_actor
from payung.identity.models import NameToken

REBUILD = command_actor("rebuild_blind_indexes")


def indexed_models() -> list[Any]:
    return [
        model
        for model in apps.get_models()
        if getattr(model, "BLIND_INDEX_FIELDS", None)
        and callable(getattr(model, "refresh_blind_indexes", None))
        and not model._meta.proxy
        and not model._meta.abstract
    ]


def token_tables() -> dict[Any, tuple[Any, str]]:
    """``{person model: (token model, name of its foreign key to the person)}``."""
    found: dict[Any, tuple[Any, str]] = {}
    for model in apps.get_models():
        if issubclass(model, NameToken) and not model._meta.abstract:
            for field in model._meta.concrete_fields:
                related = getattr(field, "related_model", None)
                if related is not None and hasattr(related, "NAME_TOKEN_SOURCES"):
                    found[related] = (model, field.name)
    return found


def rebuild_model(model: Any, *, batch: int = 500, start_after: Any = None) -> int:
    """Rewrite the blind indexes (and name tokens) of ``model`` that differ from what the
    current key gives; returns the rows changed."""
    fields = list(model.BLIND_INDEX_FIELDS)
    tokens = token_tables().get(model)
    changed = 0
    last = start_after
    while True:
        with transaction.atomic():
            rows = model._base_manager.order_by("pk")
            if last is not None:
                rows = rows.filter(pk__gt=last)
            page = list(rows[:batch])
            if not page:
                return changed
            stored_tokens: dict[Any, set[str]] = {}
            if tokens is not None:
                token_model, fk = tokens
                for owner, token in token_model._base_manager.filter(
                    **{f"{fk}__in": [row.pk for row in page]}
                ).values_list(f"{fk}_id", "token"):
                    stored_tokens.setdefault(owner, set()).add(token)
            batch_changed = 0
            changed_pks = []
            for row in page:
                last = row.pk
                before = [getattr(row, f) for f in fields]
                row.refresh_blind_indexes()
                row_changed = False
                if [getattr(row, f) for f in fields] != before:
                    model._base_manager.filter(pk=row.pk).update(
                        **{f: getattr(row, f) for f in fields}
                    )
                    row_changed = True
                if tokens is not None:
                    token_model, fk = tokens
                    wanted = row.name_tokens_now()
                    if wanted != stored_tokens.get(row.pk, set()):
                        token_model._base_manager.filter(**{fk: row.pk}).delete()
                        token_model._base_manager.bulk_create(
                            [token_model(**{fk: row, "token": t}) for t in sorted(wanted)]
                        )
                        row_changed = True
                batch_changed += row_changed
                if row_changed:
                    changed_pks.append(row.pk)
            follow = getattr(model, "name_indexes_changed", None)
            if changed_pks and callable(follow):
                follow(changed_pks)  # e.g. cases.Person: its cases' name rows
            changed += batch_changed
            if batch_changed:
                audit_event(
                    actor=REBUILD,
                    action="crypto.reindex",
                    target_label=model._meta.label,
                    changes={"rows": [None, batch_changed], "last_pk": [None, last]},
                )


class Command(BaseCommand):
    help = "Recompute blind indexes and name tokens with the current BLIND_INDEX_KEY."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=500)
        parser.add_argument(
            "--start-after",
            default="",
            help="resume: skip models before this one and its rows up to this primary key, "
            "e.g. cases.Person:1200",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        models = indexed_models()
        labels = [m._meta.label for m in models]
        skip_to, start_pk = "", None
        if options["start_after"]:
            skip_to, _sep, pk = options["start_after"].partition(":")
            if skip_to not in labels or not pk.isdigit():
                raise CommandError(f"--start-after must be one of {labels} and ':<pk>'")
            start_pk = int(pk)
        total = 0
        skipping = bool(skip_to)
        for model in models:
            if skipping and model._meta.label != skip_to:
                self.stdout.write(f"{model._meta.label}: skipped (before {skip_to})")
                continue
            after = start_pk if skipping else None
            skipping = False
            count = rebuild_model(model, batch=options["batch"], start_after=after)
            total += count
            self.stdout.write(f"{model._meta.label}: {count} rows re-indexed")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} rows re-indexed."))

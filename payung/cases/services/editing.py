"""Shared casework machinery: the case row lock, optimistic versions and edit conflicts, audited field changes.

Every casework service locks the case row (``_lock_case``) before it changes anything that
belongs to the case, so two workers cannot interleave, and edits that come from a form
carry the ``version`` the form was loaded at: a stale save raises ``EditConflict`` with the
other person's changes, field by field, and nothing is overwritten."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.cases.choices import (
    CaseStatus,
)
from payung.cases.models import (
    Case,
    CaseRevision,
)
from payung.cases.services.report_states import TransitionError

# =========================================================================================
# Casework (issue #4): the case record from assessment to closure
# =========================================================================================
#
# Every function below locks the case row (``_lock_case``) before it changes anything that
# belongs to the case, so two workers cannot interleave, and edits that come from a form
# carry the ``version`` the form was loaded at: a stale save raises ``EditConflict`` with the
# other person's changes, field by field, and nothing is overwritten.


@dataclass(frozen=True)
class ConflictChange:
    label: str
    before: str
    after: str
    actor: str
    at: str


class EditConflict(Exception):
    """Someone else changed the same record since the form was loaded."""

    def __init__(self, *, current_version: int, changes: list[ConflictChange]) -> None:
        super().__init__("the record changed since it was loaded")
        self.current_version = current_version
        self.changes = changes

    @property
    def message(self) -> str:
        return _(
            "Data ini sudah diubah orang lain sejak Anda membukanya. Perubahan Anda belum "
            "disimpan. Periksa perubahan mereka di bawah, lalu simpan lagi bila perlu."
        )


def _lock_case(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _display(model: type[Any], name: str, value: Any) -> str:
    """A value as the officer would read it, for revisions and conflict messages."""
    from django.db.models import ForeignKey

    field = model._meta.get_field(name)
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("Ya") if value else _("Tidak"))
    if isinstance(value, list):
        labels = dict(getattr(field, "flatchoices", None) or [])
        return ", ".join(str(labels.get(v, v)) for v in value)
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, ForeignKey):
        return str(value)
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def _snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def _changes(obj: Any, before: dict[str, Any], fields: list[str]) -> dict[str, dict[str, str]]:
    model = type(obj)
    out = {}
    for name in fields:
        old, new = before.get(name), getattr(obj, name)
        if old != new:
            out[name] = {
                "label": str(model._meta.get_field(name).verbose_name),
                "before": _display(model, name, old),
                "after": _display(model, name, new),
            }
    return out


def _check_version(
    case: Case, expected: int | None, *, object_type: str, object_id: int, fields: set[str]
) -> None:
    """Refuse a stale save when someone changed the same fields of the same object since
    ``expected``. Edits of other objects or other fields in between are not a conflict."""
    if expected is None or expected == case.version:
        return
    changes: list[ConflictChange] = []
    revisions = case.revisions.filter(
        version__gt=expected, object_type=object_type, object_id=object_id
    ).select_related("actor")
    for revision in revisions:
        for name, change in json.loads(revision.changes).items():
            if name in fields:
                changes.append(
                    ConflictChange(
                        label=change["label"],
                        before=change["before"],
                        after=change["after"],
                        actor=(
                            revision.actor.get_full_name() or revision.actor.username
                            if revision.actor
                            else "—"
                        ),
                        at=timezone.localtime(revision.at).strftime("%d-%m-%Y %H:%M"),
                    )
                )
    if changes or expected > case.version:
        raise EditConflict(current_version=case.version, changes=changes)


def _revise(
    case: Case,
    *,
    actor: User | None,
    object_type: str,
    object_id: int,
    changes: dict[str, dict[str, str]],
) -> None:
    """Bump the case's version and keep what changed (for conflict messages)."""
    if not changes:
        return
    case.version += 1
    case.save(update_fields=["version", "updated_at"])
    CaseRevision.objects.create(
        case=case,
        version=case.version,
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        object_type=object_type,
        object_id=object_id,
        changes=json.dumps(changes, ensure_ascii=False),
    )


def _audit_changes(changes: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    # audit_event redacts identifying fields by name; the rest keep before → after.
    return {name: [c["before"], c["after"]] for name, c in changes.items()}


def _require_open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise TransitionError(
            _("Kasus sudah ditutup; buka kembali kasus untuk mengubahnya."), code="closed"
        )

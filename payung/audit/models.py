"""Append-only, hash-chained audit events (writes) and access log (reads of sensitive records).

Each row carries ``seq`` (contiguous, 1, 2, 3 … per table), ``prev_hash`` (the previous row's
``hash``) and ``hash`` = SHA-256 over ``prev_hash`` and the row's canonical content. Editing a
row breaks its own hash; deleting or inserting a row breaks the sequence and the link of the
next. ``manage.py verify_audit`` walks both chains. On PostgreSQL a trigger also refuses
UPDATE and DELETE, so tampering needs a superuser who disables it first.

Both tables are **sharded**: each row belongs to one of ``settings.AUDIT_ACCESS_SHARDS``
(the access log, written on every read of a victim's record) or ``settings.AUDIT_EVENT_SHARDS``
(the audit events, written by every change) chains, chosen by its target (``shard_for``), and
each shard has its own ``seq``, its own ``prev_hash`` line and its own lock. Two people opening
two different cases — or two residents sending two reports — append to two chains at the same
time instead of queueing on one lock for the whole country (docs/security.md,
docs/performance.md). The rows written before sharding form shard 0, which continues their
chain unchanged.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64


def shard_count(model: type[ChainedRecord] | None = None) -> int:
    """How many chains new rows of ``model`` are spread over: ``AUDIT_ACCESS_SHARDS`` for the
    access log (the default), ``AUDIT_EVENT_SHARDS`` for the audit events."""
    setting = model.SHARDS_SETTING if model is not None else "AUDIT_ACCESS_SHARDS"
    return max(1, int(getattr(settings, setting, 64)))


def shard_for(target_type: str, target_id: str, shards: int | None = None) -> int:
    """The access-log chain of a record: a stable hash of what was read, modulo the count.

    Every view of one record lands in one shard (its "who opened it" list stays one index
    range); different records spread evenly. CRC-32, not ``hash()``: it must be the same in
    every process (web workers, the generator).
    """
    n = shards if shards is not None else shard_count()
    return zlib.crc32(f"{target_type}:{target_id}".encode()) % n


class ChainedRecord(models.Model):
    # Counts within the row's ``shard``: unique per (shard, seq), see the subclasses' Meta.
    seq = models.BigIntegerField(editable=False)
    # db_default: rows inserted without a shard (code from before sharding, during a deploy)
    # go to shard 0, whose chain is the one such code continues.
    shard = models.SmallIntegerField(_("rantai"), default=0, db_default=0, editable=False)
    at = models.DateTimeField(_("waktu"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    # Kept even if the user is renamed later: what the actor was called at the time.
    actor_label = models.CharField(_("nama akun"), max_length=150, blank=True)
    target_type = models.CharField(_("jenis objek"), max_length=60, blank=True, db_index=True)
    target_id = models.CharField(_("id objek"), max_length=40, blank=True)
    ip = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        abstract = True

    # Subclasses name the fields that enter the hash, in order.
    HASHED_FIELDS: tuple[str, ...] = ()
    # Every shard is a chain of its own; new rows spread over ``settings.<SHARDS_SETTING>``.
    SHARDS_SETTING = "AUDIT_ACCESS_SHARDS"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An invariant, not a workflow: rows are written once, by services.append_*.
        if self.pk is not None and not kwargs.pop("_append", False):
            raise PermissionError("audit rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("audit rows are append-only")

    @property
    def position(self) -> str:
        """Where the row sits, as staff screens show it: ``seq`` in shard 0, ``shard.seq`` in
        another shard."""
        return f"{self.shard}.{self.seq}" if self.shard else str(self.seq)

    def canonical(self) -> str:
        data: dict[str, Any] = {"seq": self.seq, "at": self.at.isoformat(), "actor": self.actor_id}
        for name in self.HASHED_FIELDS:
            data[name] = getattr(self, name)
        return json.dumps(
            data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
        )

    def compute_hash(self) -> str:
        return hashlib.sha256((self.prev_hash + self.canonical()).encode("utf-8")).hexdigest()


class AuditEvent(ChainedRecord):
    """Something changed: who did what to which object, with the changed fields.

    Sharded like the access log (module docstring): every event of one object is in that
    object's shard, so its history stays one chain; events without an object (a login that
    failed for an unknown name, a verification run) share the shard of the empty target.
    """

    action = models.CharField(_("tindakan"), max_length=80, db_index=True)
    # Not a name: a neutral reference such as a case number or "Report #12".
    target_label = models.CharField(_("objek"), max_length=120, blank=True)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)
    note = models.CharField(_("keterangan"), max_length=500, blank=True)

    HASHED_FIELDS = (
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "changes",
        "note",
        "ip",
    )

    SHARDS_SETTING = "AUDIT_EVENT_SHARDS"

    class Meta:
        # Newest first across shards: ``id`` is allocated in insertion order.
        ordering = ["-id"]
        verbose_name = _("peristiwa audit")
        verbose_name_plural = _("peristiwa audit")
        constraints = [
            models.UniqueConstraint(fields=["shard", "seq"], name="auditevent_shard_seq_uniq"),
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["actor", "at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def change_rows(self) -> list[tuple[str, Any, Any]]:
        """``changes`` as ``(field, before, after)`` rows for a compact before→after table.

        Services store ``{"field": [before, after]}`` (already redacted); anything else a
        service recorded (a bare value, a redaction marker) is shown as the "after" value.
        """
        if not isinstance(self.changes, dict):
            return [("", None, self.changes)]
        rows: list[tuple[str, Any, Any]] = []
        for field in sorted(self.changes):
            value = self.changes[field]
            if isinstance(value, list | tuple) and len(value) == 2:
                rows.append((field, value[0], value[1]))
            else:
                rows.append((field, None, value))
        return rows


class AccessLog(ChainedRecord):
    """Someone read a sensitive record (a victim's case, a person, a document).

    Sharded (module docstring): ``seq`` counts within the row's ``shard``. The shard is not
    part of the hashed content, and needs not be: moving a row to another shard leaves a gap
    in its own chain and a broken link in the other.
    """

    purpose = models.CharField(_("keperluan"), max_length=80)
    target_label = models.CharField(_("objek"), max_length=120, blank=True)
    path = models.CharField(_("halaman"), max_length=300, blank=True)
    break_glass = models.BooleanField(_("akses darurat"), default=False)
    reason = models.CharField(_("alasan"), max_length=500, blank=True)

    HASHED_FIELDS = (
        "actor_label",
        "target_type",
        "target_id",
        "target_label",
        "purpose",
        "path",
        "break_glass",
        "reason",
        "ip",
    )

    class Meta:
        # Newest first across shards: ``id`` is allocated in insertion order (``seq`` only
        # counts within a shard).
        ordering = ["-id"]
        verbose_name = _("log akses")
        verbose_name_plural = _("log akses")
        constraints = [
            models.UniqueConstraint(fields=["shard", "seq"], name="accesslog_shard_seq_uniq"),
        ]
        indexes = [
            # "Who opened this record, latest first" (the case timeline) reads the newest
            # entries of one record in index order, skipping the viewer's own without reading
            # the rows: a record opened thousands of times costs the same as a new one.
            models.Index(
                fields=["target_type", "target_id", "-id"],
                include=["actor"],
                name="accesslog_target_id_idx",
            ),
            models.Index(fields=["actor", "at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.purpose}"

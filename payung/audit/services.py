"""Writing the audit trail. Every service that changes data calls ``audit_event`` inside its
own transaction; every view that shows a victim's record calls ``access_record`` (or
``access_records`` for several shown at once).

Appending takes a lock so each chain stays a line: on PostgreSQL a transaction-scoped
advisory lock per shard (so reads of different records, and changes to different objects, do
not wait for each other), on SQLite the write lock that an IMMEDIATE transaction already holds.

No deadlock between shards: on PostgreSQL a transaction that has written an audit event
writes its later events to the same shard (it holds that shard's lock already and takes no
other event lock), and a list's access rows take all their shards' locks in one statement,
in ascending order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.utils import timezone

from payung.audit import anchor
from payung.audit.models import (
    GENESIS,
    AccessLog,
    AuditEvent,
    ChainedRecord,
    shard_count,
    shard_for,
)
from payung.audit.verify import VerificationResult, split_key, verify_audit
from payung.core import request_context

T = TypeVar("T", bound=ChainedRecord)

# Field names whose values never enter the audit trail, only the fact that they changed.
SENSITIVE_MARKERS = (
    "password",
    "pin",
    "nik",
    "kk",
    "phone",
    "address",
    "alamat",
    "name",
    "nama",
    "chronology",
    "kronologi",
    "note",
    "secret",
    "token",
    "email",
    "birth",
    "description",
    "text",
    "body",
)
REDACTED = "[disamarkan]"

_LOCK_KEYS = {"audit_auditevent": 7_250_001, "audit_accesslog": 7_250_002}


def _is_sensitive(field: str) -> bool:
    lowered = field.lower()
    return any(marker in lowered for marker in SENSITIVE_MARKERS)


def redact(changes: Mapping[str, Any]) -> dict[str, Any]:
    """``{"field": [before, after]}`` with sensitive values replaced by a marker."""
    clean: dict[str, Any] = {}
    for field, value in changes.items():
        if _is_sensitive(field):
            clean[field] = [REDACTED, REDACTED] if isinstance(value, list | tuple) else REDACTED
        else:
            clean[field] = value
    return clean


def diff(
    before: Mapping[str, Any], after: Mapping[str, Any], fields: Iterable[str] | None = None
) -> dict[str, list[Any]]:
    names = fields if fields is not None else sorted(set(before) | set(after))
    return {
        name: [before.get(name), after.get(name)]
        for name in names
        if before.get(name) != after.get(name)
    }


def update_fields_audited(
    *,
    actor: Any,
    instance: models.Model,
    fields: Mapping[str, Any],
    action: str,
    target_label: str,
) -> dict[str, list[Any]]:
    """Change ``fields`` on ``instance`` (a row the caller re-read under its lock), validate
    it, save only what changed and record the change: the one "change fields, then audit"
    step every edit of reference data shares. Returns the changes (empty: nothing saved,
    nothing audited). Call inside the service's transaction."""
    before = {name: getattr(instance, name) for name in fields}
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    changes = diff(before, {name: getattr(instance, name) for name in fields})
    if changes:
        update = [*changes]
        if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
            update.append("updated_at")
        instance.save(update_fields=update)
        audit_event(
            actor=actor,
            action=action,
            target=instance,
            target_label=target_label,
            changes=changes,
        )
    return changes


# The event shard this transaction already holds, or else the object's shard locked now: one
# statement. COALESCE evaluates its second argument (an init plan, run when first needed) only
# when the first is NULL, so a transaction that holds an event shard's lock takes no other.
# Two-key advisory locks show in pg_locks as classid = key 1, objid = key 2, objsubid = 2.
_EVENT_SHARD_SQL = """
SELECT COALESCE(
    (SELECT objid::int FROM pg_locks
      WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
        AND classid = %(key)s AND objsubid = 2
      LIMIT 1),
    (SELECT %(shard)s::int FROM (SELECT pg_advisory_xact_lock(%(key)s, %(shard)s)) AS taken)
)
"""


def _event_shard(target_type: str, target_id: str) -> int:
    """The shard of a new audit event, its lock taken: on PostgreSQL the one this transaction
    already holds, if any — a transaction holds at most one event lock, so two transactions
    can never wait for each other's event shards in a cycle — else the shard of the event's
    object. SQLite takes no locks (its IMMEDIATE transaction already excludes other
    writers): there the event goes to its object's shard."""
    shard = shard_for(target_type, target_id, shard_count(AuditEvent))
    if connection.vendor != "postgresql":
        return shard
    with connection.cursor() as cursor:
        cursor.execute(_EVENT_SHARD_SQL, {"key": _LOCK_KEYS["audit_auditevent"], "shard": shard})
        return int(cursor.fetchone()[0])


def _lock(model: type[ChainedRecord], shards: list[int]) -> None:
    """Take the chains' locks until the transaction ends (PostgreSQL; on SQLite the IMMEDIATE
    transaction already holds the database's write lock). The shards in ascending order, in
    one statement: its select list is evaluated left to right."""
    if connection.vendor != "postgresql":
        return
    key = _LOCK_KEYS[model._meta.db_table]
    with connection.cursor() as cursor:
        # Two-key form (table, shard): the one-key locks of the unsharded chains before
        # migration audit 0005 are a keyspace apart.
        calls = ", ".join("pg_advisory_xact_lock(%s, %s)" for _ in shards)
        cursor.execute(f"SELECT {calls}", [v for shard in shards for v in (key, shard)])


def _heads(model: type[ChainedRecord], shards: list[int]) -> dict[int, tuple[int, str]]:
    """``shard -> (seq, hash)`` of each chain's last row (read under its lock), in one query:
    each shard's head is one backward step in the ``(shard, seq)`` index."""
    table = connection.ops.quote_name(model._meta.db_table)  # the model's, not input
    one = f"SELECT shard, seq, hash FROM {table} WHERE shard = %s ORDER BY seq DESC LIMIT 1"  # noqa: S608
    sql = " UNION ALL ".join(f"SELECT * FROM ({one}) h{i}" for i in range(len(shards)))  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, shards)
        return {shard: (seq, digest) for shard, seq, digest in cursor.fetchall()}


def _append(model: type[T], *, keep_ip: bool = True, **values: Any) -> T:
    return _append_many(model, [values], keep_ip=keep_ip)[0]


def _keeps_ip(actor: Any) -> bool:
    """Whether the trail may record the client's address for ``actor``: not for an action
    a resident took without an account (``SystemActor(anonymous=True)``: the public report
    form and the status check) — the trail must not become a list of who reported."""
    return not getattr(actor, "anonymous", False)


def _append_many(model: type[T], rows: list[dict[str, Any]], *, keep_ip: bool = True) -> list[T]:
    """Append ``rows`` to their chains in order: per chain, one lock, one read of the head and
    one insert. Access rows take their shard from their target, and lock only the shards
    they write to, in ascending order (two writers never wait on each other in a cycle);
    audit events go to their transaction's shard (``_event_shard``)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "audit rows are written inside the transaction of the change they record"
        )
    groups: dict[int, list[int]] = {}
    n = shard_count(model)
    for index, values in enumerate(rows):
        target = (values.get("target_type", ""), values.get("target_id", ""))
        shard = _event_shard(*target) if model is AuditEvent else shard_for(*target, n)
        groups.setdefault(shard, []).append(index)
    shards = sorted(groups)
    if model is not AuditEvent:  # an event's shard was locked when it was chosen
        _lock(model, shards)
    heads = _heads(model, shards)
    info = request_context.current()
    at = timezone.now()
    records: list[T | None] = [None] * len(rows)
    for shard in shards:
        seq, prev_hash = heads.get(shard, (0, GENESIS))
        for index in groups[shard]:
            seq += 1
            record = model(
                seq=seq,
                shard=shard,
                prev_hash=prev_hash,
                at=at,
                ip=info.ip if info and keep_ip else None,
                **rows[index],
            )
            record.hash = prev_hash = record.compute_hash()
            records[index] = record
    written = [r for r in records if r is not None]
    if len(written) == 1:
        written[0].save(force_insert=True)
    else:
        model._default_manager.bulk_create(written)
    return written


def _label(actor: Any) -> str:
    """Who acted, by name: a user's username, or ``system:<command>`` for a SystemActor."""
    return getattr(actor, "username", "") if actor is not None else ""


def _target(target: models.Model | None) -> dict[str, str]:
    if target is None:
        return {"target_type": "", "target_id": ""}
    return {"target_type": target._meta.label_lower, "target_id": str(target.pk)}


def audit_event(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    target_label: str = "",
    changes: Mapping[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """Record a change. ``changes`` is ``{"field": [before, after]}``; sensitive fields are redacted."""
    return _append(
        AuditEvent,
        keep_ip=_keeps_ip(actor),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_label(actor),
        action=action,
        target_label=target_label[:120],
        changes=redact(changes or {}),
        note=note[:500],
        **_target(target),
    )


def access_record(
    *,
    actor: Any,
    target: models.Model,
    purpose: str,
    target_label: str = "",
    break_glass: bool = False,
    reason: str = "",
) -> AccessLog:
    """Record that ``actor`` read a sensitive record. Opens its own transaction if needed."""
    info = request_context.current()
    with transaction.atomic():
        return _append(
            AccessLog,
            keep_ip=_keeps_ip(actor),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=_label(actor),
            purpose=purpose,
            target_label=target_label[:120],
            path=info.path if info else "",
            break_glass=break_glass,
            reason=reason[:500],
            **_target(target),
        )


def access_records(
    *, actor: Any, targets: Iterable[tuple[models.Model, str]], purpose: str
) -> list[AccessLog]:
    """``access_record`` for several records read at once (a list or a search that shows
    them), ``(target, target_label)`` each: one row per record, a constant number of queries."""
    info = request_context.current()
    rows = [
        {
            "actor": actor if getattr(actor, "pk", None) else None,
            "actor_label": _label(actor),
            "purpose": purpose,
            "target_label": label[:120],
            "path": info.path if info else "",
            **_target(target),
        }
        for target, label in targets
    ]
    if not rows:
        return []
    with transaction.atomic():
        return _append_many(AccessLog, rows, keep_ip=_keeps_ip(actor))


def access_search(
    *,
    actor: Any,
    purpose: str,
    kind: str,
    total: int,
    shown: Iterable[tuple[models.Model, str]],
) -> list[AccessLog]:
    """Record a search, or a list that shows people's names: one row with the *kind* of
    query (``nik``, ``phone``, ``name``, ``number``, ``list`` for no search text…) and how
    many records matched — never the query text, which may be a NIK or a name — then one
    row per record shown (its id). One lock, one insert."""
    info = request_context.current()
    base = {
        "actor": actor if getattr(actor, "pk", None) else None,
        "actor_label": _label(actor),
        "purpose": purpose,
        "path": info.path if info else "",
    }
    rows = [{**base, "target_label": f"{kind}: {total} hasil"[:120], **_target(None)}]
    rows += [{**base, "target_label": label[:120], **_target(t)} for t, label in shown]
    with transaction.atomic():
        return _append_many(AccessLog, rows, keep_ip=_keeps_ip(actor))


def audit_chain_verify(
    *, actor: Any, chains: tuple[str, ...] = ("events", "access")
) -> VerificationResult:
    """Verify the chains and record who ran the check and what it found.

    Not ``@transaction.atomic`` on purpose: the walk may take minutes on a large table, and
    holding a transaction that long would block every writer on SQLite. Only the audit
    event that records the result is written in its own short transaction.
    """
    # Compared with the heads that the nightly `verify_audit` recorded, so a removed tail or
    # an emptied table shows here too. The screen only reads the file: the command writes it.
    try:
        recorded = anchor.load()
        error = ""
    except anchor.AnchorFileError as exc:
        recorded, error = None, str(exc)
    anchors = {
        n: a for n, a in (recorded.anchors if recorded else {}).items() if split_key(n)[0] in chains
    }
    result = verify_audit(chains=chains, anchors=anchors)
    result.anchored_at = recorded.written_at if recorded else None
    result.anchor_error = error
    with transaction.atomic():
        event = audit_event(actor=actor, action="audit.verify", note=result.summary())
    # A failed run is what the DPO links a breach record to (payung/privacy).
    result.event_id = event.pk
    return result

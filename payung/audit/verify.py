"""Verifying the hash chains of the audit trail.

Each chain (audit events, access log) is walked in ``seq`` order in batches, keeping only the
previous row in memory, so a table of millions of rows is checked in constant memory. Batches
are fetched by keyset (``seq, id`` greater than the last row seen) rather than with a
server-side cursor: no long transaction is held open and it works the same behind a
connection pooler and on SQLite.

For every row the walk checks, in this order:

1. ``seq`` is not the same as the previous row's (``duplicate_seq``);
2. ``seq`` is the previous row's plus one, starting at 1 (``gap``: rows were deleted);
3. ``prev_hash`` is the previous row's ``hash`` (``broken_link``: a row was inserted, the
   rows were reordered, or an edited row's hash was recomputed);
4. the row's own ``hash`` matches its content (``hash_mismatch``: the row was edited).

Only the first problem of each chain is reported: everything after it is suspect anyway.

Both tables are sharded (``payung.audit.models``): each shard is a chain of its own, walked
and checked separately in ``(seq, id)`` order, and every shard found in the table (or named by
an anchor) is walked. A table's result lists the first problem of each of its shards. Chains
are named ``events`` and ``access`` (shard 0, which continues the chain written before
sharding), ``events.N`` and ``access.N`` for shard N: the anchor file and ``--anchor`` use
those names.

What a walk alone cannot see: rows removed from the *end* of a chain, a table emptied with
TRUNCATE, or a chain rewritten wholesale with every hash recomputed. For those the walk is
compared with an *anchor*, a head (``seq`` and ``hash``) recorded outside the database: the
row at the anchored ``seq`` must still exist with that hash. ``manage.py verify_audit`` keeps
the last verified heads in ``settings.AUDIT_ANCHOR_FILE`` (``payung.audit.anchor``) and
compares with them by default; ``--anchor events:SEQ:HASH`` passes one by hand (from the DPO's
register or another system).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.audit.models import GENESIS, AccessLog, AuditEvent, ChainedRecord

DEFAULT_BATCH_SIZE = 2000

CHAINS: dict[str, type[ChainedRecord]] = {"events": AuditEvent, "access": AccessLog}


class ProblemKind(models.TextChoices):
    DUPLICATE_SEQ = "duplicate_seq", _("Nomor urut (seq) ganda")
    GAP = "gap", _("Baris hilang: nomor urut terputus")
    BROKEN_LINK = (
        "broken_link",
        _("Mata rantai putus: prev_hash tidak sama dengan hash baris sebelumnya"),
    )
    HASH_MISMATCH = "hash_mismatch", _("Isi baris diubah: hash tidak cocok dengan isinya")
    ANCHOR_MISMATCH = "anchor_mismatch", _("Hash baris tidak sama dengan jangkar yang dicatat")
    ANCHOR_MISSING = "anchor_missing", _("Baris jangkar tidak ada: rantai terpotong")
    CHAIN_EMPTIED = (
        "chain_emptied",
        _("Rantai kosong padahal jangkar mencatat baris: tabel dikosongkan"),
    )


def chain_key(name: str, shard: int = 0) -> str:
    """``"access"`` for shard 0 (the chain from before sharding), ``"access.7"`` for shard 7."""
    return name if shard == 0 else f"{name}.{shard}"


def split_key(key: str) -> tuple[str, int]:
    """``"access.7"`` → ``("access", 7)``; raises ValueError for an unknown chain."""
    name, _dot, shard = key.partition(".")
    if name not in CHAINS:
        raise ValueError(f"unknown chain {name!r} (choose from {', '.join(CHAINS)})")
    if not shard:
        return name, 0
    if not shard.isdigit():
        raise ValueError(f"unknown chain {key!r}: a shard is a number (events.N, access.N)")
    return name, int(shard)


@dataclass(frozen=True)
class Anchor:
    """A chain head recorded outside the database: the row ``seq`` must still have ``hash``."""

    seq: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> tuple[str, Anchor]:
        """``"events:1234:ab12…"`` → ``("events", Anchor(1234, "ab12…"))``; a shard is
        ``events.7:…`` or ``access.7:…``."""
        try:
            chain, seq, digest = text.split(":")
            anchor = cls(seq=int(seq), hash=digest.strip().lower())
        except ValueError as exc:
            raise ValueError(f"an anchor looks like events:SEQ:HASH, not {text!r}") from exc
        split_key(chain)
        if len(anchor.hash) != 64:
            raise ValueError("an anchor hash has 64 hexadecimal characters")
        return chain, anchor


@dataclass(frozen=True)
class ChainProblem:
    kind: ProblemKind
    seq: int  # where the chain first fails (for a gap: the first missing seq)
    detail: str  # technical, in English, for the command line and the log
    shard: int | None = None  # the shard; None where a caller checked one chain by hand

    @property
    def label(self) -> str:
        return str(self.kind.label)

    def __str__(self) -> str:
        where = (
            f"shard {self.shard}, seq {self.seq}" if self.shard is not None else f"seq {self.seq}"
        )
        return f"{where}: {self.kind.value}: {self.detail}"


@dataclass
class ChainResult:
    """One table's walk: every shard of it."""

    name: str  # "events" or "access"
    label: str
    checked: int = 0
    problems: list[ChainProblem] = field(default_factory=list)
    # The head reached in each chain, by chain key ("events", "access", "access.7").
    heads: dict[str, Anchor] = field(default_factory=dict)

    @property
    def problem(self) -> ChainProblem | None:
        return self.problems[0] if self.problems else None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def shards(self) -> int:
        return len(self.heads)

    @property
    def head_seq(self) -> int | None:
        """The head's ``seq`` when the table is one chain (a database from before sharding)."""
        return self.heads[self.name].seq if list(self.heads) == [self.name] else None

    @property
    def head_hash(self) -> str | None:
        return self.heads[self.name].hash if list(self.heads) == [self.name] else None

    @property
    def anchor_text(self) -> str:
        """What to record outside the database to detect a later truncation or rewrite
        (one ``CHAIN:SEQ:HASH`` per chain, separated by spaces)."""
        return " ".join(f"{key}:{a.seq}:{a.hash}" for key, a in sorted(self.heads.items()))


@dataclass
class VerificationResult:
    chains: list[ChainResult]
    started_at: datetime
    finished_at: datetime
    anchors: dict[str, Anchor] = field(default_factory=dict)
    # Where the anchors came from, for the DPO's screen (set by the caller that loaded them).
    anchored_at: datetime | None = None
    anchor_error: str = ""
    # The audit event that recorded this run (set by ``services.audit_chain_verify``).
    event_id: int | None = None

    @property
    def ok(self) -> bool:
        return all(chain.ok for chain in self.chains)

    @property
    def seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()

    def chain(self, name: str) -> ChainResult | None:
        return next((c for c in self.chains if c.name == name), None)

    def summary(self) -> str:
        """One line, in English, for the command line and the audit event's note."""
        if self.ok:
            parts = {"events": "events", "access": "access rows"}
            counted = ", ".join(f"{c.checked} {parts[c.name]}" for c in self.chains)
            return f"OK: {counted} verified"
        failed = "; ".join(f"{c.name} {c.problem}" for c in self.chains if c.problem)
        return f"FAILED: {failed}"


def _rows(
    model: type[ChainedRecord], batch_size: int, shard: int | None = None
) -> Iterator[ChainedRecord]:
    """Every row (of one shard) in ``(seq, id)`` order, fetched ``batch_size`` at a time."""
    queryset = model._default_manager.order_by("seq", "pk")
    if shard is not None:
        queryset = queryset.filter(shard=shard)
    last: tuple[int, int] | None = None
    while True:
        page = queryset
        if last is not None:
            # ``seq >= last`` is what the index serves; the OR alone makes PostgreSQL scan
            # the index from the start on every batch.
            page = queryset.filter(seq__gte=last[0]).filter(
                Q(seq__gt=last[0]) | Q(seq=last[0], pk__gt=last[1])
            )
        batch = list(page[:batch_size])
        yield from batch
        if len(batch) < batch_size:
            return
        last = (batch[-1].seq, batch[-1].pk)


def _check(row: ChainedRecord, prev: ChainedRecord | None) -> ChainProblem | None:
    expected_seq = prev.seq + 1 if prev is not None else 1
    expected_prev = prev.hash if prev is not None else GENESIS
    if prev is not None and row.seq == prev.seq:
        return ChainProblem(
            ProblemKind.DUPLICATE_SEQ,
            row.seq,
            f"two rows carry seq {row.seq} (ids {prev.pk} and {row.pk})",
        )
    if row.seq != expected_seq:
        return ChainProblem(
            ProblemKind.GAP,
            expected_seq,
            f"expected seq {expected_seq}, the next row is seq {row.seq}",
        )
    if row.prev_hash != expected_prev:
        return ChainProblem(
            ProblemKind.BROKEN_LINK,
            row.seq,
            f"prev_hash {row.prev_hash[:12]}… but the previous row's hash is {expected_prev[:12]}…",
        )
    actual = row.compute_hash()
    if row.hash != actual:
        return ChainProblem(
            ProblemKind.HASH_MISMATCH,
            row.seq,
            f"stored hash {row.hash[:12]}… but the content hashes to {actual[:12]}…",
        )
    return None


def _shards(model: type[ChainedRecord], anchored: set[int]) -> list[int]:
    """Every shard that holds a row, and those an anchor names (an emptied shard must fail)."""
    shards = model._default_manager.order_by().values_list("shard", flat=True)
    found = set(shards.distinct())
    return sorted(found | anchored)


def _walk(
    model: type[ChainedRecord], batch_size: int, shard: int | None, anchor: Anchor | None
) -> tuple[int, ChainProblem | None, ChainedRecord | None]:
    """Walk one chain: rows verified, its first problem, its last good row."""
    checked = 0
    prev: ChainedRecord | None = None
    for row in _rows(model, batch_size, shard):
        problem = _check(row, prev)
        if (
            problem is None
            and anchor is not None
            and row.seq == anchor.seq
            and row.hash != anchor.hash
        ):
            problem = ChainProblem(
                ProblemKind.ANCHOR_MISMATCH,
                row.seq,
                f"hash {row.hash[:12]}… but the anchor recorded {anchor.hash[:12]}…:"
                " the chain was rewritten (or truncated and grown again) up to here",
            )
        if problem is not None:
            return checked, problem, prev
        checked += 1
        prev = row
    if anchor is not None:
        if prev is None:
            return (
                checked,
                ChainProblem(
                    ProblemKind.CHAIN_EMPTIED,
                    anchor.seq,
                    f"the table holds no row but the anchor recorded seq {anchor.seq}:"
                    " the whole chain was removed (TRUNCATE or DELETE)",
                ),
                prev,
            )
        if prev.seq < anchor.seq:
            return (
                checked,
                ChainProblem(
                    ProblemKind.ANCHOR_MISSING,
                    anchor.seq,
                    f"the chain ends at seq {prev.seq} but the anchor recorded seq {anchor.seq}:"
                    f" the tail was removed ({anchor.seq - prev.seq} rows or more)",
                ),
                prev,
            )
    return checked, None, prev


def verify_chain(
    name: str,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    anchor: Anchor | None = None,
    anchors: Mapping[str, Anchor] | None = None,
) -> ChainResult:
    """Walk every shard of one table (``"events"`` or ``"access"``), each up to its first
    problem. ``anchors`` are keyed by chain (``access``, ``access.7``); ``anchor`` is the
    head of the table's shard 0."""
    model = CHAINS[name]
    result = ChainResult(name=name, label=str(model._meta.verbose_name_plural))
    by_shard: dict[int, Anchor] = {}
    for key, value in (anchors or {}).items():
        table, number = split_key(key)
        if table == name:
            by_shard[number] = value
    if anchor is not None:
        by_shard[0] = anchor
    for shard in _shards(model, set(by_shard)):
        checked, problem, last = _walk(model, batch_size, shard, by_shard.get(shard))
        result.checked += checked
        if problem is not None:
            result.problems.append(
                ChainProblem(problem.kind, problem.seq, problem.detail, shard=shard)
            )
        elif last is not None:
            result.heads[chain_key(name, shard)] = Anchor(seq=last.seq, hash=last.hash)
    return result


def verify_audit(
    *,
    chains: tuple[str, ...] = ("events", "access"),
    batch_size: int = DEFAULT_BATCH_SIZE,
    anchors: Mapping[str, Anchor] | None = None,
) -> VerificationResult:
    """Verify the named chains; the result is shown by the command and on the DPO's screen."""
    anchors = dict(anchors or {})
    started = timezone.now()
    results = [verify_chain(name, batch_size=batch_size, anchors=anchors) for name in chains]
    return VerificationResult(
        chains=results, started_at=started, finished_at=timezone.now(), anchors=anchors
    )

"""The audit trail and the access log of a generated dataset: two hash chains in time order.

Reports are generated in the order they arrive; the events of each case are pushed onto a heap
and written once no report still to come can produce an earlier one, so ``seq`` follows ``at``
and each chain continues from its table's current head (``manage.py verify_audit`` passes).
"""

from __future__ import annotations

import hashlib
import heapq
from collections import deque
from collections.abc import Callable, Iterable
from functools import cache
from itertools import count
from typing import Any

from payung.synthetic.sink import Sink, copy_formatter
from payung.synthetic.values import GeneratorError, canonical_json, iso, iso_t


class Ordered:
    """A heap of events released in time order (see ``Chain``)."""

    def __init__(self, end: float) -> None:
        self.end = end
        self.heap: list[tuple[float, int, tuple[Any, ...]]] = []
        self.tiebreak = count()

    def push(self, t: float, values: tuple[Any, ...]) -> None:
        # Something planned for after the end of the dataset happened "just now".
        heapq.heappush(self.heap, (min(t, self.end), next(self.tiebreak), values))

    def flush(self, until: float) -> None:
        heap = self.heap
        pop = heapq.heappop
        emit = self.emit
        while heap and heap[0][0] <= until:
            t, _n, values = pop(heap)
            emit(t, values)

    def emit(self, t: float, values: tuple[Any, ...]) -> None:
        raise NotImplementedError


# How each hashed value is written in the canonical JSON (see ``canonical_builder``).
VALUE_KINDS = {
    "actor": "int?",
    "seq": "int",
    "ip": "str?",
    "break_glass": "bool",
    "changes": "json",
}


def canonical_builder(keys: list[str]) -> Callable[[tuple[Any, ...]], tuple[str, str, str, str]]:
    """A function ``values -> (head, middle, tail, JSON of "changes")`` for events given as
    tuples in ``keys`` order, such that the canonical JSON of the row is
    ``head + '"<at>"' + middle + str(seq) + tail``.

    ``json.dumps(sort_keys=True)`` of a dict was the largest single cost of the run: the
    key order is the same for every event of a chain, so it is decided once here and the
    string is concatenated from C-encoded pieces; ``seq`` and ``at`` are known only when the
    row is written (by the parent process, in a parallel load), so they are left as gaps.
    ``Chain`` checks the result against ``json.dumps`` before the first row, and
    ``verify_audit`` checks every row.
    """
    order = sorted([*keys, "seq", "at"])
    if order.index("at") > order.index("seq"):  # pragma: no cover - alphabetical order
        raise GeneratorError("the canonical builder expects 'at' to sort before 'seq'")
    groups: list[list[str]] = [[], [], []]
    group = 0
    for key in order:
        if key in ("at", "seq"):
            group += 1
            continue
        i = keys.index(key)
        value = {
            "str": f"S(v[{i}])",
            "str?": f"('null' if v[{i}] is None else S(v[{i}]))",
            "int": f"str(v[{i}])",
            "int?": f"('null' if v[{i}] is None else str(v[{i}]))",
            "bool": f"('true' if v[{i}] else 'false')",
            "json": "j",
        }[VALUE_KINDS.get(key, "str")]
        groups[group].append(f"'\"{key}\":' + {value}")
    head, middle, tail = (f"','.join([{', '.join(g)}])" for g in groups)
    j = f"C(v[{keys.index('changes')}])" if "changes" in keys else "''"
    source = (
        f"lambda v: (lambda j: ('{{' + ({head} + ',' if {len(groups[0])} else '') + '\"at\":', "
        f"',' + ({middle} + ',' if {len(groups[1])} else '') + '\"seq\":', "
        f"(',' + {tail} if {len(groups[2])} else '') + '}}', j))({j})"
    )
    from json import encoder

    return eval(source, {"S": encoder.encode_basestring, "C": canonical_json})  # noqa: S307


def join_canonical(parts: tuple[str, str, str, str], at: str, seq: int) -> str:
    return f'{parts[0]}"{at}"{parts[1]}{seq}{parts[2]}'


class Chain(Ordered):
    """Rows of one hash chain, written in time order.

    Reports are generated in the order they arrive; each case's later events are pushed onto
    a heap and written once no report still to come can produce an earlier one, so ``seq``
    follows ``at`` and the chain continues from the table's current head.

    An event is a tuple of what ``ChainedRecord.canonical`` hashes (``actor`` and the model's
    ``HASHED_FIELDS``) in the order of the table's columns after ``hash``; ``seq`` and ``at``
    are added when it is written. The tuple ends with the row's ``shard`` (the last column,
    not hashed), and each shard is a chain of its own.
    """

    def __init__(
        self, model: Any, sink: Sink, columns: list[str], next_id: Iterable[int], end: float
    ) -> None:
        super().__init__(end)
        if columns[-1] != "shard":
            raise GeneratorError(f"{model.__name__}: the last column must be the shard")
        # Each chain's head: (seq, hash) by shard.
        self.heads: dict[int, tuple[int, str]] = {}
        for shard in model._default_manager.order_by().values_list("shard", flat=True).distinct():
            head = (
                model._default_manager.filter(shard=shard)
                .order_by("-seq")
                .values("seq", "hash")
                .first()
            )
            self.heads[shard] = (head["seq"], head["hash"])
        self.rows = 0
        expected = {"actor", *model.HASHED_FIELDS}
        self.keys = [("actor" if c == "actor_id" else c) for c in columns[5:] if c != "shard"]
        if set(self.keys) != expected:
            raise GeneratorError(f"{model.__name__}: columns {self.keys} do not match {expected}")
        self.changes_at = self.keys.index("changes") if "changes" in self.keys else -1
        self.canonical = canonical_builder(self.keys)
        self._check_canonical()
        self.table = sink.table(model, columns)
        self.ids = iter(next_id)

    def _check_canonical(self) -> None:
        sample = tuple(
            {
                "actor": 7,
                "ip": None,
                "break_glass": False,
                "changes": {"b": [None, "x"], "a": ["é", 1]},
            }.get(k, f'{k} "é" ✓')
            for k in self.keys
        )
        at = "2024-01-02T03:04:05+00:00"
        data = dict(zip(self.keys, sample, strict=True)) | {"seq": 3, "at": at}
        if join_canonical(self.canonical(sample), at, 3) != canonical_json(data):
            raise GeneratorError("the canonical form of audit rows no longer matches json.dumps")

    def _next(self, shard: int) -> tuple[int, str]:
        seq, prev = self.heads.get(shard) or (0, _genesis())
        self.rows += 1
        return seq + 1, prev

    def emit(self, t: float, values: tuple[Any, ...]) -> None:
        shard = values[-1]
        seq, prev = self._next(shard)
        parts = self.canonical(values)
        digest = hashlib.sha256((prev + join_canonical(parts, iso_t(t), seq)).encode()).hexdigest()
        row = [next(self.ids), seq, iso(t), prev, digest, *values]
        if self.changes_at >= 0:
            row[5 + self.changes_at] = parts[3]
        self.table.add(tuple(row))
        self.heads[shard] = (seq, digest)

    def emit_rendered(
        self, t: float, shard: int, head: str, middle: str, tail: str, line: str
    ) -> None:
        """Write an event a worker already turned into canonical pieces and COPY text."""
        seq, prev = self._next(shard)
        canonical = f'{head}"{iso_t(t)}"{middle}{seq}{tail}'
        digest = hashlib.sha256((prev + canonical).encode()).hexdigest()
        self.table.add_line(f"{next(self.ids)}\t{seq}\t{iso(t)}\t{prev}\t{digest}\t{line}")
        self.heads[shard] = (seq, digest)


class Forward(Ordered):
    """A worker process's side of a chain: events leave in time order for the parent, which
    merges the workers' streams and computes the one hash chain.

    The worker does the expensive part (the canonical JSON around the gaps for ``seq`` and
    ``at``, and the row's COPY text); the parent only fills the gaps, hashes and writes.
    """

    def __init__(self, model: Any, columns: list[str], end: float) -> None:
        super().__init__(end)
        self.keys = [("actor" if c == "actor_id" else c) for c in columns[5:] if c != "shard"]
        self.changes_at = self.keys.index("changes") if "changes" in self.keys else -1
        self.canonical = canonical_builder(self.keys)
        self.format = copy_formatter(model, columns[5:])
        self.out: list[tuple[float, int, str, str, str, str]] = []

    def emit(self, t: float, values: tuple[Any, ...]) -> None:
        head, middle, tail, changes = self.canonical(values)
        if self.changes_at >= 0:
            values = (*values[: self.changes_at], changes, *values[self.changes_at + 1 :])
        shard = values[-1]
        self.out.append((t, shard, head, middle, tail, self.format(values)))

    def take(self) -> list[tuple[float, int, str, str, str, str]]:
        out, self.out = self.out, []
        return out


AUDIT_COLUMNS = [
    "id",
    "seq",
    "at",
    "prev_hash",
    "hash",
    "actor_id",
    "actor_label",
    "target_type",
    "target_id",
    "ip",
    "action",
    "target_label",
    "changes",
    "note",
    "shard",  # last: not hashed (payung.audit.models.ChainedRecord)
]
ACCESS_COLUMNS = [
    "id",
    "seq",
    "at",
    "prev_hash",
    "hash",
    "actor_id",
    "actor_label",
    "target_type",
    "target_id",
    "ip",
    "purpose",
    "target_label",
    "path",
    "break_glass",
    "reason",
    "shard",  # last: not hashed (payung.audit.models.AccessLog)
]
CHAIN_TABLES = ("audit_auditevent", "audit_accesslog")


def _genesis() -> str:
    from payung.audit.models import GENESIS

    return GENESIS


# --- rows of the two chains ------------------------------------------------------------------


@cache
def _sensitive(field: str) -> bool:
    """Whether the audit service redacts this field (asked through its ``redact``)."""
    from payung.audit.services import REDACTED, redact

    return bool(redact({field: None})[field] == REDACTED)


@cache
def _needs_redaction(keys: frozenset[str]) -> bool:
    return any(_sensitive(k) for k in keys)


def _redact(changes: dict[str, Any]) -> dict[str, Any]:
    """``payung.audit.services.redact`` with the per-field decision cached."""
    from payung.audit.services import REDACTED

    if not _needs_redaction(frozenset(changes)):
        return changes
    return {
        k: ([REDACTED, REDACTED] if isinstance(v, list) else REDACTED) if _sensitive(k) else v
        for k, v in changes.items()
    }


def audit_row(
    actor: tuple[int, str] | None,
    action: str,
    target_type: str,
    target_id: int,
    target_label: str,
    changes: dict[str, Any],
) -> tuple[Any, ...]:
    """An audit event in AUDIT_COLUMNS order (after ``hash``), its shard last: the shard of
    its object (the application puts a transaction's later events in its first event's shard;
    the generator writes no transaction of several events, and the chains verify either way)."""
    return (
        actor[0] if actor else None,
        actor[1] if actor else "",
        target_type,
        str(target_id),
        None,
        action,
        target_label,
        _redact(changes),
        "",
        _shard(target_type, target_id, "events"),
    )


def access_row(
    actor: tuple[int, str],
    target_type: str,
    target_id: int,
    target_label: str,
    purpose: str,
    path: str,
) -> tuple[Any, ...]:
    """An access-log row in ACCESS_COLUMNS order (after ``hash``), its shard last."""
    return (
        actor[0],
        actor[1],
        target_type,
        str(target_id),
        None,
        purpose,
        target_label,
        path,
        False,
        "",
        _shard(target_type, target_id, "access"),
    )


@cache
def _shards(chain: str) -> int:
    from payung.audit.models import AccessLog, AuditEvent, shard_count

    return shard_count(AuditEvent if chain == "events" else AccessLog)


@cache
def _shard_for() -> Callable[[str, str, int], int]:
    """``audit.models.shard_for``, imported once (not on each of ~30 million rows)."""
    from payung.audit.models import shard_for

    return shard_for


def _shard(target_type: str, target_id: int, chain: str) -> int:
    return _shard_for()(target_type, str(target_id), _shards(chain))


def emit_merged(queues: list[deque[tuple[Any, ...]]], chain: Chain, low: float) -> None:
    """Write, in time order, the queued events of every worker up to ``low``."""
    while True:
        best = None
        for queue in queues:
            if queue and queue[0][0] <= low and (best is None or queue[0][0] < best[0][0]):
                best = queue
        if best is None:
            return
        chain.emit_rendered(*best.popleft())

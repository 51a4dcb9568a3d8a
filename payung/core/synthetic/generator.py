"""Synthetic casework at city or national scale (issue #6): reports, cases, people, the
record of what was done, and a valid audit trail — written straight to the tables.

Why straight to the tables and not through the services: a million cases through
``report_create`` → ``report_open_case`` → transitions would take days (each service locks,
audits and syncs deadlines row by row). The generator instead produces the rows those
services would have produced, with the same invariants:

- identifying fields are really encrypted (AES-256-GCM with the configured key, bound to
  their column exactly like ``EncryptedTextField``), blind indexes are computed with the
  configured HMAC key, so search and decryption work on the data as on real data;
- the audit trail and access log continue the existing hash chains, in time order, so
  ``manage.py verify_audit`` passes;
- case numbers continue the per-year counters; ids continue each table's sequence.

Distributions (forms of violence, ages, sexes, places, channels, seasonality, growth, time to
closure) are in ``vocab.py``; every random draw comes from one seeded generator, so a seed
gives the same dataset (apart from encryption nonces, which must be random).
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import hmac
import json
import math
import os
import random
import time
from bisect import bisect
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import accumulate, count
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from payung.core import crypto
from payung.core.synthetic import vocab
from payung.core.synthetic.sink import (
    PostgresSink,
    Sink,
    SqliteSink,
    copy_formatter,
    index_plan,
    rebuild_indexes,
)
from payung.core.synthetic.world import USERNAME_PREFIX, Kota, Village, WorldBuilder, person_name

SCALES = {"city": 2_000, "national": 1_000_000}
DAY = 86_400.0
LOCAL_OFFSET = 7 * 3600  # Asia/Jakarta, no daylight saving
# A case whose load is this large streams through parallel COPYs with indexes rebuilt after.
STREAMING_THRESHOLD = 50_000


def _json_encoder(*, sort_keys: bool) -> Callable[[Any], str]:
    """``json.dumps(…, sort_keys, ensure_ascii=False, separators=(",", ":"), default=str)``
    with the C encoder built once (``json.dumps`` builds it again on every call)."""
    from json import encoder

    make_encoder = getattr(encoder, "c_make_encoder", None)
    if make_encoder is None:  # pragma: no cover - CPython always has it
        return json.JSONEncoder(
            sort_keys=sort_keys, ensure_ascii=False, separators=(",", ":"), default=str
        ).encode
    make = make_encoder(
        None, str, encoder.encode_basestring, None, ":", ",", sort_keys, False, True
    )
    return lambda value: "".join(make(value, 0))


# What ChainedRecord.canonical() produces, byte for byte (verify_audit recomputes it).
_canonical = _json_encoder(sort_keys=True)
_JSON = _json_encoder(sort_keys=False)
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class GeneratorError(Exception):
    pass


@dataclass
class Options:
    scale: str = "city"
    cases: int | None = None  # default: SCALES[scale]
    years: int = 10
    seed: int = 1
    end: datetime | None = None  # default: now
    streaming: bool | None = None  # default: PostgreSQL and at least STREAMING_THRESHOLD cases
    workers: int = 2  # generator processes when streaming (the parent computes the audit chains)
    progress: Callable[[str], None] | None = None


@dataclass
class Result:
    rows: dict[str, int] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(self.phases.values())

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


# --- fast paths for crypto, identical in output to payung.core.crypto -----------------------


class Sealer:
    """``crypto.encrypt_str`` without per-call key lookups; nonces drawn in bulk."""

    def __init__(self) -> None:
        kid, aead = crypto.keyring()[0]
        self._prefix = f"{crypto.PREFIX}:{kid}:"
        self._encrypt = aead.encrypt
        self._pool = b""
        self._at = 0

    def _nonce(self) -> bytes:
        if self._at + 12 > len(self._pool):
            self._pool = os.urandom(12 * 8192)
            self._at = 0
        nonce = self._pool[self._at : self._at + 12]
        self._at += 12
        return nonce

    def seal_bytes(self, data: bytes, label: bytes) -> str:
        nonce = self._nonce()
        sealed = self._encrypt(nonce, data, label)
        return self._prefix + base64.b64encode(nonce + sealed).decode()

    def text(self, value: str, label: bytes) -> str:
        return self.seal_bytes(value.encode(), label) if value else ""


class Indexer:
    """``crypto.blind_index`` with the HMAC key schedule done once per purpose."""

    def __init__(self) -> None:
        self._key = crypto._decode_key(settings.BLIND_INDEX_KEY)
        self._bases: dict[str, Any] = {}

    def __call__(self, value: str, purpose: str) -> str:
        base = self._bases.get(purpose)
        if base is None:
            base = hmac.new(self._key, f"{purpose}\x1f".encode(), hashlib.sha256)
            self._bases[purpose] = base
        digest = base.copy()
        digest.update("".join(value.split()).lower().encode())
        return digest.hexdigest()[:32]


def label(model: type[models.Model], name: str) -> bytes:
    return str(model._meta.get_field(name)._label).encode()  # type: ignore[union-attr]


# --- weighted draws ----------------------------------------------------------------------------


def allowed(model: type[models.Model], name: str) -> set[str]:
    field: Any = model._meta.get_field(name)
    return {str(value) for value, _label in field.choices or []}


class Weighted:
    """Draw from ``{value: weight}``, keeping only values the model accepts.

    ``aliases`` maps a value to spellings to try in order (service codes differ between the
    casework plan and the care catalogue)."""

    def __init__(
        self,
        rng: random.Random,
        weights: Mapping[Any, float],
        accept: set[str] | None = None,
        aliases: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        merged: dict[Any, float] = {}
        for value, weight in weights.items():
            chosen = value
            if accept is not None:
                candidates = (aliases or {}).get(value, (value,))
                chosen = next((c for c in candidates if c in accept), None)
                if chosen is None:
                    continue
            merged[chosen] = merged.get(chosen, 0) + weight
        if not merged:
            raise GeneratorError(f"no value of {list(weights)} is accepted by the model")
        self.values = list(merged)
        self.cum = list(accumulate(merged.values()))
        self.total = self.cum[-1]
        self.last = len(self.values) - 1
        self._random = rng.random

    def __call__(self) -> Any:
        return self.values[min(self.last, bisect(self.cum, self._random() * self.total))]


# Times are whole seconds since the epoch. Formatting them through datetime objects cost a
# tenth of the run (fifty timestamps a case), so dates come from a cache by day number and
# times of day from a table of 86,400 strings.
_TIMES = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]
_DAYS: dict[int, str] = {}


def _date_of(day: int) -> str:
    text = _DAYS.get(day)
    if text is None:
        text = _DAYS[day] = (
            (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(days=day)).date().isoformat()
        )
    return text


def _iso(t: float) -> str:
    """``YYYY-MM-DD HH:MM:SS+00:00`` (UTC, whole seconds)."""
    day, second = divmod(int(t), 86_400)
    return f"{_date_of(day)} {_TIMES[second]}+00:00"


def _iso_t(t: float) -> str:
    """The same instant as ``datetime.isoformat()`` writes it: what the audit hash covers."""
    day, second = divmod(int(t), 86_400)
    return f"{_date_of(day)}T{_TIMES[second]}+00:00"


def _day(t: float) -> str:
    """The local (Asia/Jakarta) calendar date."""
    return _date_of(int(t + LOCAL_OFFSET) // 86_400)


def _year(t: float) -> int:
    return int(_day(t)[:4])


# --- the audit chains ----------------------------------------------------------------------


class _Ordered:
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

    return eval(source, {"S": encoder.encode_basestring, "C": _canonical})  # noqa: S307


def _join(parts: tuple[str, str, str, str], at: str, seq: int) -> str:
    return f'{parts[0]}"{at}"{parts[1]}{seq}{parts[2]}'


class Chain(_Ordered):
    """Rows of one hash chain, written in time order.

    Reports are generated in the order they arrive; each case's later events are pushed onto
    a heap and written once no report still to come can produce an earlier one, so ``seq``
    follows ``at`` and the chain continues from the table's current head.

    An event is a tuple of what ``ChainedRecord.canonical`` hashes (``actor`` and the model's
    ``HASHED_FIELDS``) in the order of the table's columns after ``hash``; ``seq`` and ``at``
    are added when it is written.
    """

    def __init__(
        self, model: Any, sink: Sink, columns: list[str], next_id: Iterable[int], end: float
    ) -> None:
        super().__init__(end)
        head = model._default_manager.order_by("-seq").values("seq", "hash").first()
        self.seq = head["seq"] if head else 0
        self.prev = head["hash"] if head else _genesis()
        expected = {"actor", *model.HASHED_FIELDS}
        self.keys = [("actor" if c == "actor_id" else c) for c in columns[5:]]
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
        if _join(self.canonical(sample), at, 3) != _canonical(data):
            raise GeneratorError("the canonical form of audit rows no longer matches json.dumps")

    def emit(self, t: float, values: tuple[Any, ...]) -> None:
        self.seq += 1
        parts = self.canonical(values)
        digest = hashlib.sha256(
            (self.prev + _join(parts, _iso_t(t), self.seq)).encode()
        ).hexdigest()
        row = [next(self.ids), self.seq, _iso(t), self.prev, digest, *values]
        if self.changes_at >= 0:
            row[5 + self.changes_at] = parts[3]
        self.table.add(tuple(row))
        self.prev = digest

    def emit_rendered(self, t: float, head: str, middle: str, tail: str, line: str) -> None:
        """Write an event a worker already turned into canonical pieces and COPY text."""
        self.seq += 1
        canonical = f'{head}"{_iso_t(t)}"{middle}{self.seq}{tail}'
        digest = hashlib.sha256((self.prev + canonical).encode()).hexdigest()
        self.table.add_line(
            f"{next(self.ids)}\t{self.seq}\t{_iso(t)}\t{self.prev}\t{digest}\t{line}"
        )
        self.prev = digest


class Forward(_Ordered):
    """A worker process's side of a chain: events leave in time order for the parent, which
    merges the workers' streams and computes the one hash chain.

    The worker does the expensive part (the canonical JSON around the gaps for ``seq`` and
    ``at``, and the row's COPY text); the parent only fills the gaps, hashes and writes.
    """

    def __init__(self, model: Any, columns: list[str], end: float) -> None:
        super().__init__(end)
        self.keys = [("actor" if c == "actor_id" else c) for c in columns[5:]]
        self.changes_at = self.keys.index("changes") if "changes" in self.keys else -1
        self.canonical = canonical_builder(self.keys)
        self.format = copy_formatter(model, columns[5:])
        self.out: list[tuple[float, str, str, str, str]] = []

    def emit(self, t: float, values: tuple[Any, ...]) -> None:
        head, middle, tail, changes = self.canonical(values)
        if self.changes_at >= 0:
            values = (*values[: self.changes_at], changes, *values[self.changes_at + 1 :])
        self.out.append((t, head, middle, tail, self.format(values)))

    def take(self) -> list[tuple[float, str, str, str, str]]:
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
]
CHAIN_TABLES = ("audit_auditevent", "audit_accesslog")
# Slots a worker processes between two batches it sends to the parent.
BATCH_SLOTS = 500


def _genesis() -> str:
    from payung.audit.models import GENESIS

    return GENESIS


# --- the generator ---------------------------------------------------------------------------


class Generator:
    def __init__(self, options: Options) -> None:
        if options.scale not in SCALES:
            raise GeneratorError(f"unknown scale {options.scale!r}: choose city or national")
        self.options = options
        self.cases_wanted = options.cases if options.cases is not None else SCALES[options.scale]
        self.rng = random.Random(options.seed)
        self.end = (options.end or timezone.now()).timestamp()
        self.start = self.end - options.years * 365.25 * DAY
        self.postgres = connection.vendor == "postgresql"
        streaming = options.streaming
        if streaming is None:
            streaming = self.postgres and self.cases_wanted >= STREAMING_THRESHOLD
        if streaming and not self.postgres:
            raise GeneratorError("streaming load needs PostgreSQL")
        self.streaming = streaming
        self.workers = max(1, options.workers) if streaming else 1
        self.part = (0, 1)  # (this process, of how many)
        self.pipe: Any = None  # a worker's connection to the parent
        self.next_seq: dict[int, int] = {}
        self.last_seq: dict[int, int] = {}
        self.result = Result()
        self._say = options.progress or (lambda _m: None)

    # --- entry point ---------------------------------------------------------------------

    def run(self) -> Result:
        if getattr(settings, "PAYUNG_ENV", "") == "production":
            raise GeneratorError("refusing to write synthetic data to a production database")
        from payung.accounts.models import User

        if User.objects.filter(username__startswith=USERNAME_PREFIX).exists():
            raise GeneratorError(
                "this database already holds synthetic data (users named sint_…); "
                "use a fresh database"
            )
        began = time.perf_counter()
        if self.streaming:
            with transaction.atomic():
                self._prepare_world()
            self._phase("world", began)
            self._load_streaming()
        else:
            with transaction.atomic():
                self._prepare_world()
                self._phase("world", began)
                began = time.perf_counter()
                sink: Sink = PostgresSink(streaming=False) if self.postgres else SqliteSink()
                self._generate(sink)
                sink.close()
                self._finish_counters()
            self._phase("rows", began)
            began = time.perf_counter()
            self._reset_sequences()
            self._phase("sequences", began)
        return self.result

    def _phase(self, name: str, began: float) -> None:
        self.result.phases[name] = self.result.phases.get(name, 0) + time.perf_counter() - began
        self._say(f"{name}: {self.result.phases[name]:.1f} s")

    def _load_streaming(self) -> None:
        began = time.perf_counter()
        tables = [m._meta.db_table for m in self._bulk_models()]
        empty = self._empty(tables)
        plan = index_plan(empty)
        with connection.cursor() as cursor:
            for statement in plan.drop:
                cursor.execute(statement)
        self._say(f"dropped {len(plan.drop)} indexes of {len(empty)} empty tables for the load")
        try:
            self._fork_and_merge()
        except BaseException:
            rebuild_indexes(plan.create)
            raise
        self._phase("rows", began)
        began = time.perf_counter()
        rebuild_indexes(plan.create)
        self._phase("indexes", began)
        began = time.perf_counter()
        with transaction.atomic():
            self._finish_counters()
        self._reset_sequences()
        # VACUUM, not just ANALYZE: it also sets the visibility map, so index-only scans work
        # at once, as they do on a production database that autovacuum keeps up with.
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f'VACUUM (ANALYZE) "{table}"')
        self._phase("vacuum", began)

    def _fork_and_merge(self) -> None:
        """Generate in ``workers`` processes; merge their audit events into the two chains.

        Each worker streams its rows to PostgreSQL itself and sends its audit and access
        events, in time order, in batches marked with a watermark (no later event of that
        worker is earlier). The parent writes every event up to the lowest watermark of all
        workers, so the chains come out in one time order whatever the interleaving.
        """
        import multiprocessing

        from payung.audit.models import AccessLog, AuditEvent

        n = self.workers
        context = multiprocessing.get_context("fork")
        connection.close()  # the children must not share the parent's socket
        pipes = [context.Pipe(duplex=False) for _ in range(n)]
        processes = [
            context.Process(target=self._work, args=(k, n, pipes[k][1]), daemon=True)
            for k in range(n)
        ]
        for process in processes:
            process.start()
        for _receive, send in pipes:
            send.close()
        sink = PostgresSink(streaming=True)
        ids = {t: count(self.id_bases[t]) for t in CHAIN_TABLES}
        chains = [
            Chain(AuditEvent, sink, AUDIT_COLUMNS, ids["audit_auditevent"], self.end),
            Chain(AccessLog, sink, ACCESS_COLUMNS, ids["audit_accesslog"], self.end),
        ]
        try:
            self._merge([r for r, _s in pipes], chains)
            sink.close()
        except BaseException:
            sink.abort()
            for process in processes:
                process.kill()
            raise
        finally:
            for process in processes:
                process.join()
        failed = [p.exitcode for p in processes if p.exitcode]
        if failed:
            raise GeneratorError(f"a generator process failed (exit codes {failed})")
        for table in sink.tables.values():
            self.result.rows[table.db_table] = table.rows

    def _work(self, k: int, n: int, pipe: Any) -> None:  # pragma: no cover - runs in a child
        import traceback

        code = 0
        try:
            self.part = (k, n)
            self.pipe = pipe
            self.rng = random.Random(f"{self.options.seed}:{k}")
            sink = PostgresSink(streaming=True)
            try:
                self._generate(sink)
                sink.close()
            except BaseException:
                sink.abort()
                raise
            rows = {t.db_table: t.rows for t in sink.tables.values()}
            pipe.send(("done", rows, self.last_seq, self.counts))
        except BaseException:
            pipe.send(("error", traceback.format_exc()))
            code = 1
        finally:
            pipe.close()
            os._exit(code)  # no atexit handlers, no Django teardown in the child

    def _merge(self, pipes: list[Any], chains: list[Chain]) -> None:
        n = len(pipes)
        marks = [-math.inf] * n
        queues: list[list[deque[tuple[Any, ...]]]] = [[deque() for _ in chains] for _ in range(n)]
        done = [False] * n
        last_said = time.perf_counter()
        from multiprocessing.connection import wait

        index = {id(p): i for i, p in enumerate(pipes)}
        while not all(done):
            # Read whichever worker has something ready: waiting for one while another is
            # blocked sending would run the workers one at a time.
            for ready in wait([pipes[i] for i in range(n) if not done[i]]):
                channel: Any = ready
                k = index[id(ready)]
                try:
                    message = channel.recv()
                except EOFError as exc:
                    raise GeneratorError(f"generator process {k} ended without finishing") from exc
                self._receive(k, message, queues, marks, done)
            low = min(marks)
            for c, chain in enumerate(chains):
                _emit_merged([queues[i][c] for i in range(n)], chain, low)
            if time.perf_counter() - last_said > 15:
                last_said = time.perf_counter()
                self._say(
                    f"  reports up to {_day(low) if low < math.inf else 'the end'}: "
                    f"{chains[0].seq:,} audit events, {chains[1].seq:,} access rows"
                )

    def _receive(
        self,
        k: int,
        message: tuple[Any, ...],
        queues: list[list[deque[tuple[Any, ...]]]],
        marks: list[float],
        done: list[bool],
    ) -> None:
        if message[0] == "batch":
            _kind, mark, *events = message
            for queue, batch in zip(queues[k], events, strict=True):
                queue.extend(batch)
            marks[k] = mark
        elif message[0] == "done":
            _kind, rows, last_seq, counts = message
            done[k] = True
            marks[k] = math.inf
            for table, value in rows.items():
                self.result.rows[table] = self.result.rows.get(table, 0) + value
            for year, seq in last_seq.items():
                self.last_seq[year] = max(seq, self.last_seq.get(year, 0))
        else:
            raise GeneratorError(f"generator process {k} failed:\n{message[1]}")

    def _empty(self, tables: list[str]) -> list[str]:
        empty = []
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')
                if not cursor.fetchone()[0]:
                    empty.append(table)
        return empty

    # --- setup ---------------------------------------------------------------------------

    def _bulk_models(self) -> list[Any]:
        from payung.audit.models import AccessLog, AuditEvent
        from payung.care.models import Referral, ReferralEvent, ServiceRecord, Stay
        from payung.cases import models as m

        return [
            m.Report,
            m.ReportEvent,
            m.Case,
            m.Case.team.through,
            m.Person,
            m.PersonNameToken,
            m.CaseParty,
            m.Incident,
            m.Incident.victims.through,
            m.Incident.perpetrators.through,
            m.CaseStatusChange,
            m.ClosureRequest,
            m.Assessment,
            m.CasePlan,
            m.PlanItem,
            m.CaseDeadline,
            m.Consent,
            m.CaseDocument,
            m.CaseNote,
            Stay,
            Referral,
            ReferralEvent,
            ServiceRecord,
            AuditEvent,
            AccessLog,
        ]

    def _prepare_world(self) -> None:
        from payung.cases.models import CaseNumberCounter, DeadlineRule, TriageDeadlineRule

        per_year = self.cases_wanted / self.options.years
        builder = WorldBuilder(
            self.rng, national=self.options.scale == "national", cases_per_year=per_year
        )
        self.kotas = builder.build()
        self.result.rows["regions_region"] = builder.regions_created
        self.result.rows["accounts_user"] = builder.users_created
        self.result.rows["care_organisation"] = builder.organisations_created
        self.villages: list[Village] = [v for k in self.kotas for v in k.villages]
        self.village_cum = list(accumulate(w for k in self.kotas for w in k.village_weights))
        self.triage_hours = {
            r.risk_level: r.hours * (1.4 if r.working_days else 1.0)
            for r in TriageDeadlineRule.objects.all()
        }
        self.rules = list(DeadlineRule.objects.filter(active=True).order_by("order", "code"))
        self.counters = dict(CaseNumberCounter.objects.values_list("year", "last"))
        self.pattern = str(getattr(settings, "CASE_NUMBER_PATTERN", "PPA/{year}/{seq:04d}"))
        self.id_bases: dict[str, int] = {}
        for model in self._bulk_models():
            top = model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0
            self.id_bases[model._meta.db_table] = top + 1
        self.code_start = random.Random(f"{self.options.seed}:codes").randrange(31**7)
        from payung.cases.models import Report

        self.taken_codes = set(Report.objects.values_list("code", flat=True))

    # --- generation --------------------------------------------------------------------------

    def _generate(self, sink: Sink) -> None:
        from payung.audit.models import AccessLog, AuditEvent
        from payung.care.models import Referral, ReferralEvent, Service, ServiceRecord, Stay
        from payung.cases import codes
        from payung.cases import models as m
        from payung.cases.choices import AgeGroup, Sex, ViolenceForm

        rng = self.rng
        self.sink = sink
        self.seal = Sealer()
        self.index = Indexer()
        # Worker k of n takes every n-th id from each table's next free one.
        ids = {
            table: count(base + self.part[0], self.part[1]) for table, base in self.id_bases.items()
        }
        self.ids = ids

        def table(model: Any, columns: list[str]) -> Any:
            return sink.table(model, columns)

        self.t_report = table(
            m.Report,
            [
                "id",
                "created_at",
                "updated_at",
                "code",
                "pin_hash",
                "pin_failures",
                "idempotency_fingerprint",
                "channel",
                "received_at",
                "received_by_id",
                "source_reference",
                "region_code",
                "kelurahan_id",
                "outside_city",
                "outside_city_place",
                "address_detail",
                "place_category",
                "reporter_anonymous",
                "reporter_name",
                "reporter_relation",
                "reporter_phone",
                "reporter_phone_index",
                "reporter_email",
                "contact_channel",
                "contact_safe_times",
                "violence_forms",
                "description",
                "incident_date",
                "incident_date_approximate",
                "victim_name",
                "victim_age",
                "victim_age_group",
                "victim_sex",
                "victim_is_child",
                "victim_disability",
                "danger_now",
                "risk_level",
                "risk_provisional",
                "due_at",
                "flag_child",
                "flag_sexual",
                "flag_disability",
                "consent",
                "consent_text",
                "status",
                "public_status",
                "public_message",
                "case_id",
                "referred_to",
                "not_case_reason",
                "triaged_at",
                "triaged_by_id",
            ],
        )
        self.t_report_event = table(
            m.ReportEvent, ["id", "report_id", "kind", "at", "actor_id", "data", "note"]
        )
        self.t_case = table(
            m.Case,
            [
                "id",
                "created_at",
                "updated_at",
                "number",
                "year",
                "sequence",
                "status",
                "region_code",
                "unit",
                "kelurahan_id",
                "risk_level",
                "owner_id",
                "created_by_id",
                "created_from_id",
                "reported_at",
                "version",
                "status_changed_at",
                "closed_at",
                "closure_reason",
                "flag_kdrt",
                "flag_tpks",
                "flag_child",
                "violence_tags",
            ],
        )
        self.t_team = table(m.Case.team.through, ["id", "case_id", "user_id"])
        self.t_person = table(
            m.Person,
            [
                "id",
                "created_at",
                "updated_at",
                "name",
                "alias",
                "name_index",
                "nik",
                "nik_index",
                "kk",
                "kk_index",
                "sex",
                "birth_date",
                "age_estimate",
                "age_estimated_on",
                "disability",
                "disability_kinds",
                "education",
                "occupation",
                "marital_status",
                "religion",
                "phone",
                "phone_index",
                "address",
                "kelurahan_id",
                "created_by_id",
            ],
        )
        self.t_token = table(m.PersonNameToken, ["id", "person_id", "token"])
        self.t_party = table(
            m.CaseParty,
            [
                "id",
                "case_id",
                "person_id",
                "role",
                "perpetrator_kind",
                "group_size",
                "organisation_name",
                "relationship",
                "guardian_for_id",
                "guardian_relation",
                "anonymous",
                "created_at",
                "created_by_id",
            ],
        )
        self.t_incident = table(
            m.Incident,
            [
                "id",
                "created_at",
                "updated_at",
                "case_id",
                "occurred_on",
                "date_approximate",
                "place_category",
                "kelurahan_id",
                "address",
                "violence_forms",
                "trafficking_subtypes",
                "gbv_core_type",
                "chronology",
                "relationship",
                "kdrt",
                "tpks",
                "created_by_id",
            ],
        )
        self.t_inc_victim = table(m.Incident.victims.through, ["id", "incident_id", "caseparty_id"])
        self.t_inc_perp = table(
            m.Incident.perpetrators.through, ["id", "incident_id", "caseparty_id"]
        )
        self.t_status = table(
            m.CaseStatusChange,
            [
                "id",
                "case_id",
                "from_status",
                "to_status",
                "at",
                "actor_id",
                "reason",
                "note",
            ],
        )
        self.t_closure = table(
            m.ClosureRequest,
            [
                "id",
                "case_id",
                "state",
                "reason",
                "note",
                "requested_by_id",
                "requested_at",
                "decided_by_id",
                "decided_at",
                "decision_note",
            ],
        )
        self.t_assessment = table(
            m.Assessment,
            [
                "id",
                "case_id",
                "victim_id",
                "assessed_on",
                "assessed_by_id",
                "levels",
                "physical_note",
                "psychological_note",
                "social_note",
                "economic_note",
                "education_note",
                "summary",
                "economic_empowerment_need",
                "disability_accommodation",
                "created_at",
            ],
        )
        self.t_plan = table(
            m.CasePlan,
            [
                "id",
                "case_id",
                "goals",
                "agreed",
                "agreed_on",
                "agreed_by_id",
                "updated_at",
                "updated_by_id",
            ],
        )
        self.t_item = table(
            m.PlanItem,
            [
                "id",
                "plan_id",
                "service",
                "goal",
                "provider_name",
                "target_date",
                "status",
                "done_on",
                "created_at",
            ],
        )
        self.t_deadline = table(
            m.CaseDeadline,
            [
                "id",
                "case_id",
                "rule_id",
                "title",
                "due_at",
                "state",
                "met_at",
                "met_by_id",
                "requested_on",
                "granted_on",
                "protection_until",
                "note",
                "created_at",
                "created_by_id",
            ],
        )
        self.t_consent = table(
            m.Consent,
            [
                "id",
                "case_id",
                "subject_id",
                "given_by_id",
                "purpose",
                "organisation_id",
                "organisation_name",
                "method",
                "given_on",
                "note",
                "recorded_by_id",
                "recorded_at",
                "withdrawn_at",
                "withdrawn_by_id",
                "withdrawal_note",
            ],
        )
        self.t_document = table(
            m.CaseDocument,
            [
                "id",
                "ref",
                "content_type",
                "size",
                "original_name",
                "sealed",
                "uploaded_at",
                "uploaded_by_id",
                "case_id",
                "party_id",
                "kind",
                "description",
            ],
        )
        self.t_note = table(
            m.CaseNote, ["id", "case_id", "author_id", "at", "body", "confidential"]
        )
        self.t_stay = table(
            Stay,
            [
                "id",
                "created_at",
                "updated_at",
                "shelter_id",
                "case_id",
                "party_id",
                "alias",
                "admitted_at",
                "admitted_by_id",
                "planned_end",
                "admission_note",
                "discharged_at",
                "discharged_by_id",
                "discharge_reason",
                "discharge_note",
            ],
        )
        self.t_referral = table(
            Referral,
            [
                "id",
                "created_at",
                "updated_at",
                "case_id",
                "victim_id",
                "service_id",
                "organisation_id",
                "urgency",
                "status",
                "shared_fields",
                "snapshot",
                "sent_at",
                "sent_by_id",
                "due_at",
                "status_changed_at",
                "responded_at",
                "responded_by_id",
                "decline_reason",
                "scheduled_for",
                "completed_at",
                "completed_by_id",
                "outcome",
                "cancelled_at",
                "cancelled_by_id",
                "cancel_reason",
            ],
        )
        self.t_referral_event = table(
            ReferralEvent,
            [
                "id",
                "referral_id",
                "kind",
                "from_status",
                "to_status",
                "at",
                "actor_id",
                "note",
            ],
        )
        self.t_service_record = table(
            ServiceRecord,
            [
                "id",
                "created_at",
                "updated_at",
                "case_id",
                "victim_id",
                "service_id",
                "simfoni_category",
                "delivered_on",
                "organisation_id",
                "internal_unit",
                "description",
                "outcome",
                "referral_id",
                "recorded_by_id",
            ],
        )
        self.audit: _Ordered
        self.access: _Ordered
        if self.pipe is None:
            self.audit = Chain(AuditEvent, sink, AUDIT_COLUMNS, ids["audit_auditevent"], self.end)
            self.access = Chain(AccessLog, sink, ACCESS_COLUMNS, ids["audit_accesslog"], self.end)
        else:
            self.audit = Forward(AuditEvent, AUDIT_COLUMNS, self.end)
            self.access = Forward(AccessLog, ACCESS_COLUMNS, self.end)

        # Encryption labels (the column each ciphertext is bound to).
        self.L = {
            (model.__name__, name): label(model, name)
            for model, names in (
                (m.Report, m.Report.ENCRYPTED_FIELDS),
                (m.Person, m.Person.ENCRYPTED_FIELDS),
                (m.Incident, ("address", "chronology")),
                (m.CaseNote, ("body",)),
                (m.Assessment, ("physical_note", "psychological_note", "social_note", "summary")),
                (m.CasePlan, ("goals",)),
                (m.PlanItem, ("goal",)),
                (m.CaseDocument, ("original_name",)),
                (m.ClosureRequest, ("note",)),
                (Stay, ("alias",)),
                (Referral, ("snapshot", "decline_reason")),
                (ServiceRecord, ("description",)),
            )
            for name in names
        }
        self.sealed_label_prefix = m.CaseDocument.sealed_label("")
        self.services = {
            code: (pk, category, str(label))
            for pk, code, category, label in (
                (s.pk, s.code, s.simfoni_category, s.name) for s in Service.objects.all()
            )
        }
        self.age_labels = {k: str(v) for k, v in AgeGroup.choices}
        self.sex_labels = {k: str(v) for k, v in Sex.choices}
        # kota → service code → [(organisation id, name)] that offer it
        self.providers: dict[str, dict[str, list[tuple[int, str]]]] = {}
        for kota in self.kotas:
            offers: dict[str, list[tuple[int, str]]] = {}
            for orgs in kota.organisations.values():
                for oid, name, offered in orgs:
                    for code in offered:
                        for spelling in vocab.SERVICE_ALIASES.get(code, (code,)):
                            offers.setdefault(spelling, []).append((oid, name))
            self.providers[kota.code] = offers
        # Draws, restricted to what the models accept today.
        W = lambda weights, model, name, **kw: Weighted(rng, weights, allowed(model, name), **kw)  # noqa: E731
        self.d_form = Weighted(rng, vocab.VIOLENCE_FORMS, {str(v) for v in ViolenceForm.values})
        self.d_form_count = Weighted(rng, vocab.FORM_COUNT)
        self.d_place = W(vocab.PLACES, m.Report, "place_category")
        self.d_channel = W(vocab.CHANNELS, m.Report, "channel")
        self.d_relation = W(vocab.REPORTER_RELATIONS, m.Report, "reporter_relation")
        self.d_contact = W(vocab.CONTACT_CHANNELS, m.Report, "contact_channel")
        self.d_risk = W(vocab.RISK, m.Report, "risk_level")
        self.d_relationship = W(vocab.RELATIONSHIPS, m.Incident, "relationship")
        self.d_religion = W(vocab.RELIGIONS, m.Person, "religion")
        self.d_occupation = W(vocab.ADULT_OCCUPATIONS, m.Person, "occupation")
        self.d_education = W(vocab.ADULT_EDUCATION, m.Person, "education")
        self.d_marital = W(vocab.ADULT_MARITAL, m.Person, "marital_status")
        self.d_closure = W(vocab.CLOSURE_REASONS, m.ClosureRequest, "reason")
        self.d_not_case = W(vocab.NOT_CASE_REASONS, m.Report, "not_case_reason")
        self.d_outcome = Weighted(rng, vocab.REPORT_OUTCOMES)
        self.d_document = W(vocab.DOCUMENT_KINDS, m.CaseDocument, "kind")
        plan_services = allowed(m.PlanItem, "service")
        self.d_services = {
            form: Weighted(rng, weights, plan_services, aliases=vocab.SERVICE_ALIASES)
            for form, weights in vocab.SERVICES_BY_FORM.items()
        }
        self.victim_ages = Weighted(rng, dict(vocab.VICTIM_AGES))
        self.perpetrator_ages = Weighted(rng, dict(vocab.PERPETRATOR_AGES))
        self.consent_text = ""
        try:
            from payung.public.forms import CONSENT_TEXT

            self.consent_text = str(CONSENT_TEXT)
        except ImportError:  # pragma: no cover - the public app is part of the project
            pass
        self.pin_hash = _pin_hasher(codes)
        self.recent_case: dict[str, tuple[int, str]] = {}
        self.name_cache: dict[str, tuple[str, list[str]]] = {}
        self.code_counter = count(self.code_start + self.part[0], self.part[1])
        self.counts = {"cases": 0, "reports": 0}
        self._run_slots()
        self.audit.flush(math.inf)
        self.access.flush(math.inf)
        if isinstance(self.audit, Forward) and isinstance(self.access, Forward):
            self._send_batch(math.inf)
        for t in sink.tables.values():
            t.flush()
            self.result.rows[t.db_table] = self.result.rows.get(t.db_table, 0) + t.rows

    # --- time -------------------------------------------------------------------------------

    def _months(self) -> list[tuple[float, float, float]]:
        """(start, end, weight) of each month between start and end, with growth and season."""
        months = []
        first = datetime.fromtimestamp(self.start + LOCAL_OFFSET, UTC)
        cursor = datetime(first.year, first.month, 1, tzinfo=UTC)
        while cursor.timestamp() - LOCAL_OFFSET < self.end:
            nxt = (cursor + timedelta(days=32)).replace(day=1)
            lo = max(self.start, cursor.timestamp() - LOCAL_OFFSET)
            hi = min(self.end, nxt.timestamp() - LOCAL_OFFSET)
            years_in = (lo - self.start) / (365.25 * DAY)
            weight = (
                (hi - lo) / DAY * vocab.ANNUAL_GROWTH**years_in * vocab.SEASON[cursor.month - 1]
            )
            if hi > lo:
                months.append((lo, hi, weight))
            cursor = nxt
        return months

    def _run_slots(self) -> None:
        """Every report's time and place, month by month; this process takes its share.

        Times and places come from a generator seeded only by ``--seed``, so every worker
        process sees the same sequence of reports and takes every n-th one; what happens to
        a report comes from the worker's own generator.
        """
        slots = random.Random(f"{self.options.seed}:slots")
        share = vocab.REPORT_OUTCOMES["case"] / sum(vocab.REPORT_OUTCOMES.values())
        reports = round(self.cases_wanted / share)
        months = self._months()
        per_month = _largest_remainder(reports, [w for _lo, _hi, w in months])
        mine, every = self.part
        done = 0
        last_said = time.perf_counter()
        forwarding = self.pipe is not None
        for (lo, hi, _w), n in zip(months, per_month, strict=True):
            times = sorted(self._moment(slots, lo, hi) for _ in range(n))
            places = slots.choices(self.villages, cum_weights=self.village_cum, k=n)
            for i in range(mine, n, every):
                t0 = times[i]
                self.audit.flush(t0)
                self.access.flush(t0)
                done += 1
                if forwarding and done % BATCH_SLOTS == 0:
                    self._send_batch(t0)
                self._report(t0, places[i])
            if not forwarding and time.perf_counter() - last_said > 15:
                last_said = time.perf_counter()
                self._say(f"  {done:,} of {reports:,} reports ({self.counts['cases']:,} cases)")

    def _send_batch(self, watermark: float) -> None:
        """Events up to ``watermark`` to the parent; nothing earlier will follow."""
        assert isinstance(self.audit, Forward) and isinstance(self.access, Forward)
        assert self.pipe is not None
        self.pipe.send(("batch", watermark, self.audit.take(), self.access.take()))

    @staticmethod
    def _moment(rng: random.Random, lo: float, hi: float) -> float:
        """A time in [lo, hi): most reports arrive in office hours (08–16 WIB)."""
        t = lo + rng.random() * (hi - lo)
        if rng.random() < 0.7:
            day_start = t - ((t + LOCAL_OFFSET) % DAY)
            t = day_start + (8 + 8 * rng.random()) * 3600
            if t >= hi or t < lo:
                t = lo + rng.random() * (hi - lo)
        return t

    def _lognormal_days(self, median: float, sigma: float = 0.8) -> float:
        return median * math.exp(self.rng.gauss(0, sigma)) * DAY

    # --- one report (and the case it becomes) -------------------------------------------------

    def _new_code(self) -> str:
        # A bijection of a counter onto 31^8 codes: unique without remembering them all.
        while True:
            n = (next(self.code_counter) * 7_919_981) % 31**8
            chars = []
            for _ in range(8):
                n, r = divmod(n, 31)
                chars.append(CODE_ALPHABET[r])
            code = "".join(chars)
            if code not in self.taken_codes:
                return code

    def _report(self, t0: float, village: Village) -> None:
        rng = self.rng
        ids = self.ids
        seal = self.seal
        L = self.L
        kota = village.kota
        rid = next(ids["cases_report"])
        self.counts["reports"] += 1
        outcome = self.d_outcome()
        channel = self.d_channel()
        web = channel == "web"
        triager = rng.choice(kota.managers) if rng.random() < 0.8 else kota.supervisor
        if web:
            received_by = None
        elif village.ppt_officer is not None and rng.random() < 0.3:
            received_by = village.ppt_officer
        else:
            received_by = triager
        risk = self.d_risk()
        danger_now = risk == "tinggi" and rng.random() < 0.5
        n_forms = self.d_form_count()
        forms = sorted({self.d_form() for _ in range(n_forms)})
        place = self.d_place()
        victim_sex = "p" if rng.random() < 0.79 else "l"
        lo, hi = self.victim_ages()
        victim_age = rng.randint(lo, hi)
        if victim_age < 18 and rng.random() < 0.45:
            victim_sex = "l" if rng.random() < 0.45 else "p"
        is_child = victim_age < 18
        age_known = rng.random() < 0.85
        flag_sexual = "seksual" in forms or "tppo" in forms
        due = t0 + self.triage_hours.get(risk, 6) * 3600
        # Triage: high risk within the hour, others within hours to days; a few reports wait.
        median_hours = {"tinggi": 0.4, "sedang": 4.0, "rendah": 30.0}.get(risk, 6.0)
        triaged: float | None = t0 + median_hours * math.exp(rng.gauss(0, 0.9)) * 3600
        backlog = self.end - t0 < 30 * DAY and rng.random() < 0.03
        if triaged is not None and (triaged > self.end or backlog):
            triaged = None  # still in the triage queue
        relation = self.d_relation()
        anonymous = relation != "korban" and rng.random() < 0.35
        contact = self.d_contact()
        reporter_name = (
            ""
            if anonymous or relation == "korban"
            else person_name(rng, "p" if rng.random() < 0.7 else "l")
        )
        phone = _phone(rng) if contact in ("telepon", "whatsapp", "sms") else ""
        victim_name = person_name(rng, victim_sex) if rng.random() < 0.75 else ""
        incident_day = t0 - rng.expovariate(1 / 20) * DAY
        description = self._chronology()
        case_id = None
        status = "baru"
        public_status = "diterima"
        not_case_reason = ""
        referred_to = ""
        events: list[tuple[str, float, Any, dict[str, Any]]] = [
            (
                "diterima",
                t0,
                received_by,
                {"channel": channel, "risk_level": risk, "attachment": False},
            )
        ]
        case_closed = False
        if triaged is not None:
            if outcome == "attach" and village.code[:5] in self.recent_case:
                case_id, number = self.recent_case[village.code[:5]]
                status, public_status = "kasus", "ditangani"
                events.append(("digabung", triaged, triager, {"case": number}))
            elif outcome == "refer_out":
                status, public_status = "dirujuk_keluar", "selesai"
                referred_to = "Layanan di luar wilayah (sintetis)"
                events.append(("dirujuk_keluar", triaged, triager, {"referred_to": referred_to}))
            elif outcome == "not_case" or outcome == "attach":
                status, public_status = "bukan_kasus", "selesai"
                not_case_reason = self.d_not_case()
                events.append(("bukan_kasus", triaged, triager, {"reason": not_case_reason}))
            else:
                status, public_status = "kasus", "ditangani"
                case_id, number, case_closed = self._case(
                    rid,
                    t0,
                    triaged,
                    village,
                    triager,
                    risk,
                    forms,
                    place,
                    (victim_sex, victim_age, victim_name),
                    relation,
                    reporter_name,
                    phone,
                )
                if case_closed:
                    public_status = "selesai"
                events.append(("kasus_dibuka", triaged, triager, {"case": number}))
        code = self._new_code()
        pin = f"{rng.randrange(10**6):06d}"
        age_group = _age_group(victim_age) if age_known else ""
        self.t_report.add(
            (
                rid,
                _iso(t0),
                _iso(triaged or t0),
                code,
                self.pin_hash(pin),
                0,
                "",
                channel,
                _iso(t0),
                received_by[0] if received_by else None,
                "SINTETIS",
                village.code,
                village.id,
                False,
                "",
                seal.text(_street(rng), L["Report", "address_detail"])
                if rng.random() < 0.5
                else "",
                place,
                anonymous,
                seal.text(reporter_name, L["Report", "reporter_name"]),
                relation,
                seal.text(phone, L["Report", "reporter_phone"]),
                self.index(phone, "phone") if phone else "",
                seal.text("pelapor@contoh.invalid", L["Report", "reporter_email"])
                if contact == "email"
                else "",
                contact,
                "",
                _JSON(forms),
                seal.text(description, L["Report", "description"]),
                _day(incident_day),
                rng.random() < 0.4,
                seal.text(victim_name, L["Report", "victim_name"]),
                victim_age if age_known else None,
                age_group,
                victim_sex,
                ("ya" if is_child else "tidak") if age_known else "tidak_tahu",
                "ya" if rng.random() < 0.03 else "tidak_tahu",
                danger_now,
                risk,
                triaged is None,
                _iso(due),
                is_child and age_known,
                flag_sexual,
                False,
                web or rng.random() < 0.5,
                self.consent_text if web else "",
                status,
                public_status,
                "",
                case_id,
                referred_to,
                not_case_reason,
                _iso(triaged) if triaged else None,
                triager[0] if triaged is not None else None,
            )
        )
        for kind, at, actor, data in events:
            self.t_report_event.add(
                (
                    next(ids["cases_reportevent"]),
                    rid,
                    kind,
                    _iso(at),
                    actor[0] if actor else None,
                    _JSON(data),
                    "",
                )
            )
        rlabel = f"laporan:{rid}"
        self.audit.push(
            t0,
            _event(
                received_by,
                "report.create",
                "cases.report",
                rid,
                rlabel,
                {
                    "channel": [None, channel],
                    "region_code": [None, village.code],
                    "risk_level": [None, risk],
                    "danger_now": [None, danger_now],
                },
            ),
        )
        if triaged is not None:
            self.access.push(
                max(t0, triaged - 60),
                _access(
                    triager, "cases.report", rid, rlabel, "report.view", f"/kasus/laporan/{rid}/"
                ),
            )
            self.audit.push(
                triaged,
                _event(
                    triager,
                    {
                        "kasus": "report.open_case"
                        if events[-1][0] == "kasus_dibuka"
                        else "report.attach",
                        "dirujuk_keluar": "report.refer_out",
                        "bukan_kasus": "report.close_not_case",
                    }[status],
                    "cases.report",
                    rid,
                    rlabel,
                    {"status": ["baru", status]},
                ),
            )

    def _chronology(self) -> str:
        rng = self.rng
        parts = rng.sample(vocab.CHRONOLOGY, 3)
        return " ".join(
            p.format(
                who=rng.choice(vocab.WHO),
                when=rng.choice(vocab.WHEN),
                place_text=rng.choice(vocab.PLACE_TEXT),
            )
            for p in parts
        )

    # --- a case ----------------------------------------------------------------------------

    def _case(
        self,
        rid: int,
        t0: float,
        t1: float,
        village: Village,
        triager: tuple[int, str],
        risk: str,
        forms: list[str],
        place: str,
        victim: tuple[str, int, str],
        relation: str,
        reporter_name: str,
        reporter_phone: str,
    ) -> tuple[int, str, bool]:
        rng = self.rng
        ids = self.ids
        seal = self.seal
        L = self.L
        end = self.end
        kota = village.kota
        cid = next(ids["cases_case"])
        self.counts["cases"] += 1
        year = _year(t1)
        seq = self.next_seq.get(year) or self.counters.get(year, 0) + 1 + self.part[0]
        self.next_seq[year] = seq + self.part[1]
        self.last_seq[year] = seq
        number = self.pattern.format(year=year, seq=seq)
        self.recent_case[village.code[:5]] = (cid, number)
        owner = rng.choice(kota.managers)
        unit = "ppt" if village.ppt_officer is not None and rng.random() < 0.15 else "pusat"
        relationship = self.d_relationship()
        kdrt = place == "rumah_tangga" and relationship in ("suami_istri", "orang_tua", "keluarga")
        tpks = "seksual" in forms
        victim_sex, victim_age, victim_name = victim

        # --- the lifecycle: moves through the state machine, maybe an early closure
        stages = ("asesmen", "rencana", "layanan", "pemantauan")
        medians = (1.5, 4.0, 3.0, 35.0)
        early = rng.random() < 0.13
        last_stage = rng.randint(-1, 3) if early else 3
        moves: list[tuple[str, str, float, str]] = []
        t = t1
        before = "baru"
        for i in range(last_stage + 1):
            t += self._lognormal_days(medians[i], 0.7)
            moves.append((before, stages[i], t, ""))
            before = stages[i]
        request_t = t + self._lognormal_days(30.0 if not early else 7.0, 0.7)
        decided_t = request_t + self._lognormal_days(2.0, 0.6)
        reason = (
            self.d_closure()
            if not early
            else rng.choice(["korban_menolak", "tidak_dapat_dihubungi", "pindah", "dirujuk_keluar"])
        )
        rejected_first = rng.random() < 0.04
        closure_rows = []
        if rejected_first and decided_t <= end:
            closure_rows.append(("ditolak", reason, request_t, decided_t))
            request_t = decided_t + self._lognormal_days(14.0, 0.5)
            decided_t = request_t + self._lognormal_days(2.0, 0.6)
        if request_t <= end:
            closure_rows.append(
                ("disetujui" if decided_t <= end else "menunggu", reason, request_t, decided_t)
            )
        closed = decided_t <= end and request_t <= end
        if closed:
            moves.append((before, "ditutup", decided_t, reason))
        moves = [mv for mv in moves if mv[2] <= end]
        status = moves[-1][1] if moves else "baru"
        reached = {mv[1]: mv[2] for mv in moves}
        changed_at = moves[-1][2] if moves else t1
        closed_at = decided_t if closed else None
        supervisor = kota.supervisor

        # --- people and their parts
        victims: list[tuple[int, int, int]] = []  # (party id, person id, age)
        n_victims = 1 if rng.random() < 0.93 else (2 if rng.random() < 0.85 else 3)
        for i in range(n_victims):
            if i == 0:
                sex, age, name = victim_sex, victim_age, victim_name or person_name(rng, victim_sex)
            else:
                sex = "p" if rng.random() < 0.75 else "l"
                age = max(0, victim_age + rng.randint(-6, 6))
                name = person_name(rng, sex)
            pid = self._person(
                t1, village, sex, age, name, owner, child_alias=age < 18 and rng.random() < 0.35
            )
            party = next(ids["cases_caseparty"])
            self.t_party.add(
                (party, cid, pid, "korban", "", None, "", "", None, "", False, _iso(t1), triager[0])
            )
            victims.append((party, pid, age))
        flag_child = any(age < 18 for _p, _pid, age in victims)
        perpetrators: list[int] = []
        roll = rng.random()
        if roll < 0.88:
            sex = "l" if rng.random() < 0.92 else "p"
            lo, hi = self.perpetrator_ages()
            pid = self._person(
                t1,
                village,
                sex,
                rng.randint(lo, hi),
                person_name(rng, sex) if rng.random() < 0.9 else "",
                owner,
            )
            party = next(ids["cases_caseparty"])
            self.t_party.add(
                (
                    party,
                    cid,
                    pid,
                    "pelaku",
                    "perorangan",
                    None,
                    "",
                    relationship,
                    None,
                    "",
                    False,
                    _iso(t1 + 3600),
                    owner[0],
                )
            )
            perpetrators.append(party)
            self.audit.push(
                t1 + 3600,
                _event(
                    owner, "case.party_add", "cases.case", cid, number, {"role": [None, "pelaku"]}
                ),
            )
        elif roll < 0.94:
            party = next(ids["cases_caseparty"])
            self.t_party.add(
                (
                    party,
                    cid,
                    None,
                    "pelaku",
                    "kelompok",
                    rng.randint(2, 6),
                    "",
                    relationship,
                    None,
                    "",
                    False,
                    _iso(t1 + 3600),
                    owner[0],
                )
            )
            perpetrators.append(party)
        if reporter_name:
            pid = self._person(
                t1, village, "p", rng.randint(25, 60), reporter_name, owner, phone=reporter_phone
            )
            self.t_party.add(
                (
                    next(ids["cases_caseparty"]),
                    cid,
                    pid,
                    "pelapor",
                    "",
                    None,
                    "",
                    "",
                    None,
                    "",
                    False,
                    _iso(t1),
                    triager[0],
                )
            )
        guardian_party = None
        if flag_child and rng.random() < 0.7:
            pid = self._person(
                t1,
                village,
                "p" if rng.random() < 0.8 else "l",
                rng.randint(28, 55),
                person_name(rng, "p"),
                owner,
            )
            guardian_party = next(ids["cases_caseparty"])
            self.t_party.add(
                (
                    guardian_party,
                    cid,
                    pid,
                    "wali",
                    "",
                    None,
                    "",
                    "",
                    victims[0][0],
                    rng.choice(["ibu kandung", "ayah kandung", "nenek", "paman", "bibi"]),
                    False,
                    _iso(t1 + 1800),
                    owner[0],
                )
            )
        if rng.random() < 0.08:
            pid = self._person(
                t1,
                village,
                rng.choice("pl"),
                rng.randint(15, 65),
                person_name(rng, rng.choice("pl")),
                owner,
            )
            self.t_party.add(
                (
                    next(ids["cases_caseparty"]),
                    cid,
                    pid,
                    "saksi",
                    "",
                    None,
                    "",
                    "",
                    None,
                    "",
                    False,
                    _iso(t1 + 7200),
                    owner[0],
                )
            )

        # --- incidents
        for i in range(1 if rng.random() < 0.94 else 2):
            iid = next(ids["cases_incident"])
            occurred = t0 - rng.expovariate(1 / 20) * DAY - i * 30 * DAY
            self.t_incident.add(
                (
                    iid,
                    _iso(t1),
                    _iso(t1),
                    cid,
                    _day(occurred),
                    rng.random() < 0.4,
                    place,
                    village.id,
                    seal.text(_street(rng), L["Incident", "address"]) if rng.random() < 0.5 else "",
                    _JSON(forms),
                    _JSON(["eksploitasi_seksual"] if "tppo" in forms else []),
                    _gbv(forms),
                    seal.text(self._chronology(), L["Incident", "chronology"]),
                    relationship,
                    kdrt,
                    tpks,
                    triager[0],
                )
            )
            for party, _pid, _age in victims:
                self.t_inc_victim.add((next(ids["cases_incident_victims"]), iid, party))
            for party in perpetrators:
                self.t_inc_perp.add((next(ids["cases_incident_perpetrators"]), iid, party))

        # --- the case row
        self.t_case.add(
            (
                cid,
                _iso(t1),
                _iso(changed_at),
                number,
                year,
                seq,
                status,
                village.code,
                unit,
                village.id,
                risk,
                owner[0],
                triager[0],
                rid,
                _iso(t0),
                1 + len(moves),
                _iso(changed_at),
                _iso(closed_at) if closed_at else None,
                reason if closed else "",
                kdrt,
                tpks,
                flag_child,
                "," + ",".join(forms) + ",",
            )
        )
        if rng.random() < 0.1 and len(kota.managers) > 1:
            other = rng.choice([mgr for mgr in kota.managers if mgr != owner])
            self.t_team.add((next(ids["cases_case_team"]), cid, other[0]))
        self.audit.push(
            t1,
            _event(
                triager,
                "case.open",
                "cases.case",
                cid,
                number,
                {
                    "number": [None, number],
                    "region_code": [None, village.code],
                    "risk_level": [None, risk],
                    "owner": [None, owner[0]],
                },
            ),
        )
        self.access.push(
            t1 + 300, _access(owner, "cases.case", cid, number, "case.view", f"/kasus/{cid}/")
        )
        for before_s, to_s, at, why in moves:
            actor = supervisor if to_s == "ditutup" else owner
            self.t_status.add(
                (
                    next(ids["cases_casestatuschange"]),
                    cid,
                    before_s,
                    to_s,
                    _iso(at),
                    actor[0],
                    why,
                    "",
                )
            )
            if to_s != "ditutup":
                self.audit.push(
                    at,
                    _event(
                        actor,
                        "case.transition",
                        "cases.case",
                        cid,
                        number,
                        {"status": [before_s, to_s], "reason": [None, None]},
                    ),
                )
            if to_s in ("rencana", "ditutup"):
                self.access.push(
                    at - 120,
                    _access(actor, "cases.case", cid, number, "case.view", f"/kasus/{cid}/"),
                )
        for _ in range(_poisson(rng, 1.0)):
            at = t1 + rng.random() * ((closed_at or end) - t1)
            viewer = supervisor if rng.random() < 0.3 else owner
            self.access.push(
                at, _access(viewer, "cases.case", cid, number, "case.view", f"/kasus/{cid}/")
            )
        for state, why, req_t, dec_t in closure_rows:
            decided = state != "menunggu"
            self.t_closure.add(
                (
                    next(ids["cases_closurerequest"]),
                    cid,
                    state,
                    why,
                    "",
                    owner[0],
                    _iso(req_t),
                    supervisor[0] if decided else None,
                    _iso(dec_t) if decided else None,
                    "",
                )
            )
            self.audit.push(
                req_t,
                _event(
                    owner,
                    "case.closure_request",
                    "cases.case",
                    cid,
                    number,
                    {"reason": [None, why]},
                ),
            )
            if decided:
                self.audit.push(
                    dec_t,
                    _event(
                        supervisor,
                        "case.closure_approve" if state == "disetujui" else "case.closure_reject",
                        "cases.case",
                        cid,
                        number,
                        {"closure_request": ["menunggu", state]},
                    ),
                )

        # --- consent to process the victim's data (a guardian for a child)
        consent_t = t1 + 2 * 3600
        if consent_t <= end:
            subject = victims[0][0]
            giver = guardian_party if (flag_child and guardian_party) else subject
            self.t_consent.add(
                (
                    next(ids["cases_consent"]),
                    cid,
                    subject,
                    giver,
                    "pemrosesan",
                    None,
                    "",
                    "tertulis" if rng.random() < 0.6 else "lisan",
                    _day(consent_t),
                    "",
                    owner[0],
                    _iso(consent_t),
                    None,
                    None,
                    "",
                )
            )
            self.audit.push(
                consent_t,
                _event(
                    owner,
                    "case.consent_record",
                    "cases.case",
                    cid,
                    number,
                    {
                        "purpose": [None, "pemrosesan"],
                        "organisation_name": [None, None],
                        "given_by_role": [None, "wali" if giver != subject else "korban"],
                    },
                ),
            )

        # --- assessment, plan, services
        if "rencana" in reached:
            at = reached["rencana"] - 3600
            aid = next(ids["cases_assessment"])
            levels = {
                d: rng.choice(["tidak_ada", "ringan", "sedang", "berat"])
                for d in ("fisik", "psikologis", "sosial", "ekonomi", "pendidikan")
            }
            need = levels["ekonomi"] in ("sedang", "berat") and rng.random() < 0.5
            self.t_assessment.add(
                (
                    aid,
                    cid,
                    victims[0][0],
                    _day(at),
                    owner[0],
                    _JSON(levels),
                    "",
                    seal.text(
                        "Kondisi psikologis korban dicatat (sintetis).",
                        L["Assessment", "psychological_note"],
                    ),
                    "",
                    "",
                    "",
                    seal.text("Kesimpulan asesmen sintetis.", L["Assessment", "summary"]),
                    need,
                    rng.random() < 0.03,
                    _iso(at),
                )
            )
            self.audit.push(
                at,
                _event(
                    owner,
                    "case.assessment",
                    "cases.assessment",
                    aid,
                    number,
                    {"levels": [None, levels], "economic_empowerment_need": [None, need]},
                ),
            )
            plan_t = reached["rencana"] + 3600
            agreed_t = reached.get("layanan")
            plan_id = next(ids["cases_caseplan"])
            self.t_plan.add(
                (
                    plan_id,
                    cid,
                    seal.text("Tujuan rencana intervensi (sintetis).", L["CasePlan", "goals"]),
                    agreed_t is not None,
                    _day(agreed_t) if agreed_t else None,
                    (guardian_party or victims[0][0]) if agreed_t else None,
                    _iso(agreed_t or plan_t),
                    owner[0],
                )
            )
            self.audit.push(
                plan_t,
                _event(
                    owner,
                    "case.plan_save",
                    "cases.caseplan",
                    plan_id,
                    number,
                    {"goals": ["", "…"], "agreed": [False, agreed_t is not None]},
                ),
            )
            services = {
                self.d_services.get(f, self.d_services["lainnya"])()
                for f in forms
                for _ in range(rng.randint(1, 2))
            }
            for service in sorted(services):
                offers = self.providers[kota.code].get(service)
                provider = rng.choice(offers) if offers else None
                target = plan_t + rng.randint(3, 30) * DAY
                done_t = None
                if agreed_t is not None:
                    if provider is not None and rng.random() < 0.8:
                        done_t = self._referral(
                            cid,
                            number,
                            victims[0],
                            service,
                            provider,
                            kota,
                            agreed_t,
                            closed_at,
                            owner,
                            unit,
                            flag_child,
                            victim_sex,
                        )
                    elif closed or rng.random() < 0.5:
                        done_t = agreed_t + self._lognormal_days(10, 0.8)
                        if done_t > min(end, closed_at or end):
                            done_t = None
                        else:
                            self._service_record(
                                cid,
                                number,
                                victims[0][0],
                                service,
                                done_t,
                                None,
                                None,
                                "uptd_ppa" if unit == "pusat" else "ppt",
                                owner,
                            )
                item_status = "selesai" if done_t else ("berjalan" if agreed_t else "direncanakan")
                if closed and not done_t:
                    item_status = "batal"
                self.t_item.add(
                    (
                        next(ids["cases_planitem"]),
                        plan_id,
                        service,
                        seal.text("Tujuan layanan (sintetis).", L["PlanItem", "goal"]),
                        provider[1] if provider else "",
                        _day(target),
                        item_status,
                        _day(done_t) if done_t else None,
                        _iso(plan_t),
                    )
                )
                if service == "rumah_aman" and agreed_t is not None and kota.shelter:
                    self._stay(kota, cid, victims[0][0], agreed_t, owner)

        # --- deadlines, notes, documents
        self._deadlines(cid, t0, t1, risk, kdrt, tpks, reached, status, closed_at, owner, triager)
        life_end = closed_at or end
        for _ in range(_poisson(rng, 1.5)):
            at = t1 + rng.random() * (life_end - t1)
            nid = next(ids["cases_casenote"])
            confidential = rng.random() < 0.1
            author = owner if rng.random() < 0.85 else supervisor
            self.t_note.add(
                (
                    nid,
                    cid,
                    author[0],
                    _iso(at),
                    seal.text(rng.choice(vocab.NOTES), L["CaseNote", "body"]),
                    confidential,
                )
            )
            self.audit.push(
                at,
                _event(
                    author,
                    "case.note_add",
                    "cases.casenote",
                    nid,
                    number,
                    {"confidential": [None, confidential]},
                ),
            )
        if rng.random() < 0.08:
            at = t1 + rng.random() * min(30 * DAY, life_end - t1)
            self._document(cid, victims[0][0], at, owner, number)
        return cid, number, closed

    def _person(
        self,
        t: float,
        village: Village,
        sex: str,
        age: int,
        name: str,
        creator: tuple[int, str],
        *,
        child_alias: bool = False,
        phone: str = "",
    ) -> int:
        rng = self.rng
        seal = self.seal
        L = self.L
        pid = next(self.ids["cases_person"])
        alias = f"{rng.choice(vocab.ALIASES)} (nama samaran)" if child_alias else ""
        index, tokens = self._name_tokens(name, alias)
        adult = age >= 18
        has_birth = rng.random() < 0.55
        birth_t = t - (age + rng.random()) * 365.25 * DAY
        birth = datetime.fromtimestamp(birth_t + LOCAL_OFFSET, UTC).date()
        nik = ""
        if rng.random() < (0.65 if adult else 0.45):
            day = birth.day + (40 if sex == "p" else 0)
            nik = f"{village.nik_prefix}{day:02d}{birth.month:02d}{birth.year % 100:02d}{rng.randint(1, 2999):04d}"
        kk = (
            f"{village.nik_prefix}{rng.randint(10, 28):02d}{rng.randint(1, 12):02d}{rng.randint(0, 24):02d}{rng.randint(1, 9999):04d}"
            if rng.random() < 0.4
            else ""
        )
        if not phone and adult and rng.random() < 0.35:
            phone = _phone(rng)
        if adult:
            education, occupation, marital = (
                self.d_education(),
                self.d_occupation(),
                self.d_marital(),
            )
        else:
            education = "sd" if age < 13 else ("smp" if age < 16 else "sma")
            education = "paud" if age < 5 else education
            occupation, marital = "pelajar" if age >= 6 else "tidak_bekerja", "belum_menikah"
        stamp = _iso(t)
        self.t_person.add(
            (
                pid,
                stamp,
                stamp,
                seal.text(name, L["Person", "name"]),
                seal.text(alias, L["Person", "alias"]),
                index,
                seal.text(nik, L["Person", "nik"]),
                self.index(nik, "nik") if nik else "",
                seal.text(kk, L["Person", "kk"]),
                self.index(kk, "kk") if kk else "",
                sex,
                birth.isoformat() if has_birth else None,
                None if has_birth else age,
                None if has_birth else _day(t),
                "ya" if rng.random() < 0.03 else "tidak",
                "[]",
                education,
                occupation,
                marital,
                self.d_religion(),
                seal.text(phone, L["Person", "phone"]),
                self.index(phone, "phone") if phone else "",
                seal.text(_street(rng), L["Person", "address"]) if rng.random() < 0.6 else "",
                village.id if rng.random() < 0.85 else None,
                creator[0],
            )
        )
        token_table = self.t_token
        token_ids = self.ids["cases_personnametoken"]
        for token in tokens:
            token_table.add((next(token_ids), pid, token))
        return pid

    def _name_tokens(self, name: str, alias: str) -> tuple[str, list[str]]:
        from payung.cases.names import MIN_TOKEN_LENGTH, name_key, normalise_person_name

        key = (name, alias)
        cached = self.name_cache.get(key)  # type: ignore[call-overload]
        if cached is None:
            folded = name_key(name)
            words: set[str] = set()
            for text in (name, alias):
                words.update(
                    w for w in normalise_person_name(text).split() if len(w) >= MIN_TOKEN_LENGTH
                )
            cached = (
                self.index(folded, "person-name") if folded else "",
                sorted(self.index(w, "person-name-word") for w in words),
            )
            if len(self.name_cache) < 500_000:
                self.name_cache[key] = cached  # type: ignore[index]
        return cached

    def _referral(
        self,
        cid: int,
        number: str,
        victim: tuple[int, int, int],
        service: str,
        provider: tuple[int, str],
        kota: Kota,
        agreed: float,
        closed_at: float | None,
        owner: tuple[int, str],
        unit: str,
        child: bool,
        sex: str,
    ) -> float | None:
        """A referral for a planned service, as far as it got; the delivery time if done."""
        rng = self.rng
        ids = self.ids
        end = min(self.end, closed_at) if closed_at else self.end
        party, _pid, age = victim
        rid = next(ids["care_referral"])
        oid, org_name = provider
        staff = kota.organisation_staff.get(oid, owner)
        urgent = rng.random() < (0.45 if child else 0.25)
        urgency = "segera" if urgent else "biasa"
        sent = agreed + self._lognormal_days(1.0, 0.7)
        if sent > end:
            return None
        due = sent + (24 if urgent else 72) * 3600
        service_pk, category, service_name = self.services[service]
        # The provider's answer, the appointment, the delivery (times only if reached).
        steps: list[tuple[str, float, tuple[int, str]]] = []
        roll = rng.random()
        answered = sent + (4 if urgent else 20) * 3600 * math.exp(rng.gauss(0, 0.8))
        if roll < 0.06:
            steps.append(("ditolak", answered, staff))
        elif roll < 0.10:
            steps.append(("dibatalkan", answered, owner))
        else:
            steps.append(("diterima", answered, staff))
            scheduled = answered + self._lognormal_days(2.0, 0.6)
            steps.append(("dijadwalkan", scheduled, staff))
            steps.append(("selesai", scheduled + self._lognormal_days(1.0, 0.8), staff))
        steps = [step for step in steps if step[1] <= end]
        if closed_at is not None and (
            not steps or steps[-1][0] not in ("selesai", "ditolak", "dibatalkan")
        ):
            steps.append(("dibatalkan", closed_at, owner))  # the case closed first
        status = steps[-1][0] if steps else "dikirim"
        times = {name: at for name, at, _who in steps}
        outcome = ""
        if status == "selesai":
            outcome = (
                "terlaksana"
                if rng.random() < 0.85
                else rng.choice(["berlanjut", "sebagian", "tidak_hadir"])
            )
        age_group = _age_group(age)
        snapshot = _JSON(
            {
                "case_number": number,
                "service": service,
                "service_name": service_name,
                "urgency": urgency,
                "alias": "",
                "age_group": age_group,
                "age_group_label": self.age_labels.get(age_group, ""),
                "sex": sex,
                "sex_label": self.sex_labels.get(sex, ""),
                "note": "",
            }
        )
        responded = times.get("diterima") or times.get("ditolak")
        self.t_referral.add(
            (
                rid,
                _iso(sent),
                _iso(steps[-1][1] if steps else sent),
                cid,
                party,
                service_pk,
                oid,
                urgency,
                status,
                "[]",
                self.seal.text(snapshot, self.L["Referral", "snapshot"]),
                _iso(sent),
                owner[0],
                _iso(due),
                _iso(steps[-1][1] if steps else sent),
                _iso(responded) if responded else None,
                staff[0] if responded else None,
                self.seal.text(
                    "Di luar kapasitas layanan (sintetis).", self.L["Referral", "decline_reason"]
                )
                if status == "ditolak"
                else "",
                _iso(times["dijadwalkan"]) if "dijadwalkan" in times else None,
                _iso(times["selesai"]) if "selesai" in times else None,
                staff[0] if "selesai" in times else None,
                outcome,
                _iso(times["dibatalkan"]) if "dibatalkan" in times else None,
                owner[0] if "dibatalkan" in times else None,
                "",
            )
        )
        # Consent to share with this organisation comes first (consent_allows).
        given = sent - 1800
        self.t_consent.add(
            (
                next(ids["cases_consent"]),
                cid,
                party,
                party,
                "berbagi",
                oid,
                org_name,
                "lisan",
                _day(given),
                "",
                owner[0],
                _iso(given),
                None,
                None,
                "",
            )
        )
        before = ""
        events = [("dikirim", sent, owner), *steps]
        for to_status, at, who in events:
            self.t_referral_event.add(
                (
                    next(ids["care_referralevent"]),
                    rid,
                    to_status,
                    before,
                    to_status,
                    _iso(at),
                    who[0],
                    "",
                )
            )
            action = {
                "dikirim": "referral.send",
                "diterima": "referral.accept",
                "ditolak": "referral.decline",
                "dijadwalkan": "referral.schedule",
                "selesai": "referral.complete",
                "dibatalkan": "referral.cancel",
            }[to_status]
            changes: dict[str, Any] = {"status": [before or None, to_status]}
            if to_status == "dikirim":
                changes = {
                    "service": [None, service],
                    "organisation": [None, oid],
                    "urgency": [None, urgency],
                    "shared_fields": [None, []],
                    "consent": [None, "persetujuan"],
                }
            self.audit.push(at, _event(who, action, "care.referral", rid, number, changes))
            before = to_status
        if status != "selesai":
            return None
        done = times["selesai"]
        self._service_record(cid, number, party, service, done, oid, rid, "", staff, outcome)
        return done if outcome in ("terlaksana", "berlanjut", "sebagian") else None

    def _service_record(
        self,
        cid: int,
        number: str,
        party: int,
        service: str,
        at: float,
        organisation: int | None,
        referral: int | None,
        internal_unit: str,
        recorder: tuple[int, str],
        outcome: str = "terlaksana",
    ) -> int:
        pk = next(self.ids["care_servicerecord"])
        service_pk, category, _name = self.services[service]
        self.t_service_record.add(
            (
                pk,
                _iso(at),
                _iso(at),
                cid,
                party,
                service_pk,
                category,
                _day(at),
                organisation,
                internal_unit,
                "",
                outcome,
                referral,
                recorder[0],
            )
        )
        self.audit.push(
            at,
            _event(
                recorder,
                "service_record.add",
                "care.servicerecord",
                pk,
                number,
                {"service": [None, service], "outcome": [None, outcome]},
            ),
        )
        return pk

    def _stay(
        self, kota: Kota, cid: int, party: int, admitted: float, owner: tuple[int, str]
    ) -> None:
        rng = self.rng
        assert kota.shelter is not None
        shelter_id, _org, _name = kota.shelter
        out = admitted + self._lognormal_days(21, 0.6)
        discharged = out <= self.end
        self.t_stay.add(
            (
                next(self.ids["care_stay"]),
                _iso(admitted),
                _iso(out if discharged else admitted),
                shelter_id,
                cid,
                party,
                self.seal.text(
                    f"{rng.choice(vocab.ALIASES)} (nama samaran)", self.L["Stay", "alias"]
                ),
                _iso(admitted),
                owner[0],
                _day(admitted + 21 * DAY),
                "",
                _iso(out) if discharged else None,
                (kota.shelter_staff or owner)[0] if discharged else None,
                rng.choice(["pulang", "rencana_selesai"]) if discharged else "",
                "",
            )
        )

    def _document(
        self, cid: int, party: int, at: float, owner: tuple[int, str], number: str
    ) -> None:
        rng = self.rng
        did = next(self.ids["cases_casedocument"])
        ref = f"{rng.getrandbits(128):032x}"
        body = b"%PDF-1.4\n% sintetis\n" + rng.randbytes(rng.randint(1024, 3072))
        kind = self.d_document()
        self.t_document.add(
            (
                did,
                ref,
                "application/pdf",
                len(body),
                self.seal.text(f"{kind}.pdf", self.L["CaseDocument", "original_name"]),
                self.seal.seal_bytes(body, (self.sealed_label_prefix + ref).encode()),
                _iso(at),
                owner[0],
                cid,
                party,
                kind,
                "",
            )
        )
        self.audit.push(
            at,
            _event(
                owner,
                "case.document_upload",
                "cases.casedocument",
                did,
                number,
                {"kind": [None, kind], "size": [None, len(body)]},
            ),
        )

    def _deadlines(
        self,
        cid: int,
        t0: float,
        t1: float,
        risk: str,
        kdrt: bool,
        tpks: bool,
        reached: dict[str, float],
        status: str,
        closed_at: float | None,
        owner: tuple[int, str],
        triager: tuple[int, str],
    ) -> None:
        rng = self.rng
        end = self.end
        first_move = min(reached.values()) if reached else None
        stop = min(end, closed_at) if closed_at else end
        for rule in self.rules:
            trigger = rule.trigger
            met: float | None
            if trigger.startswith("risiko_"):
                if trigger != f"risiko_{risk}":
                    continue
                anchor, met = t0, first_move
            elif trigger == "kasus_dibuka":
                anchor = t1
                if rule.code == "asesmen":
                    met = reached.get("rencana", math.inf) - 3600 if "rencana" in reached else None
                elif rule.code == "rencana-intervensi":
                    met = reached.get("layanan")
                else:
                    met = t1 + rule.hours * 3600 * math.exp(rng.gauss(-0.4, 0.6))
            elif trigger == "tpks" or trigger == "kdrt":
                if (trigger == "tpks" and not tpks) or (trigger == "kdrt" and not kdrt):
                    continue
                anchor, met = t0, t0 + rule.hours * 3600 * math.exp(rng.gauss(-0.5, 0.6))
            elif trigger == "pemantauan":
                if "pemantauan" not in reached:
                    continue
                anchor, met = reached["pemantauan"], None
            else:
                continue
            hours = rule.hours * (1.4 if rule.working_days else 1.0)
            due = anchor + hours * 3600
            if met is not None and met <= stop:
                state = "terpenuhi"
            elif closed_at is not None or (trigger == "pemantauan" and status != "pemantauan"):
                state, met = "tidak_berlaku", None
            else:
                state, met = "terbuka", None
            requested = granted = until = None
            if rule.tracks_protection and state == "terpenuhi" and met is not None:
                requested = _day(met)
                if rng.random() < 0.7:
                    granted_t = met + rng.random() * DAY
                    granted = _day(granted_t)
                    until = _day(granted_t + (rule.protection_days or 7) * DAY)
            self.t_deadline.add(
                (
                    next(self.ids["cases_casedeadline"]),
                    cid,
                    rule.pk,
                    rule.name,
                    _iso(due),
                    state,
                    _iso(met) if met is not None else None,
                    owner[0] if met is not None else None,
                    requested,
                    granted,
                    until,
                    "",
                    _iso(anchor if anchor >= t1 else t1),
                    triager[0],
                )
            )

    # --- after the rows ----------------------------------------------------------------------

    def _finish_counters(self) -> None:
        from payung.cases.models import CaseNumberCounter

        for year, last in self.last_seq.items():
            if last > self.counters.get(year, 0):
                CaseNumberCounter.objects.update_or_create(year=year, defaults={"last": last})

    def _reset_sequences(self) -> None:
        if not self.postgres:
            return  # SQLite's AUTOINCREMENT follows the largest id inserted
        with connection.cursor() as cursor:
            for model in self._bulk_models():
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)'
                )


# --- small helpers ----------------------------------------------------------------------------


@cache
def _sensitive(field: str) -> bool:
    from payung.audit.services import _is_sensitive

    return _is_sensitive(field)


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


def _event(
    actor: tuple[int, str] | None,
    action: str,
    target_type: str,
    target_id: int,
    target_label: str,
    changes: dict[str, Any],
) -> tuple[Any, ...]:
    """An audit event in AUDIT_COLUMNS order (after ``hash``)."""
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
    )


def _access(
    actor: tuple[int, str],
    target_type: str,
    target_id: int,
    target_label: str,
    purpose: str,
    path: str,
) -> tuple[Any, ...]:
    """An access-log row in ACCESS_COLUMNS order (after ``hash``)."""
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
    )


def _emit_merged(queues: list[deque[tuple[Any, ...]]], chain: Chain, low: float) -> None:
    """Write, in time order, the queued events of every worker up to ``low``."""
    while True:
        best = None
        for queue in queues:
            if queue and queue[0][0] <= low and (best is None or queue[0][0] < best[0][0]):
                best = queue
        if best is None:
            return
        chain.emit_rendered(*best.popleft())


def _pin_hasher(codes: Any) -> Callable[[str], str]:
    """The product's PIN hash when it is a fast keyed hash; else one slow hash reused (the
    synthetic reports' PINs are never shown to anyone, so nobody needs to check them)."""
    fast = getattr(codes, "hash_pin", None)
    if fast is not None:
        return fast  # type: ignore[no-any-return]
    from django.contrib.auth.hashers import make_password

    fixed = make_password(f"{random.SystemRandom().randrange(10**6):06d}")
    return lambda _pin: fixed


def _largest_remainder(total: int, weights: list[float]) -> list[int]:
    scale = sum(weights)
    raw = [total * w / scale for w in weights]
    parts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _phone(rng: random.Random) -> str:
    return f"08{rng.choice('12357')}{rng.randrange(10**8, 10**9)}"


def _street(rng: random.Random) -> str:
    return f"Jl. {rng.choice(vocab.PLACE_STEMS)} {rng.choice(vocab.PLACE_ENDINGS).title()} No. {rng.randint(1, 120)}, RT {rng.randint(1, 12):02d} RW {rng.randint(1, 9):02d} (sintetis)"


def _age_group(age: int) -> str:
    from payung.cases.choices import age_group_for

    return str(age_group_for(age))


def _gbv(forms: list[str]) -> str:
    if "seksual" in forms:
        return "sexual_assault"
    if "fisik" in forms:
        return "physical_assault"
    if "penelantaran" in forms:
        return "denial_of_resources"
    if "psikis" in forms or "mental" in forms:
        return "psychological"
    return ""


def generate(options: Options) -> Result:
    return Generator(options).run()

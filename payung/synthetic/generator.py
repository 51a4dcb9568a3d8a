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

This module runs the load (in one transaction, or streamed by worker processes on
PostgreSQL) and sets up what the parts share; the rows themselves come from ``reports.py``,
``cases.py``, ``people.py`` and ``care.py``, the audit chains from ``trail.py``, the world
(regions, staff, organisations) from ``world.py``, and ``sink.py`` writes them.
"""

from __future__ import annotations

import gc
import math
import os
import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate, count
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from payung.synthetic import vocab
from payung.synthetic.care import (
    ASSESSMENT_COLUMNS,
    PLAN_COLUMNS,
    PLAN_ITEM_COLUMNS,
    REFERRAL_COLUMNS,
    REFERRAL_EVENT_COLUMNS,
    SERVICE_RECORD_COLUMNS,
    STAY_COLUMNS,
)
from payung.synthetic.cases import (
    CASE_COLUMNS,
    CLOSURE_COLUMNS,
    CONSENT_COLUMNS,
    DEADLINE_COLUMNS,
    DOCUMENT_COLUMNS,
    INCIDENT_COLUMNS,
    INCIDENT_PARTY_COLUMNS,
    NOTE_COLUMNS,
    STATUS_CHANGE_COLUMNS,
    TEAM_COLUMNS,
)
from payung.synthetic.people import (
    CASE_NAME_TOKEN_COLUMNS,
    NAME_TOKEN_COLUMNS,
    PARTY_COLUMNS,
    PERSON_COLUMNS,
)
from payung.synthetic.reports import REPORT_COLUMNS, REPORT_EVENT_COLUMNS, ReportsMixin, pin_hasher
from payung.synthetic.sink import (
    PostgresSink,
    Sink,
    SqliteSink,
    index_plan,
    run_in_parallel,
)
from payung.synthetic.trail import (
    ACCESS_COLUMNS,
    AUDIT_COLUMNS,
    CHAIN_TABLES,
    Chain,
    Forward,
    emit_merged,
)
from payung.synthetic.values import (
    DAY,
    LOCAL_OFFSET,
    GeneratorError,
    Indexer,
    Sealer,
    Weighted,
    allowed,
    label,
    largest_remainder,
    local_day,
)
from payung.synthetic.world import USERNAME_PREFIX, WorldBuilder

__all__ = ["SCALES", "Generator", "GeneratorError", "Options", "Result", "generate"]

SCALES = {"city": 2_000, "national": 1_000_000}
# A case whose load is this large streams through parallel COPYs with indexes rebuilt after.
STREAMING_THRESHOLD = 50_000
# Slots a worker processes between two batches it sends to the parent.
BATCH_SLOTS = 500


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


class Generator(ReportsMixin):
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
        self.next_seq = {}
        self.last_seq = {}
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
            run_in_parallel(plan.create)
            raise
        self._phase("rows", began)
        began = time.perf_counter()
        run_in_parallel(plan.create)
        self._phase("indexes", began)
        began = time.perf_counter()
        with transaction.atomic():
            self._finish_counters()
        self._reset_sequences()
        # VACUUM, not just ANALYZE: it also sets the visibility map, so index-only scans work
        # at once, as they do on a production database that autovacuum keeps up with.
        run_in_parallel([f'VACUUM (ANALYZE) "{table}"' for table in tables])
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
        # The cyclic collector walks every live container on each full pass, and a worker
        # keeps every open case's future events queued (tuples, none in a cycle).
        # Everything from before the fork is frozen out of the collector and passes are made
        # rarer: the rows phase at 10% scale went from 88 to 66 s (docs/performance.md, "The
        # generator").
        gc.freeze()
        gc.set_threshold(200_000, 50, 1000)
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
        began = time.perf_counter()
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
                emit_merged([queues[i][c] for i in range(n)], chain, low)
            if time.perf_counter() - last_said > 15:
                last_said = time.perf_counter()
                self._say(
                    f"  reports up to {local_day(low) if low < math.inf else 'the end'}: "
                    f"{chains[0].rows:,} audit events, {chains[1].rows:,} access rows"
                    + self._estimate(low, time.perf_counter() - began)
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
            m.CaseNameToken,
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
        self.villages = [v for k in self.kotas for v in k.villages]
        self.village_cum = list(accumulate(w for k in self.kotas for w in k.village_weights))
        self.triage_hours = {
            r.risk_level: r.hours * (1.4 if r.working_days else 1.0)
            for r in TriageDeadlineRule.objects.all()
        }
        self.rules = list(DeadlineRule.objects.filter(active=True).order_by("order", "code"))
        self.counters = dict(CaseNumberCounter.objects.values_list("year", "last"))
        self.pattern = str(getattr(settings, "CASE_NUMBER_PATTERN", "PPA/{year}/{seq:04d}"))
        self.id_bases = {}
        for model in self._bulk_models():
            top = model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0
            self.id_bases[model._meta.db_table] = top + 1
        self.code_start = random.Random(f"{self.options.seed}:codes").randrange(31**7)
        from payung.cases.models import Report

        self.taken_codes = set(Report.objects.values_list("code", flat=True))

    # --- generation --------------------------------------------------------------------------

    def _generate(self, sink: Sink) -> None:
        from payung.audit.models import AccessLog, AuditEvent
        from payung.care.models import Referral, ReferralEvent, ServiceRecord, Stay
        from payung.cases import codes
        from payung.cases import models as m
        from payung.cases.choices import AgeGroup, Sex, ViolenceForm
        from payung.partners.models import Service

        rng = self.rng
        self.sink = sink
        self.seal = Sealer()
        self.index = Indexer()
        # Worker k of n takes every n-th id from each table's next free one.
        ids = {
            table: count(base + self.part[0], self.part[1]) for table, base in self.id_bases.items()
        }
        self.ids = ids
        table = sink.table
        self.t_report = table(m.Report, REPORT_COLUMNS)
        self.t_report_event = table(m.ReportEvent, REPORT_EVENT_COLUMNS)
        self.t_case = table(m.Case, CASE_COLUMNS)
        self.t_team = table(m.Case.team.through, TEAM_COLUMNS)
        self.t_person = table(m.Person, PERSON_COLUMNS)
        self.t_token = table(m.PersonNameToken, NAME_TOKEN_COLUMNS)
        self.t_case_token = table(m.CaseNameToken, CASE_NAME_TOKEN_COLUMNS)
        self.t_party = table(m.CaseParty, PARTY_COLUMNS)
        self.t_incident = table(m.Incident, INCIDENT_COLUMNS)
        self.t_inc_victim = table(m.Incident.victims.through, INCIDENT_PARTY_COLUMNS)
        self.t_inc_perp = table(m.Incident.perpetrators.through, INCIDENT_PARTY_COLUMNS)
        self.t_status = table(m.CaseStatusChange, STATUS_CHANGE_COLUMNS)
        self.t_closure = table(m.ClosureRequest, CLOSURE_COLUMNS)
        self.t_assessment = table(m.Assessment, ASSESSMENT_COLUMNS)
        self.t_plan = table(m.CasePlan, PLAN_COLUMNS)
        self.t_item = table(m.PlanItem, PLAN_ITEM_COLUMNS)
        self.t_deadline = table(m.CaseDeadline, DEADLINE_COLUMNS)
        self.t_consent = table(m.Consent, CONSENT_COLUMNS)
        self.t_document = table(m.CaseDocument, DOCUMENT_COLUMNS)
        self.t_note = table(m.CaseNote, NOTE_COLUMNS)
        self.t_stay = table(Stay, STAY_COLUMNS)
        self.t_referral = table(Referral, REFERRAL_COLUMNS)
        self.t_referral_event = table(ReferralEvent, REFERRAL_EVENT_COLUMNS)
        self.t_service_record = table(ServiceRecord, SERVICE_RECORD_COLUMNS)
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
                (m.Person, ("birth_date",)),
                (m.Report, ("victim_age",)),
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
        self.providers = {}
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
        self.pin_hash = pin_hasher(codes)
        self.recent_case = {}
        self.name_cache = {}
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

    def _estimate(self, low: float, elapsed: float) -> str:
        """``" — 42% of the reports, ~9 min left"``: the share of the reports' volume (the
        months' weights: growth and season) generated up to ``low``, and the time left at the
        pace so far for the rows, plus the indexes and vacuum (about a fifth of the row time
        on the runs measured, docs/performance.md)."""
        months = self._months()
        total = sum(w for _lo, _hi, w in months) or 1.0
        done = sum(
            w if hi <= low else w * max(0.0, low - lo) / (hi - lo)
            for lo, hi, w in months
            if lo < low
        )
        share = min(1.0, done / total)
        if share < 0.02:
            return f" — {share:.0%} of the reports"
        rows_left = elapsed * (1 - share) / share
        after = 0.22 * elapsed / share
        return (
            f" — {share:.0%} of the reports, ~{(rows_left + after) / 60:.0f} min left"
            f" (rows ~{rows_left / 60:.0f} min, then indexes and vacuum ~{after / 60:.0f} min)"
        )

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
        per_month = largest_remainder(reports, [w for _lo, _hi, w in months])
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


def generate(options: Options) -> Result:
    return Generator(options).run()

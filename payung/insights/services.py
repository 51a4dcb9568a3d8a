"""Writes of the insights app: only its own tables (the fact table and the export audit).

It never writes to another app: the facts are read through ``cases``' statistics selectors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import islice
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Greatest, Substr, TruncMonth
from django.utils import timezone

from payung.audit.services import audit_event
from payung.care import statistics as care_statistics
from payung.cases.selectors import statistics as case_statistics
from payung.cases.selectors.statistics import case_ids_in, cases_changed_since, victim_case_facts
from payung.insights import policies
from payung.insights.models import (
    MONTH_AREA,
    CaseFact,
    DeadlineFact,
    MonthFact,
    ReferralFact,
    RefreshState,
    ReportFact,
    ServiceFact,
    VictimCaseFact,
)

BATCH = 500
# An incremental refresh looks back this far before the previous run's start: a write whose
# timestamp was taken before that start but which committed after it is picked up too
# (rebuilding a case twice is harmless).
OVERLAP = timedelta(minutes=5)


@dataclass(frozen=True)
class RefreshResult:
    cases: int
    rows: int
    full: bool
    reports: int = 0
    #: Another refresh held the lock: nothing was done (the next run picks the changes up).
    skipped: bool = False


#: The advisory lock (PostgreSQL, session level) a refresh holds for its whole run. A full
#: refresh of the national million takes half an hour, longer than the schedule's 15
#: minutes: without it the next run rebuilt the same rows beside it, each waiting on the
#: other's (docs/insights.md#keeping-the-numbers-current). Not a key of audit's (7_250_001/2).
REFRESH_LOCK = (7_250_013, 1)


@contextmanager
def _refresh_lock() -> Iterator[bool]:
    """Take the refresh lock without waiting; yields whether it was taken. SQLite has a
    single writer at a time already: always taken."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", REFRESH_LOCK)
        row = cursor.fetchone()
    taken = bool(row and row[0])
    try:
        yield taken
    finally:
        if taken:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", REFRESH_LOCK)


def fact_row(fact: dict[str, Any], now: datetime) -> VictimCaseFact:
    forms = fact["violence_forms"]
    return VictimCaseFact(
        party_id=fact["party_id"],
        case_id=fact["case_id"],
        region_code=fact["region_code"],
        kelurahan_code=fact["kelurahan_code"],
        status=fact["status"],
        opened_on=fact["opened_on"],
        reported_on=fact["reported_on"],
        closed_on=fact["closed_on"],
        violence_tags=f",{','.join(forms)}," if forms else "",
        place_category=fact["place_category"],
        relationship=fact["relationship"],
        victim_sex=fact["victim_sex"],
        victim_age_group=fact["victim_age_group"],
        kdrt=fact["kdrt"],
        tpks=fact["tpks"],
        gbv_core_type=fact["gbv_core_type"],
        refreshed_at=now,
    )


def _batches(ids: Iterable[int], size: int) -> Iterable[list[int]]:
    it = iter(ids)
    while batch := list(islice(it, size)):
        yield batch


# --- cases per kota and month (MonthFact) ---------------------------------------------------

MonthKey = tuple[str, date]


def _month_of(region_code: str, day: date) -> MonthKey:
    return region_code[:MONTH_AREA], day.replace(day=1)


def _case_month_keys(region_code: str, opened_on: date, closed_on: date | None) -> set[MonthKey]:
    """The (kota, month) pairs one case counts in: opened, closed, and settled."""
    keys = {_month_of(region_code, opened_on)}
    if closed_on is not None:
        keys.add(_month_of(region_code, closed_on))
        keys.add(_month_of(region_code, max(opened_on, closed_on)))
    return keys


def _month_keys(case_ids: list[int]) -> set[MonthKey]:
    """The (kota, month) pairs the stored rows of these cases count in."""
    keys: set[MonthKey] = set()
    for region, opened, closed in CaseFact.objects.filter(case_id__in=case_ids).values_list(
        "region_code", "opened_on", "closed_on"
    ):
        keys |= _case_month_keys(region, opened, closed)
    keys |= {
        _month_of(region, opened)
        for region, opened in VictimCaseFact.objects.filter(case_id__in=case_ids)
        .values_list("region_code", "opened_on")
        .distinct()
    }
    return keys


def _in_months(keys: set[MonthKey] | None, field: str) -> Q:
    """Rows whose region and ``field`` (a date) fall in one of ``keys``; None: every row."""
    where = Q()
    for area, month in keys or ():
        after = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        # A code shorter than a kota's is its own area: an exact match, not a prefix.
        region = Q(region_code__startswith=area) if len(area) == MONTH_AREA else Q(region_code=area)
        where |= region & Q(**{f"{field}__gte": month, f"{field}__lt": after})
    return where


def _month_counts(keys: set[MonthKey] | None = None) -> dict[MonthKey, list[int]]:
    """[cases with a victim, opened, closed, settled] per (kota, month), counted from the
    victim and case rows: for ``keys`` only, or for every month with None."""
    counts: dict[MonthKey, list[int]] = {}

    def add(rows: QuerySet[Any], field: str, measure: Any, column: int) -> None:
        for row in (
            rows.filter(_in_months(keys, field))
            .annotate(area=Substr("region_code", 1, MONTH_AREA), month=TruncMonth(field))
            .values("area", "month")
            .annotate(n=measure)
            .order_by()
        ):
            counts.setdefault((row["area"], row["month"]), [0, 0, 0, 0])[column] = row["n"]

    # A case's victim rows share its region and opening day: each case counts once.
    add(VictimCaseFact.objects.all(), "opened_on", Count("case_id", distinct=True), 0)
    add(CaseFact.objects.all(), "opened_on", Count("pk"), 1)
    closed = CaseFact.objects.filter(closed_on__isnull=False)
    add(closed, "closed_on", Count("pk"), 2)
    add(closed.annotate(last=Greatest("opened_on", "closed_on")), "last", Count("pk"), 3)
    if keys is not None:
        counts = {k: v for k, v in counts.items() if k in keys}
    return counts


def _month_rows(counts: dict[MonthKey, list[int]]) -> list[MonthFact]:
    return [
        MonthFact(area_code=a, month=m, cases=c[0], opened=c[1], closed=c[2], settled=c[3])
        for (a, m), c in counts.items()
        if any(c)
    ]


def _recount_months(keys: set[MonthKey]) -> None:
    """Recount these (kota, month) pairs from the victim and case rows (inside the caller's
    transaction, after the rows changed)."""
    if not keys:
        return
    stored = Q()
    for area, month in keys:
        stored |= Q(area_code=area, month=month)
    counts = _month_counts(keys)
    MonthFact.objects.filter(stored).delete()
    MonthFact.objects.bulk_create(_month_rows(counts), batch_size=BATCH)


@transaction.atomic
def _rebuild_months() -> None:
    """The whole months summary, from the victim and case rows (after a full refresh)."""
    MonthFact.objects.all().delete()
    MonthFact.objects.bulk_create(_month_rows(_month_counts()), batch_size=BATCH)


@transaction.atomic
def _rebuild(case_ids: list[int], now: datetime, *, months: bool = True) -> int:
    """Every summary row of these cases, deleted and rebuilt from the records together;
    with ``months``, the (kota, month) counts they were and are in, recounted."""
    touched = _month_keys(case_ids) if months else set()
    for model in (VictimCaseFact, CaseFact, DeadlineFact, ReferralFact, ServiceFact):
        model.objects.filter(case_id__in=case_ids).delete()
    rows = [fact_row(f, now) for f in victim_case_facts(case_ids)]
    VictimCaseFact.objects.bulk_create(rows, batch_size=BATCH)
    cases = [CaseFact(**r) for r in case_statistics.case_rows(case_ids)]
    CaseFact.objects.bulk_create(cases, batch_size=BATCH)
    if months:
        for case in cases:
            touched |= _case_month_keys(case.region_code, case.opened_on, case.closed_on)
        touched |= {_month_of(r.region_code, r.opened_on) for r in rows}
        _recount_months(touched)
    DeadlineFact.objects.bulk_create(
        [DeadlineFact(**r) for r in case_statistics.tpks_deadline_rows(case_ids)],
        batch_size=BATCH,
    )
    ReferralFact.objects.bulk_create(
        [ReferralFact(**r) for r in care_statistics.completed_referral_rows(case_ids)],
        batch_size=BATCH,
    )
    ServiceFact.objects.bulk_create(
        [ServiceFact(**r) for r in care_statistics.delivered_service_rows(case_ids)],
        batch_size=BATCH,
    )
    return len(rows)


@transaction.atomic
def _rebuild_reports(report_ids: list[int]) -> None:
    ReportFact.objects.filter(report_id__in=report_ids).delete()
    ReportFact.objects.bulk_create(
        [ReportFact(**r) for r in case_statistics.report_rows(report_ids)], batch_size=BATCH
    )


def _deadline_drift() -> set[int]:
    """Cases not closed whose TPKS deadlines differ from their summary rows. A deadline
    has no change timestamp of its own (it is met, set aside or re-timed without the case
    row changing), so the deadlines of every unclosed case are compared with the table;
    a closed case's deadlines change only together with the case row."""
    unclosed = case_statistics.unclosed_case_ids()

    def key(r: dict[str, Any]) -> tuple[Any, ...]:
        return (r["deadline_id"], r["region_code"], r["state"], r["due_at"], r["met_at"])

    live: dict[int, set[tuple[Any, ...]]] = {}
    for row in case_statistics.tpks_deadline_rows(unclosed):
        live.setdefault(row["case_id"], set()).add(key(row))
    stored: dict[int, set[tuple[Any, ...]]] = {}
    for fact in DeadlineFact.objects.filter(case_id__in=unclosed).values(
        "deadline_id", "case_id", "region_code", "state", "due_at", "met_at"
    ):
        stored.setdefault(fact["case_id"], set()).add(key(dict(fact)))
    return {c for c in live.keys() | stored.keys() if live.get(c) != stored.get(c)}


def _vacuum_analyze() -> None:
    """After a full rebuild, on PostgreSQL: fresh statistics for the planner (a rebuilt table
    estimated at 5 rows made it walk a million-row index row by row) and the visibility map
    that lets the covering indexes be read alone. Autovacuum gets there too, minutes later.
    VACUUM cannot run inside a transaction: skipped when called inside one (tests)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in (
            VictimCaseFact,
            MonthFact,
            CaseFact,
            DeadlineFact,
            ReferralFact,
            ServiceFact,
            ReportFact,
        ):
            table = connection.ops.quote_name(model._meta.db_table)  # the model's, not input
            cursor.execute(f"VACUUM (ANALYZE) {table}")


def facts_refresh(
    *,
    actor: Any,
    full: bool = False,
    case_ids: Iterable[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RefreshResult:
    """Bring the fact table up to date: the cases changed since the last run (or ``case_ids``,
    or every case with ``full``), each batch rebuilt in its own transaction.

    A case's rows are deleted and rebuilt together, so a victim removed from a case or a
    changed incident never leaves a stale row. The watermark is the start of this run: a
    change written while it runs is picked up again next time (rebuilding is idempotent).

    One refresh runs at a time (``REFRESH_LOCK``): while another holds it this one does
    nothing and says so (``skipped``); the watermark stays, so nothing is missed.
    """
    policies.authorize_refresh(actor)
    with _refresh_lock() as taken:
        if not taken:
            return RefreshResult(cases=0, rows=0, full=full, skipped=True)
        return _facts_refresh(actor=actor, full=full, case_ids=case_ids, progress=progress)


def _facts_refresh(
    *,
    actor: Any,
    full: bool,
    case_ids: Iterable[int] | None,
    progress: Callable[[int, int], None] | None,
) -> RefreshResult:
    started = timezone.now()
    state = RefreshState.objects.filter(key="facts").first()
    report_ids: list[int] = []
    if case_ids is not None:
        ids = sorted(set(case_ids))
    elif full or state is None:
        full = True
        ids = list(case_ids_in())
        report_ids = list(case_statistics.report_ids_in())
    else:
        since = state.started_at - OVERLAP
        changed = cases_changed_since(since)
        changed |= care_statistics.cases_with_care_changed_since(since)
        changed |= _deadline_drift()
        ids = sorted(changed)
        report_ids = sorted(case_statistics.reports_changed_since(since))
    if full:
        # Rows of cases and reports that no longer exist (a rebuilt database) go too.
        for model in (VictimCaseFact, CaseFact, DeadlineFact, ReferralFact, ServiceFact):
            model.objects.exclude(case_id__in=case_ids_in()).delete()
        ReportFact.objects.exclude(report_id__in=case_statistics.report_ids_in()).delete()
    rows = 0
    for done, batch in enumerate(_batches(ids, BATCH), start=1):
        # A full refresh counts the months once at the end, from all the rows.
        rows += _rebuild(batch, started, months=not full)
        if progress:
            progress(min(done * BATCH, len(ids)), len(ids))
    for batch in _batches(report_ids, BATCH):
        _rebuild_reports(batch)
    if full:
        _rebuild_months()
        _vacuum_analyze()
    with transaction.atomic():
        current = RefreshState.objects.select_for_update().filter(key="facts").first()
        version = (current.version if current else 0) + (1 if ids or report_ids or full else 0)
        if case_ids is None:
            RefreshState.objects.update_or_create(
                key="facts",
                defaults={
                    "started_at": started,
                    "finished_at": timezone.now(),
                    "rows": rows,
                    "version": version,
                },
            )
        elif current is not None and ids:
            RefreshState.objects.filter(pk=current.pk).update(version=version)
        audit_event(
            actor=actor,
            action="insights.refresh",
            target_label="insights.victimcasefact",
            changes={
                "cases": [None, len(ids)],
                "rows": [None, rows],
                "reports": [None, len(report_ids)],
                "full": [None, full],
            },
        )
    return RefreshResult(cases=len(ids), rows=rows, full=full, reports=len(report_ids))


# --- exports: started here (authorised), run as background jobs (payung/insights/jobs.py) ---

SIMFONI_JOB = "insights.simfoni_export"
CASE_LIST_JOB = "insights.case_list_export"
REPORT_JOB = "insights.report_pdf"


def report_start(*, actor: Any, year: int, month: int | None = None, notify: bool = False) -> Any:
    """Start the PDF report of ``actor``'s region (a user holding ``stats.read``); with
    ``notify`` they are e-mailed a link when it is ready (the scheduled command)."""
    from payung.insights.selectors import Period
    from payung.jobs.services import start_job

    policies.authorize_stats(actor)
    period = Period(year, month)
    kind = "bulanan" if month else "tahunan"
    return start_job(
        actor,
        kind=REPORT_JOB,
        params={"year": year, "month": month, "notify": notify},
        label=f"Laporan {kind} {period.label} (PDF)",
    )


def simfoni_export_start(*, actor: Any, year: int, month: int | None = None) -> Any:
    """Start the SIMFONI-PPA workbook of ``actor``'s region for a year or a month."""
    from payung.insights.selectors import Period
    from payung.jobs.services import start_job

    policies.authorize_simfoni(actor)
    period = Period(year, month)
    return start_job(
        actor,
        kind=SIMFONI_JOB,
        params={"year": year, "month": month, "scope": policies.scope_code(actor)},
        label=f"Ekspor SIMFONI-PPA {period.label}",
    )


def case_list_export_start(*, actor: Any, params: dict[str, str], fmt: str) -> Any:
    """Start an export of the case list as ``actor`` sees it with the list's filters."""
    from payung.jobs.services import start_job

    if not policies.may_export_case_list(actor):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    if fmt not in ("csv", "xlsx"):
        raise ValueError(fmt)
    return start_job(
        actor,
        kind=CASE_LIST_JOB,
        params={"filters": params, "format": fmt},
        label=f"Ekspor daftar kasus (.{fmt})",
    )


REFRESH_JOB = "insights.refresh"


def facts_refresh_start(*, actor: Any, full: bool = False) -> Any:
    """Refresh the summary now, in the background (the supervisor's button; the schedule
    runs ``refresh_insights``)."""
    from payung.jobs.services import start_job

    policies.authorize_refresh(actor)
    return start_job(
        actor,
        kind=REFRESH_JOB,
        params={"full": full},
        label="Perbarui ringkasan statistik" + (" (penuh)" if full else ""),
    )

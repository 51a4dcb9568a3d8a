"""Writes of the insights app: only its own tables (the fact table and the export audit).

It never writes to another app: the facts are read through ``cases``' statistics selectors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any

from django.db import transaction
from django.utils import timezone

from payung.audit.services import audit_event
from payung.cases.selectors.statistics import case_ids_in, cases_changed_since, victim_case_facts
from payung.insights import policies
from payung.insights.models import RefreshState, VictimCaseFact

BATCH = 500


@dataclass(frozen=True)
class RefreshResult:
    cases: int
    rows: int
    full: bool


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


@transaction.atomic
def _rebuild(case_ids: list[int], now: datetime) -> int:
    VictimCaseFact.objects.filter(case_id__in=case_ids).delete()
    rows = [fact_row(f, now) for f in victim_case_facts(case_ids)]
    VictimCaseFact.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


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
    """
    policies.authorize_refresh(actor)
    started = timezone.now()
    state = RefreshState.objects.filter(key="facts").first()
    if case_ids is not None:
        ids = sorted(set(case_ids))
    elif full or state is None:
        full = True
        ids = list(case_ids_in())
    else:
        ids = sorted(cases_changed_since(state.started_at))
    if full:
        # Rows of cases that no longer exist (a rebuilt database) go too.
        VictimCaseFact.objects.exclude(case_id__in=case_ids_in()).delete()
    rows = 0
    for done, batch in enumerate(_batches(ids, BATCH), start=1):
        rows += _rebuild(batch, started)
        if progress:
            progress(min(done * BATCH, len(ids)), len(ids))
    with transaction.atomic():
        if case_ids is None:
            RefreshState.objects.update_or_create(
                key="facts",
                defaults={"started_at": started, "finished_at": timezone.now(), "rows": rows},
            )
        audit_event(
            actor=actor,
            action="insights.refresh",
            target_label="insights.victimcasefact",
            changes={"cases": [None, len(ids)], "rows": [None, rows], "full": [None, full]},
        )
    return RefreshResult(cases=len(ids), rows=rows, full=full)


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

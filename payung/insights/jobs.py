"""Background jobs of the insights app (registered in ``InsightsConfig.ready``). Each
handler re-checks its owner's rights and scope: they may have changed since the click."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from payung.audit.services import audit_event
from payung.core.exports import CSV_TYPE, XLSX_TYPE, Sheet, csv_bytes, xlsx_bytes
from payung.insights import policies, simfoni
from payung.insights.selectors import Period
from payung.insights.services import CASE_LIST_JOB, REFRESH_JOB, REPORT_JOB, SIMFONI_JOB
from payung.jobs.registry import JobContext, job_handler


@transaction.atomic
def _audit(**kwargs: Any) -> None:
    """The audit trail is written inside a transaction; a worker runs handlers in autocommit."""
    audit_event(**kwargs)


@job_handler(SIMFONI_JOB)
def simfoni_export(ctx: JobContext) -> None:
    actor = ctx.actor
    policies.authorize_simfoni(actor)
    params = ctx.params
    if params["scope"] != policies.scope_code(actor):
        raise PermissionDenied("the owner's scope changed")
    period = Period(int(params["year"]), params.get("month"))
    start, end = period.bounds()
    ctx.progress(0, None, "Mengumpulkan data kasus")
    sheets, rows, services = simfoni.build_workbook_sheets(
        params["scope"], start, end, progress=lambda d, t: ctx.progress(d, t, "Menyusun register")
    )
    data = xlsx_bytes(sheets)
    stamp = period.label.replace(" ", "-")
    ctx.save_result(f"simfoni-ppa-{params['scope']}-{stamp}.xlsx", XLSX_TYPE, data)
    _audit(
        actor=actor,
        action="insights.simfoni_export",
        target=ctx.job,
        target_label=f"SIMFONI-PPA {period.label}",
        changes={
            "scope": [None, params["scope"]],
            "year": [None, period.year],
            "month": [None, period.month],
            "rows": [None, rows],
            "service_rows": [None, services],
        },
    )


CASE_LIST_HEADERS = (
    "Nomor kasus",
    "Dibuka",
    "Status",
    "Risiko",
    "Kelurahan",
    "Unit",
    "Bentuk kekerasan",
    "KDRT",
    "TPKS",
    "Korban anak",
    "Ditutup",
)


def case_list_rows(
    actor: Any, params: dict[str, Any], ctx: JobContext | None = None
) -> list[list[Any]]:
    """The case list as ``actor`` sees it (``cases.selectors.case_list``, scope in the
    query), without names: numbers, dates and categories only."""
    from payung.cases.selectors import CaseFilters, case_list
    from payung.cases.selectors.statistics import case_export_values

    f = CaseFilters(**{k: v for k, v in params.items() if k in CaseFilters.__dataclass_fields__})
    ids = list(case_list(actor, f).values_list("pk", flat=True))
    rows: list[list[Any]] = []
    for offset in range(0, len(ids), 1000):
        for row in case_export_values(ids[offset : offset + 1000]):
            rows.append(row)
        if ctx is not None:
            ctx.progress(min(offset + 1000, len(ids)), len(ids), "Menyusun daftar kasus")
    return rows


@job_handler(CASE_LIST_JOB)
def case_list_export(ctx: JobContext) -> None:
    actor = ctx.actor
    if not policies.may_export_case_list(actor):
        raise PermissionDenied
    params = ctx.params
    filters = dict(params.get("filters") or {})
    for key in ("opened_from", "opened_to"):
        if filters.get(key):
            filters[key] = date.fromisoformat(filters[key])
    ctx.progress(0, None, "Mengumpulkan kasus")
    rows = case_list_rows(actor, filters, ctx)
    stamp = timezone.localdate().isoformat()
    if params["format"] == "csv":
        ctx.save_result(f"daftar-kasus-{stamp}.csv", CSV_TYPE, csv_bytes(CASE_LIST_HEADERS, rows))
    else:
        data = xlsx_bytes([Sheet("Daftar kasus", CASE_LIST_HEADERS, rows, widths=(16, 16))])
        ctx.save_result(f"daftar-kasus-{stamp}.xlsx", XLSX_TYPE, data)
    _audit(
        actor=actor,
        action="insights.case_list_export",
        target=ctx.job,
        target_label="daftar kasus",
        changes={"filters": [None, params.get("filters")], "rows": [None, len(rows)]},
    )


@job_handler(REPORT_JOB)
def report_pdf(ctx: JobContext) -> None:
    """The PDF report of the owner's region; with ``notify`` (the scheduled command) the
    owner is e-mailed a link to it through the outbox when it is ready."""
    from payung.core.actors import command_actor
    from payung.insights.report import build_pdf
    from payung.notifications.services import absolute_url, outbox_queue

    actor = ctx.actor
    policies.authorize_stats(actor)
    params = ctx.params
    scope = policies.scope_code(actor)
    period = Period(int(params["year"]), params.get("month"))
    ctx.progress(0, 1, "Menyusun laporan")
    data = build_pdf(scope, period)
    kind = "bulanan" if period.month else "tahunan"
    ctx.save_result(f"laporan-{kind}-{period.label.replace(' ', '-')}.pdf", "application/pdf", data)
    ctx.progress(1, 1, "Selesai")
    _audit(
        actor=actor,
        action="insights.report_pdf",
        target=ctx.job,
        target_label=f"laporan {kind} {period.label}",
        changes={
            "scope": [None, scope],
            "year": [None, period.year],
            "month": [None, period.month],
        },
    )
    if params.get("notify"):
        from django.urls import reverse

        link = absolute_url(reverse("jobs:download", args=[ctx.job.pk]))
        outbox_queue(
            actor=command_actor("send_insights_report"),
            recipient=actor,
            topic="insights.report",
            subject=f"Laporan {kind} Payung: {period.label}",
            body=(
                f"Laporan {kind} perlindungan perempuan dan anak untuk {period.label} sudah "
                f"tersedia. Unduh setelah masuk ke Payung:\n{link}\n\n"
                "Laporan berisi angka agregat saja, tanpa nama."
            ),
        )


@job_handler(REFRESH_JOB)
def refresh(ctx: JobContext) -> None:
    from payung.insights.services import facts_refresh

    result = facts_refresh(
        actor=ctx.actor,
        full=bool(ctx.params.get("full")),
        progress=lambda done, total: ctx.progress(done, total, "Memperbarui ringkasan"),
    )
    if result.skipped:
        ctx.progress(1, 1, "Pembaruan lain sedang berjalan; tidak ada yang dikerjakan")
        return
    ctx.progress(result.cases, result.cases, f"{result.rows} baris dari {result.cases} kasus")

"""Pages of the insights app: the dashboard, its downloads and the map (staff), and the
public statistics (``public_views``). Thin: parse the filters, call the selectors, render."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from payung.accounts.decorators import capability_required
from payung.accounts.roles import Cap
from payung.core.charts import ChartItem, bar_chart, column_chart
from payung.core.exports import CSV_TYPE, XLSX_TYPE, Sheet, csv_bytes, xlsx_bytes
from payung.insights import maps, policies, selectors, services, simfoni
from payung.insights.forms import DashboardFilterForm, SimfoniForm
from payung.insights.selectors import Filters, Table


def stats_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @capability_required(Cap.STATS)
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policies.may_view_stats(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _filters(request: HttpRequest) -> tuple[DashboardFilterForm, Filters, str]:
    return _filters_from(request, request.GET)


def _filters_from(request: HttpRequest, data: Any) -> tuple[DashboardFilterForm, Filters, str]:
    scope = policies.scope_code(request.user)
    form = DashboardFilterForm(
        data or None,
        years=selectors.year_choices(),
        regions=selectors.region_choices(scope),
    )
    return form, form.filters(), scope


def _chart(table: Table, *, drill: bool) -> Any:
    base = reverse("cases:case_list")
    items = [
        ChartItem(
            row.label,
            row.value,
            f"{base}?{urlencode(row.drill)}" if drill and row.drill and row.value else "",
        )
        for row in table.rows
    ]
    if table.kind == "column":
        return column_chart(items, title=table.title, unit=table.unit)
    return bar_chart(items, title=table.title, unit=table.unit)


def table_rows(table: Table) -> list[list[Any]]:
    return [[row.label, row.value] for row in table.rows]


def _charts_html(
    request: HttpRequest, tables: list[Table], *, drill: bool, query: str, version: str | None
) -> str:
    """The charts with their tables, rendered once per data version, filters, language and
    whether the bars link to the case list (the rest of the page is per user)."""
    key = ""
    if version is not None:
        digest = hashlib.sha256(query.encode()).hexdigest()[:24]
        key = f"insights:charts:{version}:{digest}:{int(drill)}:{get_language()}:" + ",".join(
            t.slug for t in tables
        )
        # Numbers of another scope never share a key: the tables themselves are hashed in.
        key += ":" + hashlib.sha256(repr(tables).encode()).hexdigest()[:24]
        found = cache.get(key)
        if found is not None:
            return mark_safe(found)  # noqa: S308 - our own template's output, cached
    base = reverse("cases:case_list") if drill else ""
    charts = [
        {
            "table": t,
            "svg": _chart(t, drill=drill),
            "rows": [
                (r, f"{base}?{urlencode(r.drill)}" if drill and r.drill and r.value else "")
                for r in t.rows
            ],
        }
        for t in tables
    ]
    # Without the request: the fragment uses nothing of it, and a request would run every
    # context processor again (the navigation's badge counts: two more queries).
    html = render_to_string("insights/_charts.html", {"charts": charts, "query": query})
    if key:
        cache.set(key, str(html), selectors.DASHBOARD_CACHE_SECONDS)
    return html


@require_GET
@stats_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, filters, scope = _filters(request)
    drill = policies.may_drill_to_cases(request.user)
    refreshed = selectors.last_refresh()
    kpis, tables = selectors.dashboard_numbers(scope, filters, state=refreshed)
    query = request.GET.urlencode()
    charts_html = _charts_html(
        request, tables, drill=drill, query=query, version=selectors.data_version(refreshed)
    )
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "kpis": kpis,
            "charts_html": charts_html,
            "query": query,
            "refreshed": refreshed,
            "may_export_simfoni": policies.may_export_simfoni(request.user),
        },
    )


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@stats_required
def table_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """One chart's table (``slug``), or every table (``semua``), as CSV or xlsx."""
    _form, filters, scope = _filters(request)
    if slug == "semua":
        tables = selectors.all_tables(scope, filters)
    elif slug in selectors.CHARTS:
        tables = [selectors.CHARTS[slug](scope, filters)]
    else:
        raise Http404
    stamp = f"{filters.period.label.replace(' ', '-')}"
    if fmt == "csv":
        if len(tables) != 1:
            raise Http404
        t = tables[0]
        data = csv_bytes([t.column, f"Jumlah {t.unit}"], table_rows(t))
        return _download(data, CSV_TYPE, f"statistik-{t.slug}-{stamp}.csv")
    sheets = [
        Sheet(t.title, [t.column, f"Jumlah {t.unit}"], table_rows(t), widths=(40, 14))
        for t in tables
    ]
    return _download(xlsx_bytes(sheets), XLSX_TYPE, f"statistik-{slug}-{stamp}.xlsx")


@require_GET
@stats_required
def region_map(request: HttpRequest) -> HttpResponse:
    form, filters, scope = _filters(request)
    shown = maps.rate_map(scope, filters)
    return render(
        request,
        "insights/map.html",
        {
            "form": form,
            "filters": filters,
            "shown": shown,
            "generated": timezone.now(),
        },
    )


# --- SIMFONI-PPA ------------------------------------------------------------------------


def simfoni_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @capability_required(Cap.STATS)
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policies.may_export_simfoni(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@require_http_methods(["GET", "POST"])
@simfoni_required
def simfoni_page(request: HttpRequest) -> HttpResponse:
    """The completeness check for a period, and the button that starts the export."""
    data = request.POST if request.method == "POST" else request.GET
    form = SimfoniForm(data or None, years=selectors.year_choices())
    period = form.period()
    if request.method == "POST" and form.is_valid():
        job = services.simfoni_export_start(
            actor=request.user, year=period.year, month=period.month
        )
        return redirect(job.get_absolute_url())
    start, end = period.bounds()
    total, incomplete = simfoni.completeness(
        request.user, policies.scope_code(request.user), start, end
    )
    return render(
        request,
        "insights/simfoni.html",
        {"form": form, "period": period, "total": total, "incomplete": incomplete},
    )


@require_POST
@capability_required(Cap.CASE_CONTENT)
def case_list_export(request: HttpRequest) -> HttpResponse:
    """Start an export of the case list with the filters it was showing."""
    if not policies.may_export_case_list(request.user):
        raise PermissionDenied
    from payung.cases.forms import CaseFilterForm
    from payung.cases.selectors import kelurahan_options

    form = CaseFilterForm(request.POST, kelurahan_options=kelurahan_options())
    fmt = request.POST.get("format", "xlsx")
    if not form.is_valid() or fmt not in ("csv", "xlsx"):
        return HttpResponseBadRequest()
    params = {
        key: value.isoformat() if hasattr(value, "isoformat") else value
        for key, value in form.cleaned_data.items()
        if value not in ("", None, False)
    }
    params.pop("q", None)  # a name or NIK search is never stored in a job's parameters
    if request.POST.get("mine"):
        params["mine"] = True
    job = services.case_list_export_start(actor=request.user, params=params, fmt=fmt)
    return redirect(job.get_absolute_url())


@require_POST
@stats_required
def report_request(request: HttpRequest) -> HttpResponse:
    """Start the PDF report of the period shown on the dashboard."""
    _form, filters, _scope = _filters_from(request, request.POST)
    job = services.report_start(
        actor=request.user, year=filters.period.year, month=filters.period.month
    )
    return redirect(job.get_absolute_url())


@require_POST
@simfoni_required
def refresh_request(request: HttpRequest) -> HttpResponse:
    """The supervisor brings the summary up to date now (in the background)."""
    job = services.facts_refresh_start(actor=request.user)
    return redirect(job.get_absolute_url())

"""``/api/v1/insights/``: the dashboard's numbers and the public statistics as JSON.

- ``dashboard``: the KPIs (with the previous period) and every chart's table, for callers
  holding ``stats.read``, within their region scope — exactly what the dashboard shows.
  Aggregates only; no case is ever named.
- ``public``: the public yearly tables with the same small-cell and complementary
  suppression as ``/statistik/`` (hidden cells are ``null`` with a ``note``).
"""

# No ``from __future__ import annotations``: django-ninja reads these signatures at run time.

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from payung.core.api_errors import ApiError, errors
from payung.insights import policies, public_stats, selectors
from payung.insights.forms import DashboardFilterForm

router = Router(tags=["statistik"])


class KpiOut(Schema):
    key: str
    label: str
    value: float | None = Field(
        None, description="this period; null when there is nothing to measure"
    )
    previous: float | None = Field(None, description="the period before")
    unit: str


class RowOut(Schema):
    key: str
    label: str
    value: int


class TableOut(Schema):
    slug: str
    title: str
    unit: str = Field(..., description="what is counted: kasus (cases), korban (victims), layanan")
    column: str
    rows: list[RowOut]


class DashboardOut(Schema):
    period: str
    period_start: str
    period_end: str = Field(..., description="exclusive")
    scope: str = Field(..., description="the region code prefix counted")
    kpis: list[KpiOut]
    tables: list[TableOut]


class DashboardQuery(Schema):
    tahun: int | None = Field(None, description="year (default: the latest)")
    bulan: int | None = Field(
        None, ge=1, le=12, description="month of the year; empty: the whole year"
    )
    wilayah: str | None = Field(
        None, description="a kelurahan (kota scope) or kota/kabupaten (province scope) code"
    )
    bentuk: str | None = Field(None, description="form of violence code")
    umur: str | None = Field(None, description="age group code")
    jk: str | None = Field(None, description="victim's sex: p, l, tidak_tahu")


@router.get("/dashboard", response={200: DashboardOut, **errors(403, 422)})
def dashboard(request: HttpRequest, query: Query[DashboardQuery]) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if not policies.may_view_stats(user):
        raise ApiError(403)
    scope = policies.scope_code(user)
    data = {k: str(v) for k, v in query.dict().items() if v not in (None, "")}
    form = DashboardFilterForm(
        data, years=selectors.year_choices(), regions=selectors.region_choices(scope)
    )
    if data and not form.is_valid():
        raise ApiError(
            422,
            "invalid_filter",
            details=[
                {"loc": ["query", k], "message": " ".join(str(m) for m in v)}
                for k, v in form.errors.items()
            ],
        )
    filters = form.filters()
    kpis, tables = selectors.dashboard_numbers(scope, filters)
    return {
        "period": filters.period.label,
        "period_start": filters.period.start.isoformat(),
        "period_end": filters.period.end.isoformat(),
        "scope": filters.scope(scope),
        "kpis": [vars(k) for k in kpis],
        "tables": [
            {
                "slug": t.slug,
                "title": t.title,
                "unit": t.unit,
                "column": t.column,
                "rows": [{"key": r.key, "label": r.label, "value": r.value} for r in t.rows],
            }
            for t in tables
        ],
    }


class PublicCellOut(Schema):
    row: str
    column: str
    value: int | None = Field(None, description="null when suppressed")
    note: str = Field("", description='"< 5" (1–4) or "disembunyikan" (complementary suppression)')


class PublicTableOut(Schema):
    title: str
    row_header: str
    rows: list[str]
    columns: list[str]
    cells: list[PublicCellOut]


class PublicOut(Schema):
    region: str
    years: list[int]
    tables: list[PublicTableOut]


@router.get("/public", response={200: PublicOut, **errors()})
def public(request: HttpRequest) -> Any:
    stats = public_stats.cached()
    tables = []
    for table in stats.tables:
        cells = []
        for r, row in enumerate(table.rows):
            for c, column in enumerate(table.columns):
                note = ""
                if (r, c) in table.primary:
                    note = "< 5"
                elif (r, c) in table.complementary:
                    note = "disembunyikan"
                cells.append(
                    {"row": row, "column": column, "value": table.values[r][c], "note": note}
                )
        tables.append(
            {
                "title": table.title,
                "row_header": table.row_header,
                "rows": list(table.rows),
                "columns": list(table.columns),
                "cells": cells,
            }
        )
    return {"region": stats.region_name, "years": list(stats.years), "tables": tables}

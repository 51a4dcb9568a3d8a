"""Insights at scale (issue #13): the dashboard for a kota and a province supervisor, the map,
the public statistics (built, and cached), the aggregates API, and the SIMFONI-PPA workbook
of the busiest kota's busiest year — on the synthetic bench database.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/payung_bench_perf \\
        BENCH_REPEAT=30 .venv/bin/python bench/insights.py

Uses bench/national.py's settings (fixed synthetic keys, DEBUG off, its page sampler). It
migrates only the insights app and builds the fact table when it is missing or stale
(``facts_refresh``, timed: that is the scheduled command's cost on this database).
Targets (the issue): dashboard p95 ≤ 300 ms (province) and ≤ 150 ms (kota), public statistics
≤ 100 ms, SIMFONI export of a kota's year ≤ 10 s. Writes bench/results/insights.json.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import national  # noqa: E402  (sets the environment: database, keys, DEBUG off)

RESULTS = Path(
    os.environ.get("BENCH_INSIGHTS_RESULTS")
    or national.ROOT / "bench" / "results" / "insights.json"
)


def main() -> None:
    import django

    if os.environ.get("BENCH_GENERATE") == "1":
        # A database of its own (a shared bench database may be at an older schema):
        # create, migrate and fill it as make bench does (BENCH_CASES sets the size).
        national.ensure_database()
        national.setup_django()
    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db.models import Count
    from django.db.models.functions import ExtractYear, Substr
    from django.test import Client

    from payung.accounts.models import User
    from payung.accounts.roles import Role
    from payung.cases.models import Case
    from payung.core.actors import command_actor
    from payung.core.exports import xlsx_bytes
    from payung.insights import public_stats, simfoni
    from payung.insights.models import VictimCaseFact
    from payung.insights.selectors import Period
    from payung.insights.services import facts_refresh

    call_command("migrate", "insights", verbosity=0)
    cases = Case.objects.count()
    facts = VictimCaseFact.objects.count()
    refresh_s = None
    if facts < cases:  # at least one row per case (a case has one victim or more)
        began = time.perf_counter()
        result = facts_refresh(actor=command_actor("bench"), full=True)
        refresh_s = round(time.perf_counter() - began, 1)
        print(
            f"fact table built: {result.rows:,} rows from {result.cases:,} cases in {refresh_s} s"
        )
    top = (
        Case.objects.order_by()
        .annotate(kota=Substr("region_code", 1, 5))
        .values("kota")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert top is not None, "no cases"
    kota = top["kota"]
    year_row = (
        Case.objects.filter(region_code__startswith=kota)
        .annotate(y=ExtractYear("created_at"))
        .values("y")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert year_row is not None
    year = year_row["y"]
    city = national.bench_user("bench_insights_kota", Role.SUPERVISOR, kota)
    province = national.bench_user("bench_insights_prov", Role.SUPERVISOR, kota[:2])
    analyst = national.bench_user("bench_insights_analis", Role.ANALYST, kota)
    assert User.objects.filter(pk=city.pk).exists()

    def client_for(user: object) -> Client:
        client = Client()
        client.force_login(user)  # type: ignore[arg-type]
        return client

    sup, prov, ana = client_for(city), client_for(province), client_for(analyst)
    anonymous = Client()
    q = f"?tahun={year}"

    class Uncached(Client):
        def get(self, *args: object, **kwargs: object):  # type: ignore[override]
            cache.clear()
            return super().get(*args, **kwargs)  # type: ignore[arg-type]

    class UncachedFor(Client):
        """A signed-in client whose every request finds the cache empty (the first view
        after a refresh)."""

        def get(self, *args: object, **kwargs: object):  # type: ignore[override]
            cache.clear()
            return super().get(*args, **kwargs)  # type: ignore[arg-type]

    def uncached_for(user: object) -> Client:
        client = UncachedFor()
        client.force_login(user)  # type: ignore[arg-type]
        return client

    sup_nc, prov_nc = uncached_for(city), uncached_for(province)
    runs = [
        national.measure_page(f"dashboard (kota supervisor, {year})", sup, f"/dasbor/{q}", None),
        national.measure_page(
            f"dashboard (province supervisor, {year})", prov, f"/dasbor/{q}", None
        ),
        national.measure_page(
            f"dashboard (kota supervisor, {year}, built every request)",
            sup_nc,
            f"/dasbor/{q}",
            None,
        ),
        national.measure_page(
            f"dashboard (province supervisor, {year}, built every request)",
            prov_nc,
            f"/dasbor/{q}",
            None,
        ),
        national.measure_page(
            f"dashboard (province supervisor, seksual {year}, built every request)",
            prov_nc,
            f"/dasbor/{q}&bentuk=seksual",
            None,
        ),
        national.measure_page(
            f"dashboard (kota analyst, seksual {year})", ana, f"/dasbor/{q}&bentuk=seksual", None
        ),
        national.measure_page(f"map (kota supervisor, {year})", sup, f"/dasbor/peta/{q}", None),
        national.measure_page(
            f"API dashboard (province, {year})", prov, f"/api/v1/insights/dashboard{q}", None
        ),
        national.measure_page("public statistics (cached)", anonymous, "/statistik/", None),
        national.measure_page(
            "public statistics (built every time)", Uncached(), "/statistik/", None
        ),
    ]
    # The pages that clear the cache before every request are sampled after the others:
    # interleaved, they would empty the cache the served pages are measured with.
    built = [r for r in runs if isinstance(r.client, (Uncached, UncachedFor))]
    served = [r for r in runs if r not in built]
    results = national.run_pages(served) + national.run_pages(built)
    # The SIMFONI-PPA workbook of a year with about 2,000 cases (the issue's "a city's
    # year"): the smallest scope (kota, province, or the whole country) whose busiest year
    # reaches 2,000 cases, else the whole country's busiest year.
    simfoni_scope, simfoni_year, simfoni_cases = "", year, 0
    for length in (5, 2, 0):
        best = (
            Case.objects.order_by()
            .annotate(area=Substr("region_code", 1, length or 1), y=ExtractYear("created_at"))
            .values("area", "y")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        if best is None:
            continue
        simfoni_scope = best["area"] if length else ""
        simfoni_year, simfoni_cases = best["y"], best["n"]
        if length == 0:
            simfoni_cases = Case.objects.filter(created_at__year=simfoni_year).count()
        if simfoni_cases >= 2000 or length == 0:
            break
    start, end = Period(simfoni_year).bounds()
    simfoni_times = []
    for _ in range(3):
        began = time.perf_counter()
        sheets, rows, services = simfoni.build_workbook_sheets(simfoni_scope, start, end)
        data = xlsx_bytes(sheets)
        simfoni_times.append(time.perf_counter() - began)
    export_s = sorted(simfoni_times)[1]
    began = time.perf_counter()
    public_stats.build()
    built_ms = (time.perf_counter() - began) * 1000
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(
        f"\nkota {kota}, year {year}; cases in database {cases:,}; load average {' / '.join(load)}"
    )
    print(f"{'measurement':45} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'queries':>8}")
    for m in results:
        print(f"{m.name:45} {m.p50_ms:8.1f} {m.p95_ms:8.1f} {m.p99_ms:8.1f} {m.queries:8}")
    print(
        f"SIMFONI-PPA workbook {simfoni_scope or 'all'} {simfoni_year}: {simfoni_cases:,} cases, "
        f"{rows:,} victim–case rows, {services:,} service rows, {len(data) / 1024:.0f} KiB "
        f"in {export_s:.1f} s (median of 3: {', '.join(f'{t:.1f}' for t in simfoni_times)})"
    )
    print(f"public statistics built in {built_ms:.0f} ms (no cache)")
    RESULTS.write_text(
        json.dumps(
            {
                "database": os.environ.get("DATABASE_URL", "").rsplit("/", 1)[-1],
                "cases": cases,
                "kota": kota,
                "year": year,
                "load_average": load,
                "fact_refresh_seconds": refresh_s,
                "pages": [vars(m) for m in results],
                "simfoni_export": {
                    "scope": simfoni_scope,
                    "year": simfoni_year,
                    "cases": simfoni_cases,
                    "runs_seconds": [round(t, 2) for t in simfoni_times],
                    "rows": rows,
                    "service_rows": services,
                    "seconds": round(export_s, 2),
                },
                "public_statistics_build_ms": round(built_ms, 1),
            },
            indent=2,
            default=str,
        )
    )


if __name__ == "__main__":
    main()

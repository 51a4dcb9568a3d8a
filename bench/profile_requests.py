"""Profile single requests in-process (issue #16): per-request ms, query count, and a cProfile
of the case page and the public report form, on the bench database.

On a machine shared with other work, HTTP figures swing with the load; the time one request
spends in Python and the number of queries it runs do not (much). This measures them, as
the personas of ``bench/http_load.py`` would, over many different cases:

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/payung_bench_tenth \\
        .venv/bin/python bench/profile_requests.py [case|timeline|overdue|page|form|submit] \
            [--profile N] [--explain N]

``overdue`` and ``page`` are the HTTP bench's "case list overdue" and "case list any page"
requests (bench/http_load.py: its personas and pages). ``--profile N`` prints the N functions
with the most own time (tottime) and the N with the most cumulative time. ``--explain N``
(staff pages) runs each query of the first N requests again under ``EXPLAIN (ANALYZE,
BUFFERS)`` and prints each one's execution time, their sum beside the request's own time,
and the plan of the slowest. Uses the bench's fixed synthetic keys (``bench/national.py``).
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import national  # noqa: E402 - sets the bench's environment before Django starts


def _urls(kind: str, n: int) -> list[tuple[Any, str]]:
    from django.urls import reverse

    from bench import http_load
    from payung.accounts.roles import Role
    from payung.cases.models import Case

    kota = national.busiest_kota()
    users = []
    for code in (http_load.PASURUAN, kota):
        sup = national.bench_user(f"bench_sup_{code.replace('.', '')}", Role.SUPERVISOR, code)
        users.append(sup)
    rng = random.Random(16)
    pairs = []
    name = "cases:case_detail" if kind == "case" else "cases:case_timeline"
    for user in users:
        pks = list(
            Case.objects.filter(region_code__startswith=user.region.code + ".")
            .order_by("?")
            .values_list("pk", flat=True)[: n // len(users)]
        )
        pairs += [(user, reverse(name, args=[pk])) for pk in pks]
    rng.shuffle(pairs)
    return pairs


def _list_urls(kind: str, n: int) -> list[tuple[Any, str]]:
    """The HTTP bench's list requests of one figure, as (user, url), ``n`` at most."""
    from bench import http_load
    from payung.accounts.roles import Role

    kota = national.busiest_kota()
    province = national.bench_user("bench_prov_sup", Role.SUPERVISOR, kota[:2])
    workload = http_load.build_workload(kota, province)
    users = {p.label: p.user for p in workload.personas}
    figure = "case list overdue" if kind == "overdue" else "case list any page (by number)"
    pairs = [(users[label], url) for label, url in workload.requests[figure]]
    random.Random(16).shuffle(pairs)
    return (pairs * (n // max(1, len(pairs)) + 1))[:n]


def _explain(client: Any, url: str) -> None:
    """Each query of one request, again under EXPLAIN (ANALYZE, BUFFERS)."""
    from django.db import connection

    seen: list[tuple[str, Any, float]] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seen.append((sql, params, (time.perf_counter() - began) * 1000))

    with connection.execute_wrapper(record):
        began = time.perf_counter()
        client.get(url)
        total = (time.perf_counter() - began) * 1000
    plans: list[tuple[float, float, str, list[str]]] = []
    planned = 0.0
    for sql, params, ms in seen:
        if not sql.lstrip().upper().startswith("SELECT"):
            plans.append((0.0, ms, sql, []))
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            lines = [row[0] for row in cursor.fetchall()]
        executed = next(
            (float(x.split(":")[1].split()[0]) for x in lines if x.startswith("Execution Time")),
            0.0,
        )
        planned += next(
            (float(x.split(":")[1].split()[0]) for x in lines if x.startswith("Planning Time")),
            0.0,
        )
        plans.append((executed, ms, sql, lines))
    print(
        f"\n{url}: {total:.1f} ms in all, {len(seen)} queries, "
        f"{sum(p[1] for p in plans):.1f} ms in the driver, "
        f"{sum(p[0] for p in plans):.1f} ms executing and {planned:.1f} ms planning "
        "(EXPLAIN ANALYZE)"
    )
    for executed, ms, sql, _lines in plans:
        print(f"  {executed:7.2f} ms exec  {ms:7.2f} ms driver  {' '.join(sql.split())[:110]}")
    slowest = max(plans, key=lambda p: p[0])
    print("  the slowest query's plan:")
    for line in slowest[3]:
        print("    " + line)


def _staff(kind: str, n: int, profile: int, explain: int = 0) -> None:
    from django.db import connection
    from django.test import Client

    from bench.national import QueryTimer

    pairs = _list_urls(kind, n) if kind in ("overdue", "page") else _urls(kind, n)
    clients: dict[int, Client] = {}
    for user, _url in pairs:
        if user.pk not in clients:
            clients[user.pk] = Client()
            clients[user.pk].force_login(user)
    for user, url in pairs[:5]:  # warm
        clients[user.pk].get(url)
    samples, queries, sql = [], [], []
    profiler = cProfile.Profile() if profile else None
    for user, url in pairs:
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            began = time.perf_counter()
            if profiler:
                profiler.enable()
            response = clients[user.pk].get(url)
            if profiler:
                profiler.disable()
            samples.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(timer.count)
        sql.append(timer.total * 1000)
    what = "different cases, 2 supervisors" if kind in ("case", "timeline") else "requests"
    _print(f"{kind} ({len(pairs)} {what})", samples, queries, sql)
    if profiler:
        _stats(profiler, profile)
    for user, url in pairs[:explain]:
        _explain(clients[user.pk], url)


def _public(kind: str, n: int, profile: int) -> None:
    import re

    from django.db import connection
    from django.test import Client

    from bench.national import PHOTO, REPORT_MIX, QueryTimer

    rng = random.Random(16)
    samples, queries, sql = [], [], []
    profiler = cProfile.Profile() if profile else None
    # One handler (middleware loaded once, as in a server process); each resident starts
    # without cookies and posts from an address of its own.
    client = Client(enforce_csrf_checks=True)
    for i in range(n + 5):
        client.cookies.clear()
        client.defaults["REMOTE_ADDR"] = f"127.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255 or 1}"
        _share, anonymous, photo = rng.choices(REPORT_MIX, [m[0] for m in REPORT_MIX])[0]
        timer = QueryTimer()
        measuring = i >= 5
        with connection.execute_wrapper(timer):
            began = time.perf_counter()
            if profiler and measuring and kind == "form":
                profiler.enable()
            page = client.get("/lapor/")
            if profiler and kind == "form":
                profiler.disable()
            form_ms = (time.perf_counter() - began) * 1000
            form_queries, form_sql = timer.count, timer.total
            found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
            assert found
            token = re.search(r'name="submission_token" value="([^"]+)"', page.content.decode())
            assert token
            data: dict[str, Any] = dict(
                national.FORM_DATA,
                csrfmiddlewaretoken=found.group(1),
                submission_token=token.group(1),
            )
            if not anonymous:
                data.update(
                    reporter_anonymous="0",
                    reporter_name="Warga Uji (sintetis)",
                    contact_channel="whatsapp",
                    reporter_phone="0812" + str(rng.randrange(10**8)).zfill(8),
                )
            if photo:
                from django.core.files.uploadedfile import SimpleUploadedFile

                data["attachment"] = SimpleUploadedFile("foto.jpg", PHOTO, "image/jpeg")
            began = time.perf_counter()
            if profiler and measuring and kind == "submit":
                profiler.enable()
            reply = client.post("/lapor/", data)
            if profiler:
                profiler.disable()
            post_ms = (time.perf_counter() - began) * 1000
        assert reply.status_code == 302, re.findall(r"<li>.*?</li>", reply.content.decode())[:8]
        if not measuring:
            continue
        if kind == "form":
            samples.append(form_ms)
            queries.append(form_queries)
            sql.append(form_sql * 1000)
        else:
            samples.append(post_ms)
            queries.append(timer.count - form_queries)
            sql.append((timer.total - form_sql) * 1000)
    label = "GET /lapor/ (unbound form)" if kind == "form" else "POST /lapor/ (realistic mix)"
    _print(f"{label}, {n} residents", samples, queries, sql)
    if profiler:
        _stats(profiler, profile)


def _print(label: str, samples: list[float], queries: list[int], sql: list[float]) -> None:
    print(
        f"{label}: p50 {statistics.median(samples):.1f} ms, "
        f"p95 {national.percentile(samples, 95):.1f} ms, mean {statistics.mean(samples):.1f} ms; "
        f"queries median {statistics.median(queries):.0f} (max {max(queries)}); "
        f"SQL median {statistics.median(sql):.1f} ms; load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )


def _stats(profiler: cProfile.Profile, top: int) -> None:
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top)
        print(out.getvalue())


def main() -> None:
    args = sys.argv[1:]
    profile = 0
    if "--profile" in args:
        at = args.index("--profile")
        profile = int(args[at + 1])
        del args[at : at + 2]
    explain = 0
    if "--explain" in args:
        at = args.index("--explain")
        explain = int(args[at + 1])
        del args[at : at + 2]
    kind = args[0] if args else "case"
    n = int(os.environ.get("PROFILE_REQUESTS", "200"))
    national.ensure_database()
    national.setup_django()
    if kind in ("case", "timeline", "overdue", "page"):
        _staff(kind, n, profile, explain)
    else:
        _public(kind, n, profile)


if __name__ == "__main__":
    main()

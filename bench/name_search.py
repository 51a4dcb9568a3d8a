"""Name search at national scale, over many names (issue #16): the case list searched for 20
victims' names of the busiest kota, as the kota's supervisor, the province supervisor, Kota
Pasuruan's supervisor and the kota's busiest case manager, in-process (Django's test client:
middleware, view, queries, template).

One name tells little: the bench's single "search by name" figure searched whatever victim the
data put there, and a common given name ("Larasmi": 25,155 people in the country) cost 30
times a rare one. Here each persona searches every name, ``BENCH_ROUNDS`` times (default 3,
interleaved), and the figures are p50 / p95 / worst over all those requests.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/payung_bench \\
        .venv/bin/python bench/name_search.py [--explain]

``--explain`` prints ``EXPLAIN (ANALYZE, BUFFERS)`` of the kota supervisor's page query for
the most common of the names. ``BENCH_RESULTS_FILE`` (default
``bench/results/name-search.json``) receives the figures. Uses the bench's database and fixed
synthetic keys (bench/national.py).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import national  # noqa: E402 - sets the bench's environment before Django starts

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
RESULTS = Path(
    os.environ.get("BENCH_RESULTS_FILE") or ROOT / "bench" / "results" / "name-search.json"
)


def personas(kota: str) -> list[tuple[str, Any]]:
    from bench import http_load
    from payung.accounts.models import User
    from payung.accounts.roles import Role

    return [
        ("kota supervisor", User.objects.get(username=f"sint_{kota.replace('.', '')}_sup")),
        ("province supervisor", national.bench_user("bench_prov_sup", Role.SUPERVISOR, kota[:2])),
        (
            "Kota Pasuruan supervisor",
            national.bench_user(
                f"bench_sup_{http_load.PASURUAN.replace('.', '')}",
                Role.SUPERVISOR,
                http_load.PASURUAN,
            ),
        ),
        ("kota case manager", http_load._busiest_manager(kota)),
    ]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> None:
    national.setup_django()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from payung.cases import selectors

    kota = national.busiest_kota()
    names = national.victim_names(kota)
    people = personas(kota)
    url = reverse("cases:case_list")
    clients = []
    for label, user in people:
        client = Client()
        client.force_login(user)
        client.get(url)  # session and caches
        clients.append((label, client))
    samples: dict[str, list[float]] = {label: [] for label, _ in clients}
    by_name: dict[str, list[float]] = {n: [] for n in names}
    load_before = os.getloadavg()
    for _round in range(ROUNDS):
        for name in names:
            for label, client in clients:
                began = time.perf_counter()
                response = client.get(f"{url}?q={urllib.parse.quote(name)}")
                elapsed = (time.perf_counter() - began) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{label}: {name!r} answered {response.status_code}")
                samples[label].append(elapsed)
                if label == "kota supervisor":
                    by_name[name].append(elapsed)
    load_after = os.getloadavg()
    # How many people in the country have each name (every word, or the whole name): what
    # the cost of looking a name up from its side followed.
    from payung.cases.selectors import _person_ids

    common: dict[str, int] = {}
    for name in names:
        people_ids = _person_ids(name)
        common[name] = people_ids.count() if people_ids is not None else 0
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "kota": kota,
        "names": len(names),
        "rounds": ROUNDS,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "personas": {
            label: {
                "requests": len(values),
                "p50_ms": round(statistics.median(values), 1),
                "p95_ms": round(percentile(values, 95), 1),
                "worst_ms": round(max(values), 1),
            }
            for label, values in samples.items()
        },
        "kota_supervisor_by_people_with_the_name": [
            {"people_with_the_name": common[n], "median_ms": round(statistics.median(v), 1)}
            for n, v in sorted(by_name.items(), key=lambda item: -common[item[0]])
        ],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{len(names)} names × {ROUNDS} rounds, kota {kota}, commit {commit}")
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    for label, row in result["personas"].items():
        print(
            f"  {label:26} p50 {row['p50_ms']:7.1f}  p95 {row['p95_ms']:7.1f}  "
            f"worst {row['worst_ms']:7.1f} ms  ({row['requests']} requests)"
        )
    print("  kota supervisor, the five names most people in the country have:")
    for row in result["kota_supervisor_by_people_with_the_name"][:5]:
        print(f"    {row['people_with_the_name']:7,} people: median {row['median_ms']} ms")
    if "--explain" in sys.argv[1:]:
        commonest = max(names, key=lambda n: common[n])
        user = people[0][1]
        seen: list[tuple[str, Any]] = []

        def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            seen.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            rows = selectors.case_list(user, selectors.CaseFilters(q=commonest, everyday=True))
            list(rows[:51])
        print(
            f"\nEXPLAIN of each query of the kota supervisor's page for the commonest name "
            f"({common[commonest]:,} people in the country):"
        )
        with connection.cursor() as cursor:
            for sql, params in seen:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                print("  " + sql[:160] + (" …" if len(sql) > 160 else ""))
                for (line,) in cursor.fetchall():
                    print("    " + line)
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()

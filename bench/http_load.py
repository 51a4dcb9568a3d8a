"""Staff pages over HTTP through gunicorn, with concurrent clients (issue #16).

The in-process table of ``bench/national.py`` times one client and cannot see what several
people at once do to each other: queueing for the two workers, locks (the access log's), the
database's concurrency. Here gunicorn serves the application as deployed (2 sync workers) and
``clients`` threads send requests as fast as the answers come, each request its own
connection (sync workers close them), until every *figure* has ``samples`` answers.

A figure is one kind of page ("case detail", "case list p1", …) requested by a mix of
personas and records: the supervisor and the busiest case manager of Kota Pasuruan (the
customer's city) and of the busiest synthetic kota, and the supervisor of that kota's
province; different cases (a few hundred in each persona's scope), different filters and page
numbers, searches by number, NIK and name. The requests of all figures are shuffled together,
so every figure is measured under the same mixed load.

Each level of clients is run ``runs`` times; the table reports, per figure, the **median**
over the runs of p50 and of p95 (never the best run) and the load average after each run.
"""

from __future__ import annotations

import os
import random
import re
import signal
import statistics
import subprocess
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASURUAN = "35.75"


@dataclass
class Persona:
    label: str
    user: Any
    cookie: str = ""


@dataclass
class Workload:
    personas: list[Persona]
    # figure -> [(persona label, url)], drawn from at random
    requests: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _session_cookie(user: Any) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _busiest_manager(kota: str) -> Any:
    from django.db.models import Count

    from payung.accounts.models import User
    from payung.cases.models import Case

    owner = (
        Case.objects.filter(region_code__startswith=kota + ".")
        .values("owner_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("owner_id", flat=True)
        .first()
    )
    return User.objects.get(pk=owner)


def build_workload(busiest_kota: str, province_user: Any, *, seed: int = 16) -> Workload:
    """Personas (sessions created in the database, so every worker knows them) and the
    requests of each figure."""
    from django.urls import reverse

    from payung.accounts.models import User
    from payung.cases import selectors
    from payung.cases.models import Case, CaseParty

    rng = random.Random(seed)
    kotas = [PASURUAN] + ([busiest_kota] if busiest_kota != PASURUAN else [])
    personas: list[Persona] = []
    for kota in kotas:
        name = "Kota Pasuruan" if kota == PASURUAN else f"busiest kota {kota}"
        sup = User.objects.filter(username=f"sint_{kota.replace('.', '')}_sup").first()
        if sup is not None:
            personas.append(Persona(f"supervisor, {name}", sup))
        personas.append(Persona(f"case manager, {name}", _busiest_manager(kota)))
    personas.append(Persona(f"province supervisor {province_user.region.code}", province_user))
    for persona in personas:
        persona.cookie = _session_cookie(persona.user)

    listing = reverse("cases:case_list")
    figures: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for persona in personas:
        user = persona.user
        supervisor = "supervisor" in persona.label
        cases = list(
            selectors.case_list(user).order_by("?").values_list("pk", "number", "status")[:300]
            if not supervisor or "province" in persona.label
            else Case.objects.filter(region_code__startswith=user.region.code + ".")
            .order_by("?")
            .values_list("pk", "number", "status")[:300]
        )
        for pk, _number, _status in cases:
            figures["case detail"].append((persona.label, reverse("cases:case_detail", args=[pk])))
        for pk, _number, _status in cases[:60]:
            figures["case history (fragment)"].append(
                (persona.label, reverse("cases:case_timeline", args=[pk]))
            )
        figures["case list p1"].append((persona.label, listing))
        for status in ("baru", "asesmen", "layanan", "ditutup"):
            figures["case list p1"].append((persona.label, f"{listing}?status={status}"))
        figures["case list overdue"].append((persona.label, f"{listing}?overdue=on"))
        total = min(selectors.case_list(user).order_by().count(), 20_000)
        pages = max(2, total // 50)
        for page in rng.sample(range(2, pages + 1), min(40, pages - 1)):
            figures["case list any page (by number)"].append(
                (persona.label, f"{listing}?page={page}")
            )
        # Searches: the number, a victim's NIK and name of cases the persona can see.
        for _pk, number, _status in cases[:40]:
            figures["search (number, NIK, name)"].append((persona.label, f"{listing}?q={number}"))
        for party in (
            CaseParty.objects.filter(case_id__in=[c[0] for c in cases[:40]], role="korban")
            .select_related("person")
            .only("person__nik", "person__name", "person__nik_index")[:40]
        ):
            person = party.person
            if person is None:
                continue
            if person.nik:
                figures["search (number, NIK, name)"].append(
                    (persona.label, f"{listing}?q={person.nik}")
                )
            name = re.sub(r"\s*\(.*\)$", "", person.name or "")
            if name:
                from urllib.parse import quote

                figures["search (number, NIK, name)"].append(
                    (persona.label, f"{listing}?q={quote(name)}")
                )
        if supervisor:
            figures["triage queue"].append((persona.label, reverse("cases:triage_queue")))
    return Workload(personas=personas, requests=dict(figures))


def start_gunicorn(port: int, env: dict[str, str], root: Path = ROOT) -> subprocess.Popen[Any]:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-c",
            str(root / "gunicorn.conf.py"),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "payung.wsgi:application",
        ],
        cwd=root,
        env=env,
    )
    for _ in range(200):
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/")
            conn.getresponse().read()
            conn.close()
            break
        except OSError:
            time.sleep(0.1)
    return server


def stop_gunicorn(server: subprocess.Popen[Any]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def _get(port: int, url: str, cookie: str) -> int:
    conn = HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", url, headers={"Cookie": cookie})
        reply = conn.getresponse()
        reply.read()
        return reply.status
    except OSError:
        return -1
    finally:
        conn.close()


def run_level(
    port: int, workload: Workload, clients: int, samples: int, *, seed: int
) -> dict[str, Any]:
    """One run: ``samples`` requests of every figure, shuffled, from ``clients`` threads."""
    rng = random.Random(seed)
    cookies = {p.label: p.cookie for p in workload.personas}
    tasks = [
        (figure, *rng.choice(choices))
        for figure, choices in workload.requests.items()
        for _ in range(samples)
    ]
    rng.shuffle(tasks)
    lock = threading.Lock()
    results: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    position = [0]

    def client() -> None:
        while True:
            with lock:
                if position[0] >= len(tasks):
                    return
                figure, persona, url = tasks[position[0]]
                position[0] += 1
            began = time.perf_counter()
            status = _get(port, url, cookies[persona])
            ms = (time.perf_counter() - began) * 1000
            with lock:
                results[figure].append(ms)
                if status != 200:
                    errors[figure] += 1

    # Warm: every worker, every persona's session, a few of each figure.
    for choices in workload.requests.values():
        for persona, url in choices[:4]:
            _get(port, url, cookies[persona])
    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests_per_second": round(len(tasks) / elapsed, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "figures": {
            figure: {
                "samples": len(ms),
                "p50_ms": round(statistics.median(ms), 1),
                "p95_ms": round(percentile(ms, 95), 1),
                "p99_ms": round(percentile(ms, 99), 1),
                "errors": errors.get(figure, 0),
            }
            for figure, ms in sorted(results.items())
        },
    }


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median over the runs of one level, figure by figure (p50 and p95 separately)."""
    figures: dict[str, Any] = {}
    for figure in runs[0]["figures"]:
        per_run = [r["figures"][figure] for r in runs if figure in r["figures"]]
        figures[figure] = {
            "samples_per_run": [f["samples"] for f in per_run],
            "p50_ms": round(statistics.median(f["p50_ms"] for f in per_run), 1),
            "p95_ms": round(statistics.median(f["p95_ms"] for f in per_run), 1),
            "p95_ms_runs": [f["p95_ms"] for f in per_run],
            "errors": sum(f["errors"] for f in per_run),
        }
    return {
        "clients": runs[0]["clients"],
        "runs": len(runs),
        "requests_per_second": round(statistics.median(r["requests_per_second"] for r in runs), 1),
        "load_average_after_each_run": [r["load_average"] for r in runs],
        "figures": figures,
    }


def measure(
    port: int,
    env: dict[str, str],
    workload: Workload,
    *,
    levels: list[int],
    samples: int,
    runs: int,
) -> list[dict[str, Any]]:
    server = start_gunicorn(port, env)
    try:
        out = []
        for clients in levels:
            level_runs = []
            for run in range(runs):
                result = run_level(port, workload, clients, samples, seed=1000 * clients + run)
                level_runs.append(result)
                worst = max(result["figures"].items(), key=lambda kv: kv[1]["p95_ms"])
                print(
                    f"  {clients:>2} clients, run {run + 1}: {result['requests_per_second']} req/s,"
                    f" slowest p95 {worst[0]} {worst[1]['p95_ms']} ms, load {result['load_average']}",
                    flush=True,
                )
            out.append(summarise(level_runs))
        return out
    finally:
        stop_gunicorn(server)


def table(levels: list[dict[str, Any]]) -> list[str]:
    """Markdown: one row per figure, p50 / p95 per level of clients."""
    head = "| page (mixed personas and records) | " + " | ".join(
        f"{lv['clients']} client{'s' if lv['clients'] > 1 else ''} p50 / p95 ms" for lv in levels
    )
    lines = [head + " |", "|---|" + "---:|" * len(levels)]
    for figure in levels[0]["figures"]:
        cells = []
        for lv in levels:
            f = lv["figures"].get(figure)
            cells.append(
                "—"
                if f is None
                else f"{f['p50_ms']:,.1f} / **{f['p95_ms']:,.1f}**"
                + (f" ({f['errors']} errors)" if f["errors"] else "")
            )
        samples = levels[0]["figures"][figure]["samples_per_run"][0]
        lines.append(f"| {figure} ({samples:,} per run) | " + " | ".join(cells) + " |")
    lines.append(
        "| all figures: requests/s | "
        + " | ".join(f"{lv['requests_per_second']:,.1f}" for lv in levels)
        + " |"
    )
    lines.append(
        "| load average after each run (1 min) | "
        + " | ".join(
            ", ".join(f"{la[0]:.2f}" for la in lv["load_average_after_each_run"]) for lv in levels
        )
        + " |"
    )
    return lines

"""`make bench`: the staff pages and the public report form at national scale, on PostgreSQL.

What it does, in order:

1. Connects to ``BENCH_DATABASE_URL`` (default: a scratch database ``payung_bench`` on the
   local PostgreSQL), creates the database if it does not exist, migrates, and generates the
   national synthetic dataset if the database holds none (``BENCH_CASES`` overrides the size,
   e.g. ``BENCH_CASES=100000`` for a quicker 10% run).
2. Times each page in-process with Django's test client (middleware, view, queries, template:
   everything but the network), as the personas who would open it: warm-up requests first,
   then ``BENCH_REPEAT`` requests (default 100) in ``BENCH_ROUNDS`` (default 5) rounds that
   go through every page in turn → p50/p95/p99 and
   throughput of one client. For each page the main query is also timed alone (its SQL run
   through the driver, rows fetched), and every query the request ran is timed through an
   execute wrapper, so app/SQL ratios show where the time goes.
3. Starts gunicorn (2 sync workers, 127.0.0.1:``BENCH_PORT``, default 8190) and posts the
   public report form from ``BENCH_CLIENTS`` concurrent clients (default 8) until
   ``BENCH_REPORTS`` reports (default 1500) are in; records throughput, latency, errors and
   the workers' memory; stops gunicorn.
4. Writes ``bench/results/latest.json`` and the table in ``docs/performance.md`` (between the
   ``bench:begin``/``bench:end`` markers) with the machine, date and git commit.

    make bench
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/payung_bench BENCH_REPEAT=30 \
        .venv/bin/python bench/national.py [--pages-only | --http-only | --submit-only]

Staff pages over HTTP (bench/http_load.py): ``BENCH_HTTP_CLIENTS`` (default ``1,4,16``),
``BENCH_HTTP_SAMPLES`` per figure and run (default 1000), ``BENCH_HTTP_RUNS`` (default 3),
``BENCH_HTTP_FIGURES`` (a comma-separated subset, e.g. ``case detail``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import platform
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# BENCH_SCALE picks the size of the generated data set (when the database holds none) and,
# without BENCH_DATABASE_URL, the scratch database: national → payung_bench (the scale the
# targets are stated at), tenth → payung_bench_tenth, small → payung_bench_small (a few minutes
# end to end, to check that the bench works, not to judge targets). BENCH_CASES still
# overrides the number of cases. `--quick` means BENCH_SCALE=small with fewer samples.
if "--quick" in sys.argv[1:]:
    sys.argv.remove("--quick")
    os.environ.setdefault("BENCH_SCALE", "small")
QUICK = os.environ.get("BENCH_SCALE") == "small"
if QUICK:
    for _key, _value in {
        "BENCH_REPEAT": "10",
        "BENCH_ROUNDS": "2",
        "BENCH_HTTP_CLIENTS": "1,4",
        "BENCH_HTTP_SAMPLES": "30",
        "BENCH_HTTP_RUNS": "1",
        "BENCH_REPORTS": "300",
    }.items():
        os.environ.setdefault(_key, _value)
SCALE_CASES = {"national": 1_000_000, "tenth": 100_000, "small": 10_000}
BENCH_SCALE = os.environ.get("BENCH_SCALE", "national")
if BENCH_SCALE not in SCALE_CASES:
    raise SystemExit(f"BENCH_SCALE={BENCH_SCALE!r}: choose one of {', '.join(SCALE_CASES)}")
BENCH_CASES = int(os.environ.get("BENCH_CASES") or SCALE_CASES[BENCH_SCALE])
BENCH_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/payung_bench"
    + ("" if BENCH_SCALE == "national" else f"_{BENCH_SCALE}"),
)
os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")
# Measured as deployed: no DEBUG (it keeps every query in memory), persistent connections.
os.environ["DEBUG"] = "0"
os.environ.setdefault("DB_CONN_MAX_AGE", "600")
# The report form's rate limiter stays ON (its default limit per address): each simulated
# resident posts from an address of its own on the loopback network (127.x.y.z), as residents
# would from their own phones (measure_submission).
if os.environ.get("PAYUNG_ENV") == "production":
    raise SystemExit("bench/national.py writes synthetic data with public keys: not in production")
# The synthetic data set is encrypted with fixed keys derived from public strings, the same in
# every checkout, so that one generated database (20 minutes) serves any clone: a checkout's
# own development keys (var/dev-secrets.json) are random. These keys protect nothing; the
# database holds only invented people.
for _name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "BLIND_INDEX_KEY", "REPORT_PIN_KEY"):
    _digest = hashlib.sha256(f"payung-bench-synthetic/{_name}".encode()).digest()
    os.environ[_name] = base64.urlsafe_b64encode(_digest).decode()

REPEAT = int(os.environ.get("BENCH_REPEAT", "100"))
PORT = int(os.environ.get("BENCH_PORT", "8190"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
REPORTS = int(os.environ.get("BENCH_REPORTS", "1500"))
PIN_HASH = os.environ.get("BENCH_PIN_HASH", "")
# Each report is a resident who loads the form first (default). BENCH_FORM_PER_REPORT=0: each
# client loads it once and posts every report of its share (as the bench did before issue
# #16), still each report from an address of its own.
FORM_PER_REPORT = os.environ.get("BENCH_FORM_PER_REPORT", "1") != "0"
# BENCH_RESULTS_FILE: write the JSON there and leave docs/performance.md alone (a side
# experiment, e.g. BENCH_RESULTS_FILE=bench/results/lock-one-chain.json).
RESULTS = Path(os.environ.get("BENCH_RESULTS_FILE") or ROOT / "bench" / "results" / "latest.json")
WRITE_DOC = not os.environ.get("BENCH_RESULTS_FILE")
DOC = ROOT / "docs" / "performance.md"


def ensure_database() -> None:
    """CREATE DATABASE when the bench database does not exist (never touches others)."""
    import psycopg

    parts = urllib.parse.urlsplit(BENCH_DATABASE_URL)
    name = parts.path.lstrip("/")
    if name in ("postgres", "test", "template0", "template1"):
        raise SystemExit(f"refusing to benchmark in the {name!r} database: use a scratch one")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
            print(f"created database {name}")


def setup_django() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from payung.accounts.models import User
    from payung.synthetic.world import USERNAME_PREFIX

    if User.objects.filter(username__startswith=USERNAME_PREFIX).exists():
        from payung.cases.models import Person
        from payung.core.crypto import DecryptionError

        try:
            Person.objects.exclude(name="").first()
        except DecryptionError:
            name = urllib.parse.urlsplit(BENCH_DATABASE_URL).path.lstrip("/")
            raise SystemExit(
                f"{name} holds synthetic data encrypted with other keys (made before the bench "
                f"used its fixed keys): drop it (`dropdb -h 127.0.0.1 -U postgres {name}`) and "
                "run `make bench` again to generate it anew (~20 minutes)."
            ) from None
    else:
        print(
            f"no synthetic data: generating {BENCH_CASES:,} cases (BENCH_SCALE={BENCH_SCALE}) …",
            flush=True,
        )
        began = time.perf_counter()
        load = os.getloadavg()[0]
        # --stream: parallel COPY with indexes built after, also below the generator's own
        # threshold (50,000 cases) — the bench database starts empty.
        call_command(
            "generate_synthetic", "--scale", "national", "--cases", str(BENCH_CASES), "--stream"
        )
        GENERATED.update(
            cases=BENCH_CASES,
            seconds=round(time.perf_counter() - began, 1),
            load_average_before=round(load, 2),
            load_average_after=round(os.getloadavg()[0], 2),
        )
        print(f"generated in {GENERATED['seconds']} s", flush=True)


# Filled when this run generated the data set (its time goes into latest.json).
GENERATED: dict[str, Any] = {}


# --- measuring pages ---------------------------------------------------------------------------


@dataclass
class Measurement:
    name: str
    p50_ms: float
    p95_ms: float
    p99_ms: float
    throughput: float  # requests per second, one client (pages) or all clients (submission)
    sql_ms: float | None  # the main query alone, median
    ratio: float | None  # p50 / sql_ms (the page's main query)
    rows: int | None
    sql_all_ms: float | None = None  # every query of one request, median
    queries: int | None = None
    status: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


class QueryTimer:
    """Times every query run through Django's connection (an execute wrapper)."""

    def __init__(self) -> None:
        self.total = 0.0
        self.count = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.total += time.perf_counter() - began
            self.count += 1


def time_main_query(queryset: Any, repeat: int) -> tuple[float, int]:
    """Median ms of the queryset's SQL alone (executed and fetched through the driver)."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    samples = []
    rows = 0
    with connection.cursor() as cursor:
        for _ in range(3):
            cursor.execute(sql, params)
            cursor.fetchall()
        for _ in range(repeat):
            began = time.perf_counter()
            cursor.execute(sql, params)
            rows = len(cursor.fetchall())
            samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples), rows


ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))


@dataclass
class PageRun:
    """One page being measured: its samples accumulate over the rounds."""

    name: str
    client: Any
    url: str
    main: Callable[[], Any] | None
    rows: int | None = None
    urls: list[str] = field(default_factory=list)  # when set, the samples cycle through them
    samples: list[float] = field(default_factory=list)
    sql_all: list[float] = field(default_factory=list)
    seconds: float = 0.0
    queries: int = 0
    status: int = 0

    def next_url(self) -> str:
        return self.urls[len(self.samples) % len(self.urls)] if self.urls else self.url


def measure_page(
    name: str,
    client: Any,
    url: str,
    main: Callable[[], Any] | None,
    *,
    rows: int | None = None,
    urls: list[str] | None = None,
) -> PageRun:
    """Register a page; ``run_pages`` samples them all, interleaved (``urls``: several
    addresses of the same page, taken in turn)."""
    return PageRun(name=name, client=client, url=url, main=main, rows=rows, urls=urls or [])


def _sample(run: PageRun, n: int) -> None:
    from django.db import connection

    began_all = time.perf_counter()
    for _ in range(n):
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            url = run.next_url()
            began = time.perf_counter()
            response = run.client.get(url)
            run.samples.append((time.perf_counter() - began) * 1000)
        run.sql_all.append(timer.total * 1000)
        run.queries = timer.count
        run.status = response.status_code
    run.seconds += time.perf_counter() - began_all
    if run.status != 200:
        raise SystemExit(f"{run.name}: {url} answered {run.status}")


def run_pages(runs: list[PageRun], repeat: int = REPEAT, rounds: int = ROUNDS) -> list[Measurement]:
    """Warm every page, then take ``repeat`` samples of each in ``rounds`` interleaved rounds:
    on a shared machine a slow spell (another tenant, a checkpoint) then falls on every page
    a little instead of on one page entirely."""
    for run in runs:
        for _ in range(3):  # warm: session, caches, PostgreSQL buffers
            run.status = run.client.get(run.url).status_code
    rounds = max(1, min(rounds, repeat))
    for index in range(rounds):
        share = repeat // rounds + (1 if index < repeat % rounds else 0)
        for run in runs:
            _sample(run, share)
    return [_finish(run, repeat) for run in runs]


def _finish(run: PageRun, repeat: int) -> Measurement:
    sql_ms: float | None = None
    main_rows = run.rows
    if run.main is not None:
        sql_ms, counted = time_main_query(run.main(), max(10, repeat // 2))
        main_rows = counted if run.rows is None else run.rows
    p50 = statistics.median(run.samples)
    sql_all_ms = statistics.median(run.sql_all)
    result = Measurement(
        name=run.name,
        p50_ms=round(p50, 2),
        p95_ms=round(percentile(run.samples, 95), 2),
        p99_ms=round(percentile(run.samples, 99), 2),
        throughput=round(len(run.samples) / run.seconds, 1),
        sql_ms=round(sql_ms, 2) if sql_ms is not None else None,
        # Time of the page for each unit of time of its main query (as the issue defined it):
        # how much the page costs beyond the data it lists. "all SQL" is beside it.
        ratio=round(p50 / sql_ms, 2) if sql_ms else None,
        rows=main_rows,
        sql_all_ms=round(sql_all_ms, 2),
        queries=run.queries,
        status=run.status,
    )
    print(
        f"{run.name:<44} p50 {result.p50_ms:7.1f}  p95 {result.p95_ms:7.1f}  p99 {result.p99_ms:7.1f} ms"
        f"  sql {result.sql_ms if result.sql_ms is not None else '-':>6}  all-sql {result.sql_all_ms:6.1f}"
        f"  q {run.queries:>3}  rows {main_rows}  HTTP {run.status}",
        flush=True,
    )
    return result


def bench_user(username: str, role: str, region_code: str, organisation: Any = None) -> Any:
    from payung.accounts.models import User
    from payung.regions.models import Region

    user, _created = User.objects.update_or_create(
        username=username,
        defaults={
            "role": role,
            "region": Region.objects.get(code=region_code),
            "organisation": organisation,
            "email": f"{username}@bench.payung.invalid",
            "is_active": True,
        },
    )
    return user


def victim_names(kota: str, n: int = 20, seed: int = 16) -> list[str]:
    """``n`` different victims' names of the kota, drawn with a fixed seed: what the name
    search figures search for (the same draw in bench/name_search.py)."""
    import random

    from payung.cases.models import CaseParty

    parties = list(
        CaseParty.objects.filter(
            case__region_code__startswith=kota + ".", role="korban", person__isnull=False
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:50_000]
    )
    drawn = random.Random(seed).sample(parties, min(3 * n, len(parties)))
    found: list[str] = []
    for party in CaseParty.objects.filter(pk__in=drawn).select_related("person").order_by("pk"):
        text = re.sub(r"\s*\(.*\)$", "", party.person.name if party.person else "")
        if text.strip() and text not in found and len(found) < n:
            found.append(text)
    return found


def measure_pages() -> list[Measurement]:
    from django.db.models import Count
    from django.db.models.functions import Substr
    from django.test import Client
    from django.urls import reverse

    from payung.accounts.models import User
    from payung.accounts.roles import Role
    from payung.care import selectors as care_selectors
    from payung.care.models import Referral
    from payung.cases import policies as case_policies
    from payung.cases import selectors
    from payung.cases.models import Case, CaseParty, Person

    # The busiest kota/kabupaten: its supervisor and busiest case manager are the personas.
    top = (
        Case.objects.order_by()
        .annotate(kota=Substr("region_code", 1, 5))
        .values("kota")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert top is not None, "no cases: generate data first"
    kota = top["kota"]
    supervisor = User.objects.get(username=f"sint_{kota.replace('.', '')}_sup")
    manager_id = (
        Case.objects.filter(region_code__startswith=kota + ".")
        .values("owner_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("owner_id", flat=True)
        .first()
    )
    manager = User.objects.get(pk=manager_id)
    province = bench_user("bench_prov_sup", Role.SUPERVISOR, kota[:2])
    busiest_org = (
        Referral.objects.filter(organisation__region_code=kota)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("organisation_id", flat=True)
        .first()
    )
    provider = (
        User.objects.filter(role=Role.PROVIDER_STAFF, organisation_id=busiest_org).first()
        if busiest_org
        else None
    )
    kota_cases = Case.objects.filter(region_code__startswith=kota + ".").count()
    print(
        f"personas: supervisor of {kota} ({kota_cases:,} cases), case manager {manager.username}, "
        f"province supervisor of {kota[:2]}, provider {provider.username if provider else '-'}"
    )

    def client_for(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    sup, mk, prov = client_for(supervisor), client_for(manager), client_for(province)
    # Search targets: a closed case with a rich record, its victim's NIK and name.
    case = (
        Case.objects.filter(region_code__startswith=kota + ".", status="ditutup")
        .annotate(n=Count("status_changes"))
        .filter(n__gte=5)
        .order_by("-created_at")
        .first()
    )
    assert case is not None
    victim = (
        Person.objects.filter(parties__case=case, parties__role="korban").exclude(nik="").first()
        or Person.objects.filter(parties__case__region_code__startswith=kota + ".")
        .exclude(nik_index="")
        .first()
    )
    assert victim is not None
    name_victim = (
        CaseParty.objects.filter(case=case, role="korban").select_related("person").first()
    )
    name = name_victim.person.name if name_victim and name_victim.person else victim.name
    name = re.sub(r"\s*\(.*\)$", "", name)
    # The spread over names (issue #16): the one name above is whatever victim the data put
    # there, common or rare.
    many_names = victim_names(kota)
    pages = reverse("cases:case_list")
    deep = max(1, min(400, kota_cases // 50 // 2))
    F = selectors.CaseFilters

    def page(user: Any, filters: Any, number: int = 1) -> Callable[[], Any]:
        return lambda: selectors.case_list(user, filters)[(number - 1) * 50 : number * 50]

    results = [
        measure_page(
            "triage queue (kota supervisor)",
            sup,
            reverse("cases:triage_queue"),
            lambda: selectors.triage_queue(supervisor)[:50],
        ),
        measure_page(
            "triage queue (province supervisor)",
            prov,
            reverse("cases:triage_queue"),
            lambda: selectors.triage_queue(province)[:50],
        ),
        measure_page(
            "report list (kota supervisor)",
            sup,
            reverse("cases:report_list"),
            lambda: selectors.report_list(supervisor)[:50],
        ),
        measure_page("case list p1 (kota supervisor)", sup, pages, page(supervisor, F())),
        measure_page("case list p1 (province supervisor)", prov, pages, page(province, F())),
        measure_page("case list p1 (case manager, own)", mk, pages, page(manager, F())),
        measure_page(
            "case list filtered (layanan+seksual)",
            sup,
            pages + "?status=layanan&violence_form=seksual",
            page(supervisor, F(status="layanan", violence_form="seksual")),
        ),
        measure_page(
            "case list filtered (overdue)",
            sup,
            pages + "?overdue=on",
            page(supervisor, F(overdue=True)),
        ),
        measure_page(
            f"case list deep page {deep}", sup, f"{pages}?page={deep}", page(supervisor, F(), deep)
        ),
        measure_page(
            "search by case number",
            sup,
            f"{pages}?q={urllib.parse.quote(case.number)}",
            page(supervisor, F(q=case.number)),
        ),
        measure_page(
            "search by NIK", sup, f"{pages}?q={victim.nik}", page(supervisor, F(q=victim.nik))
        ),
        measure_page(
            "search by name",
            sup,
            f"{pages}?q={urllib.parse.quote(name)}",
            page(supervisor, F(q=name)),
        ),
        measure_page(
            "search by name (province)",
            prov,
            f"{pages}?q={urllib.parse.quote(name)}",
            page(province, F(q=name)),
        ),
        measure_page(
            f"search by name, {len(many_names)} names in turn (kota supervisor)",
            sup,
            f"{pages}?q={urllib.parse.quote(many_names[0])}",
            None,
            urls=[f"{pages}?q={urllib.parse.quote(n)}" for n in many_names],
        ),
        measure_page(
            "case detail",
            sup,
            reverse("cases:case_detail", args=[case.pk]),
            lambda: case_policies.visible_cases(supervisor).filter(pk=case.pk),
        ),
        measure_page(
            "case history (fragment, on demand)",
            sup,
            reverse("cases:case_timeline", args=[case.pk]),
            lambda: case_policies.visible_cases(supervisor).filter(pk=case.pk),
        ),
        measure_page(
            "API case list (kota supervisor)", sup, "/api/v1/cases/?limit=50", page(supervisor, F())
        ),
        measure_page(
            "API case list (province supervisor)",
            prov,
            "/api/v1/cases/?limit=50",
            page(province, F()),
        ),
    ]
    if provider is not None:
        results.append(
            measure_page(
                "referral inbox (provider)",
                client_for(provider),
                reverse("care:referral_inbox"),
                lambda: care_selectors.inbox(provider)[:50],
            )
        )
    return run_pages(results)


# --- public report submission through gunicorn ------------------------------------------------


def _free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


FORM_DATA = {
    "reporter_relation": "tetangga",
    "reporter_anonymous": "1",
    "danger_now": "0",
    "violence_forms": ["fisik", "psikis"],
    "description": "Laporan uji beban (sintetis): tetangga mendengar anak dipukul.",
    "location": "35.75.01.1002",
    "address_detail": "RT 02 RW 03",
    "place_category": "rumah_tangga",
    "victim_age": "9",
    "victim_sex": "l",
    "victim_is_child": "tidak_tahu",
    "victim_disability": "tidak_tahu",
    "contact_channel": "jangan",
    "consent": "on",
    "website": "",
}


# The mix of reports (share, anonymous, with an attachment): most reports come without a
# name and without a file; a photo or a letter comes with about a third.
REPORT_MIX = (
    (0.40, True, False),  # anonymous, no attachment
    (0.25, False, False),  # named with a phone number, no attachment
    (0.20, True, True),  # anonymous with a photo
    (0.15, False, True),  # named with a photo
)


def _photo() -> bytes:
    """A photo as a phone sends it after its own compression: a real JPEG (1280 x 960, about
    180 KB). Since issue #14 the upload is decoded and re-encoded to strip its metadata, so
    the bench's photo must be an image Pillow can read (until then it was 180 KB of bytes
    behind a JPEG header, which the server now refuses with a form error)."""
    import io

    from PIL import Image

    size = (1280, 960)
    image = Image.merge(
        "RGB",
        (
            Image.linear_gradient("L").resize(size),
            Image.effect_noise(size, 8),
            Image.radial_gradient("L").resize(size),
        ),
    )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


PHOTO = _photo()
_ADDRESSES = iter(range(2, 2**24))


def _address() -> str:
    """A loopback address of its own (127.0.0.2 … 127.255.255.254): one per resident, so the
    rate limiter (per address, left on) counts each as a separate person."""
    n = next(_ADDRESSES)
    return f"127.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


def _report_body(token: str, anonymous: bool, photo: bool) -> tuple[str, bytes]:
    data: dict[str, Any] = dict(
        FORM_DATA, csrfmiddlewaretoken=token, submission_token=secrets.token_urlsafe(24)
    )
    if not anonymous:
        data.update(
            reporter_anonymous="0",
            reporter_name="Warga Uji (sintetis)",
            contact_channel="whatsapp",
            reporter_phone="0812" + str(secrets.randbelow(10**8)).zfill(8),
        )
    if not photo:
        return "application/x-www-form-urlencoded", urllib.parse.urlencode(
            data, doseq=True
        ).encode()
    boundary = "----payungbench" + secrets.token_hex(8)
    parts: list[bytes] = []
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{item}\r\n'.encode()
            )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="foto.jpg"'
        "\r\nContent-Type: image/jpeg\r\n\r\n".encode()
        + PHOTO
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


def _client(
    results: list[tuple[float, int, str]], quota: list[int], lock: threading.Lock, seed: int
) -> None:
    """Residents, one after another: each loads the form (cookie + CSRF token) and posts one
    report, from an address of its own, of a kind drawn from REPORT_MIX."""
    import random

    rng = random.Random(seed)
    weights = [m[0] for m in REPORT_MIX]
    form: tuple[str, str] | None = None  # (cookie, CSRF token) when the form is loaded once
    while True:
        with lock:
            if quota[0] <= 0:
                return
            quota[0] -= 1
            address = _address()
        _share, anonymous, photo = rng.choices(REPORT_MIX, weights)[0]
        kind = ("anonymous" if anonymous else "named") + (" + photo" if photo else "")
        status = 0
        began = time.perf_counter()
        try:
            if form is None:
                conn = HTTPConnection("127.0.0.1", PORT, timeout=30, source_address=(address, 0))
                conn.request("GET", "/lapor/")
                response = conn.getresponse()
                html = response.read().decode()
                conn.close()
                cookie = "; ".join(
                    h.split(";", 1)[0]
                    for k, h in response.getheaders()
                    if k.lower() == "set-cookie"
                )
                found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
                assert found, "no CSRF token on /lapor/"
                if not FORM_PER_REPORT:
                    form = (cookie, found.group(1))
            else:
                cookie = form[0]
            token_value = form[1] if form is not None else found.group(1)
            content_type, body = _report_body(token_value, anonymous, photo)
            began = time.perf_counter()  # the post alone, as before
            conn = HTTPConnection("127.0.0.1", PORT, timeout=30, source_address=(address, 0))
            conn.request(
                "POST",
                "/lapor/",
                body=body,
                headers={
                    "Content-Type": content_type,
                    "Cookie": cookie,
                    "Referer": f"http://127.0.0.1:{PORT}/lapor/",
                },
            )
            reply = conn.getresponse()
            reply.read()
            status = reply.status
            conn.close()
        except OSError:
            status = -1
        with lock:
            results.append(((time.perf_counter() - began) * 1000, status, kind))


def measure_submission() -> Measurement:
    if not _free(PORT):
        raise SystemExit(f"port {PORT} is in use; set BENCH_PORT")
    env = dict(
        os.environ,
        GUNICORN_BIND=f"127.0.0.1:{PORT}",
        GUNICORN_WORKERS="2",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # BENCH_PIN_HASH=argon2 serves the app as it was before the keyed PIN hash.
    app = "bench.wsgi_argon2:application" if PIN_HASH == "argon2" else "payung.wsgi:application"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            app,
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            if not _free(PORT):
                break
            time.sleep(0.1)
        time.sleep(1.0)
        warm: list[tuple[float, int, str]] = []
        lock = threading.Lock()
        threads = [
            threading.Thread(target=_client, args=(warm, [40], lock, 100 + i)) for i in range(2)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        results: list[tuple[float, int, str]] = []
        quota = [REPORTS]
        threads = [
            threading.Thread(target=_client, args=(results, quota, lock, i)) for i in range(CLIENTS)
        ]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - began
        workers = _children(server.pid)
        rss = [round(_rss_mb(pid), 1) for pid in workers]
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    latencies = [ms for ms, _s, _k in results]
    ok = sum(1 for _ms, s, _k in results if s == 302)
    errors = len(results) - ok
    kinds: dict[str, dict[str, Any]] = {}
    for kind in sorted({k for _ms, _s, k in results}):
        mine = [ms for ms, _s, k in results if k == kind]
        kinds[kind] = {
            "reports": len(mine),
            "p50_ms": round(statistics.median(mine), 1),
            "p95_ms": round(percentile(mine, 95), 1),
            "errors": sum(1 for _ms, s, k in results if k == kind and s != 302),
        }
    m = Measurement(
        name=f"public report submission (gunicorn 2 workers, {CLIENTS} clients, rate limiter on,"
        + (
            " each resident loads the form and posts from its own address"
            if FORM_PER_REPORT
            else " the form loaded once per client, each report from its own address"
        )
        + "; mix: 40% anonymous,"
        " 25% named, 20% anonymous + photo, 15% named + photo"
        + (", Argon2 PIN as before)" if PIN_HASH == "argon2" else ")"),
        p50_ms=round(statistics.median(latencies), 2),
        p95_ms=round(percentile(latencies, 95), 2),
        p99_ms=round(percentile(latencies, 99), 2),
        throughput=round(ok / elapsed, 1),
        sql_ms=None,
        ratio=None,
        rows=ok,
        extra={
            "errors": errors,
            "requests": len(results),
            "seconds": round(elapsed, 2),
            "worker_rss_mb": rss,
            "warm_errors": sum(1 for _m, s, _k in warm if s != 302),
            "kinds": kinds,
            "statuses": sorted({s for _ms, s, _k in results}),
        },
    )
    print(
        f"{m.name:<44} p50 {m.p50_ms:7.1f}  p95 {m.p95_ms:7.1f}  p99 {m.p99_ms:7.1f} ms  "
        f"{m.throughput} reports/s  errors {errors}  worker RSS {rss} MB  {kinds}",
        flush=True,
    )
    return m


# --- reporting --------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    from django.conf import settings
    from django.db import connection

    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = int(line.split()[1]) // 1024 // 1024
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "postgresql": version,
        "shared_buffers": buffers,
        "jit": jit,
        "audit_access_shards": settings.AUDIT_ACCESS_SHARDS,
        "audit_event_shards": settings.AUDIT_EVENT_SHARDS,
        "load_average_at_start": LOAD_AT_START,
        "bench_scale": BENCH_SCALE,
        "database_size": size,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit + ("+uncommitted changes" if dirty else ""),
    }


def data_size() -> dict[str, int]:
    from payung.audit.models import AccessLog, AuditEvent
    from payung.care.models import Referral, ServiceRecord
    from payung.cases.models import Case, Person, Report

    def estimate(model: Any) -> int:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE relname = %s",
                [model._meta.db_table],
            )
            row = cursor.fetchone()
        return int(row[0]) if row else 0

    return {
        m._meta.db_table: estimate(m)
        for m in (Case, Report, Person, Referral, ServiceRecord, AuditEvent, AccessLog)
    }


def _replace_between(text: str, begin: str, end: str, body: str) -> str:
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        _old, tail = rest.split(end, 1)
        return f"{head}{begin}\n{body}\n{end}{tail}"
    return text + f"\n{begin}\n{body}\n{end}\n"


def write_results(
    results: list[Measurement],
    info: dict[str, Any],
    sizes: dict[str, int],
    clients: list[dict[str, Any]] | None = None,
) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "machine": info,
        "rows": sizes,
        "measurements": [asdict(r) for r in results],
        # Staff pages over HTTP through gunicorn, per number of concurrent clients (median of
        # the runs): bench/http_load.py.
        "clients": clients or [],
    }
    if GENERATED:  # this run made the data set: how long it took (docs/performance.md)
        payload["generated"] = GENERATED
    RESULTS.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    machine_line = (
        f"Machine: {info['cpu']}, {info['cores']} cores (load average "
        f"{' / '.join(str(x) for x in info.get('load_average_at_start', []))} when the run "
        f"began, {' / '.join(str(x) for x in info['load_average'])} when it ended), "
        f"{info['memory_gb']} GB RAM; PostgreSQL {info['postgresql']} with shared_buffers "
        f"{info['shared_buffers']}, jit {info.get('jit', '?')}; Python {info['python']}. "
        f"BENCH_SCALE={info.get('bench_scale', 'national')}"
        + (" (a check that the bench works, not a measure of the targets)" if QUICK else "")
        + f"; database {info['database_size']}: "
        + ", ".join(f"{k} ≈ {v:,}" for k, v in sizes.items())
        + f". Date {info['date']}, commit `{info['commit']}`."
    )
    lines = [
        machine_line,
        "",
        "| measurement (one client, in-process) | p50 ms | p95 ms | p99 ms | req/s | main SQL ms | app/main SQL | all SQL ms | queries | rows |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:

        def fmt(v: Any) -> str:
            return "—" if v is None else (f"{v:,.1f}" if isinstance(v, float) else f"{v:,}")

        name = r.name
        if r.extra.get("errors") is not None:
            name += f" — errors {r.extra['errors']}, worker RSS {r.extra['worker_rss_mb']} MB"
        lines.append(
            f"| {name} | {fmt(r.p50_ms)} | {fmt(r.p95_ms)} | {fmt(r.p99_ms)} | {fmt(r.throughput)} "
            f"| {fmt(r.sql_ms)} | {fmt(r.ratio)} | {fmt(r.sql_all_ms)} | {fmt(r.queries)} | {fmt(r.rows)} |"
        )
    text = (
        DOC.read_text(encoding="utf-8")
        if DOC.exists()
        else "# Performance\n\n<!-- bench:begin -->\n<!-- bench:end -->\n"
    )
    if results:
        text = _replace_between(
            text, "<!-- bench:begin -->", "<!-- bench:end -->", "\n".join(lines)
        )
    if clients:
        from bench.http_load import table as http_table

        body = "\n".join(
            [
                machine_line,
                "",
                f"gunicorn, 2 sync workers; {clients[0]['runs']} runs per level, median of the runs;"
                " every request its own connection.",
                "",
                *http_table(clients),
            ]
        )
        text = _replace_between(text, "<!-- bench-http:begin -->", "<!-- bench-http:end -->", body)
    if WRITE_DOC:
        DOC.write_text(text, encoding="utf-8")
    print(f"wrote {RESULTS}" + (f" and the tables in {DOC.relative_to(ROOT)}" if WRITE_DOC else ""))


HTTP_LEVELS = [int(x) for x in os.environ.get("BENCH_HTTP_CLIENTS", "1,4,16").split(",") if x]
HTTP_SAMPLES = int(os.environ.get("BENCH_HTTP_SAMPLES", "1000"))
HTTP_RUNS = int(os.environ.get("BENCH_HTTP_RUNS", "3"))
HTTP_FIGURES = [f for f in os.environ.get("BENCH_HTTP_FIGURES", "").split(",") if f]


def busiest_kota() -> str:
    from django.db.models import Count
    from django.db.models.functions import Substr

    from payung.cases.models import Case

    top = (
        Case.objects.order_by()
        .annotate(kota=Substr("region_code", 1, 5))
        .values("kota")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert top is not None, "no cases: generate data first"
    return str(top["kota"])


def measure_http() -> list[dict[str, Any]]:
    """Staff pages over HTTP with 1, 4 and 16 concurrent clients (bench/http_load.py)."""
    from bench import http_load
    from payung.accounts.roles import Role

    if not _free(PORT):
        raise SystemExit(f"port {PORT} is in use; set BENCH_PORT")
    kota = busiest_kota()
    province = bench_user("bench_prov_sup", Role.SUPERVISOR, kota[:2])
    workload = http_load.build_workload(kota, province)
    if HTTP_FIGURES:
        workload.requests = {k: v for k, v in workload.requests.items() if k in HTTP_FIGURES}
    print(
        "HTTP personas: "
        + "; ".join(p.label for p in workload.personas)
        + ". Figures: "
        + ", ".join(f"{k} ({len(v)} distinct requests)" for k, v in workload.requests.items()),
        flush=True,
    )
    env = dict(os.environ, ALLOWED_HOSTS="127.0.0.1,localhost")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return http_load.measure(
        PORT, env, workload, levels=HTTP_LEVELS, samples=HTTP_SAMPLES, runs=HTTP_RUNS
    )


# The load average (1, 5, 15 min) when this run began: with the one at the end, it says how
# quiet the machine was (docs/performance.md reports both).
LOAD_AT_START = [round(x, 2) for x in os.getloadavg()]


def main() -> None:
    only = sys.argv[1] if len(sys.argv) > 1 else ""
    ensure_database()
    setup_django()
    if only == "--generate-only":
        return
    results: list[Measurement] = []
    clients: list[dict[str, Any]] = []
    if only in ("", "--pages-only"):
        results += measure_pages()
    if only in ("", "--http-only"):
        clients = measure_http()
    if only in ("", "--submit-only"):
        results.append(measure_submission())
    write_results(results, machine(), data_size(), clients)


if __name__ == "__main__":
    main()

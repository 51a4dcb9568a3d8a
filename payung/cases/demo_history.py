"""Two years of clearly fictional past cases for the demo, so that the statistics dashboard
(insights) has something to show on a newcomer's ``make run``.

Each case is recorded and opened through the services like any other, then its dates are
moved into the past (``created_at``, ``reported_at``, the report's ``received_at``): the
services stamp "now", and history is the one thing a demo cannot wait for. Deterministic
(a fixed seed), idempotent (keys ``demo-riwayat-NNN``), no names.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from payung.cases import services
from payung.cases.choices import ReportStatus
from payung.cases.models import Case, Report
from payung.regions.models import Region

HISTORY_CASES = 160
SEED = 13

FORMS = [
    (["fisik"], 24),
    (["psikis"], 14),
    (["mental"], 6),
    (["seksual"], 26),
    (["fisik", "psikis"], 12),
    (["penelantaran"], 8),
    (["eksploitasi"], 3),
    (["tppo"], 2),
    (["seksual", "psikis"], 5),
]
PLACES = [
    ("rumah_tangga", 55),
    ("sekolah", 10),
    ("fasilitas_umum", 12),
    ("daring", 9),
    ("tempat_kerja", 6),
    ("lainnya", 8),
]
RELATIONS = [
    ("suami_istri", 25),
    ("orang_tua", 15),
    ("keluarga", 15),
    ("pacar_teman", 15),
    ("tetangga", 12),
    ("guru", 5),
    ("tidak_diketahui", 13),
]
AGES = [4, 8, 11, 14, 15, 16, 17, 19, 22, 27, 31, 36, 41, 48, 55, 63]


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def load(*, actor: Any) -> int:
    """Create the missing history cases; returns how many were opened now."""
    rng = random.Random(SEED)  # noqa: S311 - fictional demo data, reproducible on purpose
    kelurahan = list(Region.objects.filter(code__startswith="35.75.").villages().order_by("code"))
    # A few busier kelurahan, so the map and the region chart are not flat.
    weights = [6 if i % 7 == 0 else 3 if i % 3 == 0 else 1 for i in range(len(kelurahan))]
    today = timezone.localdate()
    opened = 0
    # The test settings set it to 0: the demo tests check the hand-written demo cases.
    count = int(getattr(settings, "DEMO_HISTORY_CASES", HISTORY_CASES))
    for i in range(1, count + 1):
        days_ago = int(rng.triangular(3, 730, 200))
        day = today - timedelta(days=days_ago)
        when = timezone.make_aware(datetime.combine(day, time(9 + rng.randrange(8), 0)))
        forms = _pick(rng, FORMS)
        age = rng.choice(AGES)
        sex = "l" if age < 13 and rng.random() < 0.3 else "p"
        place = _pick(rng, PLACES)
        relation = _pick(rng, RELATIONS)
        data = services.ReportInput(
            channel=rng.choice(["datang_langsung", "telepon", "rujukan_polisi", "penjangkauan"]),
            reporter_relation=rng.choice(["korban", "keluarga", "tetangga", "tokoh_masyarakat"]),
            violence_forms=forms,
            description="Riwayat demo (fiktif).",
            place_category=place,
            victim_sex=sex,
            contact_channel="jangan",
            kelurahan=rng.choices(kelurahan, weights=weights)[0],
            victim_age=age,
            perpetrator_relationship=relation,
            kdrt=relation == "suami_istri" or (place == "rumah_tangga" and rng.random() < 0.5),
            incident_date=day - timedelta(days=rng.randrange(0, 5)),
            consent=True,
            consent_text="Demo",
            received_at=when,
        )
        report = services.report_create(
            actor=actor,
            data=data,
            idempotency_namespace="demo",
            idempotency_key=f"demo-riwayat-{i:03d}",
        ).report
        if report.status != ReportStatus.NEW:
            continue
        case = services.report_open_case(actor=actor, report=report, owner=actor)
        opened_at = when + timedelta(hours=rng.randrange(1, 30))
        Case.objects.filter(pk=case.pk).update(created_at=opened_at, reported_at=when)
        Report.objects.filter(pk=report.pk).update(triaged_at=opened_at)
        opened += 1
    return opened

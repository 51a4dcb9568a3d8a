"""Exports of the case list as background jobs: scoped like the list, no names, typed cells,
formula-neutralised, and a 20,000-row export that reports progress and completes (run
without a browser: the job runs in-process with the immediate backend)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from payung.audit.models import AuditEvent
from payung.cases.models import Case
from payung.insights.services import case_list_export_start
from payung.jobs.models import Job
from payung.jobs.registry import JobContext
from tests.accounts.conftest import signed_in
from tests.cases.casework import VICTIM
from tests.factories import GENTONG
from tests.insights.builders import case_on


def test_supervisor_exports_the_filtered_case_list_as_xlsx(personas) -> None:
    sexual = case_on(personas, date(2026, 1, 5), violence_forms=["seksual"])
    case_on(personas, date(2026, 1, 6), violence_forms=["fisik"])
    client = signed_in(personas.supervisor)
    listing = client.get("/kasus/", {"violence_form": "seksual"}).content.decode()
    assert 'action="/dasbor/ekspor-kasus/"' in listing
    response = client.post(
        "/dasbor/ekspor-kasus/", {"violence_form": "seksual", "q": VICTIM, "format": "xlsx"}
    )
    job = Job.objects.get(kind="insights.case_list_export")
    assert response["Location"] == job.get_absolute_url()
    assert "q" not in job.params["filters"]  # a search text is never kept
    job.refresh_from_db()
    assert job.status == "done"
    sheet = load_workbook(io.BytesIO(job.result_bytes()))["Daftar kasus"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Nomor kasus"
    assert [r[0] for r in rows[1:]] == [sexual.number]
    assert rows[1][1].year == 2026  # a date-time cell, not text
    assert VICTIM not in repr(rows)
    assert AuditEvent.objects.filter(action="insights.case_list_export").exists()


def test_case_manager_exports_only_the_cases_they_may_see(personas) -> None:
    own = case_on(personas, date(2026, 1, 5))
    other = case_on(personas, date(2026, 1, 6), owner=personas.case_manager2)
    job = case_list_export_start(actor=personas.case_manager, params={}, fmt="csv")
    job.refresh_from_db()
    text = job.result_bytes().decode("utf-8-sig")
    assert own.number in text and other.number not in text


def test_analyst_and_ppt_may_not_export_case_lists(personas) -> None:
    from django.core.exceptions import PermissionDenied

    for persona in (personas.analyst, personas.ppt_gentong, personas.provider):
        with pytest.raises(PermissionDenied):
            case_list_export_start(actor=persona, params={}, fmt="csv")


def test_a_formula_in_a_cell_is_neutralised(personas) -> None:
    case = case_on(personas, date(2026, 1, 5))
    Case.objects.filter(pk=case.pk).update(number="=HYPERLINK(1)")
    job = case_list_export_start(actor=personas.supervisor, params={}, fmt="csv")
    job.refresh_from_db()
    rows = list(csv.reader(io.StringIO(job.result_bytes().decode("utf-8-sig"))))
    assert rows[1][0] == "'=HYPERLINK(1)"


def test_an_export_of_20000_rows_shows_progress_and_completes(personas, monkeypatch) -> None:
    now = timezone.now()
    Case.objects.bulk_create(
        [
            Case(
                number=f"BENCH/2026/{i:05d}",
                year=2026,
                sequence=i,
                status="baru",
                region_code=GENTONG,
                unit="ppt",
                risk_level="sedang",
                violence_tags=",fisik,",
                created_at=now,
                updated_at=now,
            )
            for i in range(1, 20_001)
        ],
        batch_size=2000,
    )
    calls: list[tuple[int, int | None]] = []
    original = JobContext.progress

    def spy(self, done, total=None, message=""):
        calls.append((done, total))
        monkeypatch.setattr("payung.jobs.registry.PROGRESS_INTERVAL_SECONDS", 0)
        return original(self, done, total, message)

    monkeypatch.setattr(JobContext, "progress", spy)
    job = case_list_export_start(actor=personas.supervisor, params={}, fmt="csv")
    job.refresh_from_db()
    assert job.status == "done"
    assert (job.progress_done, job.progress_total) == (20_000, 20_000)
    steps = [done for done, total in calls if total == 20_000]
    assert len(steps) >= 20 and steps == sorted(steps) and steps[-1] == 20_000
    lines = job.result_bytes().decode("utf-8-sig").splitlines()
    assert len(lines) == 20_001
    page = signed_in(personas.supervisor).get(job.get_absolute_url()).content.decode()
    assert "daftar-kasus" in page or "Unduh" in page

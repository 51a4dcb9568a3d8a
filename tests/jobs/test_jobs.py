"""Background jobs: a handler's progress and sealed result reach only the job's owner."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.urls import reverse

from payung.audit.models import AuditEvent
from payung.jobs import registry, services
from payung.jobs.models import Job
from payung.jobs.registry import JobContext, job_handler

pytestmark = pytest.mark.django_db

SEEN: dict[str, Any] = {}


@job_handler("test.count_to")
def _count_to(ctx: JobContext) -> None:
    total = int(ctx.params["n"])
    for i in range(1, total + 1):
        ctx.progress(i, total, message=f"baris {i}")
    SEEN["actor"] = ctx.actor
    ctx.save_result("hitung.csv", "text/csv", ("\n".join(str(i) for i in range(total))).encode())


@job_handler("test.fails")
def _fails(ctx: JobContext) -> None:
    ctx.progress(1, 2)
    raise RuntimeError("boom")


def test_job_runs_records_progress_and_seals_its_result(personas: Any) -> None:
    job = services.start_job(
        personas.analyst, kind="test.count_to", params={"n": 5}, label="Hitung"
    )
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert (job.progress_done, job.progress_total) == (5, 5)
    assert job.percent == 100
    assert job.result_bytes() == b"0\n1\n2\n3\n4"
    assert SEEN["actor"] == personas.analyst
    # Sealed at rest: the stored column is not the plaintext.
    with connection.cursor() as cursor:
        cursor.execute("SELECT result_sealed FROM jobs_job")
        stored = " ".join(row[0] for row in cursor.fetchall())
    assert "0\n1\n2" not in stored
    assert AuditEvent.objects.filter(action="job.start", target_id=str(job.pk)).exists()


def test_a_failing_handler_marks_the_job_failed_without_a_result(personas: Any) -> None:
    job = services.start_job(personas.analyst, kind="test.fails", params={}, label="Gagal")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.finished_at is not None
    assert not job.has_result
    assert "gagal" in job.message.lower()


def test_execute_twice_runs_once(personas: Any) -> None:
    job = services.start_job(personas.analyst, kind="test.count_to", params={"n": 2}, label="Dua")
    services.execute(str(job.pk))  # already done: nothing happens
    job.refresh_from_db()
    assert job.status == Job.Status.DONE


def test_unknown_kind_and_anonymous_actor_are_refused(personas: Any) -> None:
    with pytest.raises(ValueError):
        services.start_job(personas.analyst, kind="nope", params={}, label="x")
    with pytest.raises(PermissionDenied):
        services.start_job(None, kind="test.count_to", params={"n": 1}, label="x")


def test_a_kind_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError):
        registry.job_handler("test.count_to")(lambda ctx: None)


def test_only_the_owner_sees_and_downloads_and_downloads_are_audited(personas: Any) -> None:
    job = services.start_job(personas.analyst, kind="test.count_to", params={"n": 3}, label="Tiga")
    owner, other = Client(), Client()
    owner.force_login(personas.analyst)
    other.force_login(personas.supervisor)
    page = owner.get(reverse("jobs:detail", args=[job.pk]))
    assert page.status_code == 200
    assert reverse("jobs:download", args=[job.pk]) in page.content.decode()
    assert 'http-equiv="refresh"' not in page.content.decode()  # finished: no more refresh
    download = owner.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download.content == b"0\n1\n2"
    assert AuditEvent.objects.filter(action="job.download", target_id=str(job.pk)).count() == 1
    assert other.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert other.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert job.label not in other.get(reverse("jobs:list")).content.decode()


def test_a_running_job_page_refreshes_itself_without_javascript(personas: Any) -> None:
    job = Job.objects.create(kind="test.count_to", label="Berjalan", owner=personas.analyst)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, progress_done=3, progress_total=12
    )
    client = Client()
    client.force_login(personas.analyst)
    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in html
    assert 'value="25"' in html  # 3 of 12
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_purge_removes_old_jobs(personas: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    job = services.start_job(personas.analyst, kind="test.count_to", params={"n": 1}, label="Lama")
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=25))
    fresh = services.start_job(
        personas.analyst, kind="test.count_to", params={"n": 1}, label="Baru"
    )
    assert services.purge_expired() == 1
    assert list(Job.objects.values_list("pk", flat=True)) == [fresh.pk]

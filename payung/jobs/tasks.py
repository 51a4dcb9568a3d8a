"""The one django-tasks task: run a job row by id (the row says what to do)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_job(job_id: str) -> None:
    from payung.jobs.services import execute

    execute(job_id)

"""Starting and running background jobs.

``start_job`` is called by another app's service *after* that service has authorised the
actor for the work; it records the job, audits it and enqueues it — in the caller's
transaction, so with the database backend the job and its queue entry commit or roll back
together. The worker (``manage.py db_worker``) then calls ``execute``.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.audit.services import audit_event
from payung.core.actors import require_actor
from payung.jobs import registry
from payung.jobs.models import Job
from payung.jobs.tasks import run_job

logger = logging.getLogger(__name__)


@transaction.atomic
def start_job(actor: Any, *, kind: str, params: dict[str, Any], label: str) -> Job:
    require_actor(actor)
    if not getattr(actor, "pk", None):
        raise PermissionDenied("a background job belongs to a signed-in user")
    if registry.handler_for(kind) is None:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(kind=kind, label=label[:200], owner=actor, params=params)
    audit_event(actor=actor, action="job.start", target=job, target_label=kind, note=label)
    run_job.enqueue(str(job.pk))
    return job


def execute(job_id: str) -> None:
    """Run one job. Safe to call twice: only a queued job starts."""
    started = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    if not started:
        return
    job = Job.objects.select_related("owner").get(pk=job_id)
    handler = registry.handler_for(job.kind)
    context = registry.JobContext(job)
    try:
        if handler is None:
            raise LookupError(f"no handler for job kind {job.kind!r}")
        if not job.owner.is_active:
            raise PermissionError("the job's owner is no longer active")
        if connection.in_atomic_block:
            # Immediate backend (tests, or a caller's transaction): a failing handler must not
            # poison the caller's transaction. The worker runs in autocommit so that progress
            # is visible while the job runs.
            with transaction.atomic():
                handler(context)
        else:
            handler(context)
    except Exception:
        logger.exception("background job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            message=_("Proses gagal. Coba lagi; jika terus gagal, hubungi admin sistem."),
            result_sealed="",
        )
        return
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, finished_at=timezone.now())


@transaction.atomic  # the audit trail is written inside a transaction (autocommit views too)
def record_download(actor: Any, job: Job) -> None:
    audit_event(
        actor=actor,
        action="job.download",
        target=job,
        target_label=job.kind,
        note=f"{job.result_name} ({job.result_size or 0} byte)",
    )


def purge_expired(now: Any = None) -> int:
    """Delete jobs (and their sealed results) older than ``JOBS_KEEP_HOURS``."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=getattr(settings, "JOBS_KEEP_HOURS", 24))
    deleted, _rows = Job.objects.filter(created_at__lt=cutoff).delete()
    return deleted

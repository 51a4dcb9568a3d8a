from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from payung.jobs.models import Job


def jobs_of(user: Any) -> QuerySet[Job]:
    """A user's own jobs; nobody else's job is ever listed or opened (404)."""
    return Job.objects.filter(owner_id=user.pk).defer("result_sealed")


def job_of(user: Any, job_id: Any) -> Job:
    return get_object_or_404(jobs_of(user), pk=job_id)

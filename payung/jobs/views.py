"""The progress page of a background job and its download. Only the owner sees either."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from payung.core.downloads import secure_download
from payung.jobs import selectors, services
from payung.jobs.models import Job

REFRESH_SECONDS = 2


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = selectors.jobs_of(request.user)[:20]
    return render(request, "jobs/list.html", {"jobs": jobs})


@login_required
@require_GET
def job_detail(request: HttpRequest, job_id: str) -> HttpResponse:
    job = selectors.job_of(request.user, job_id)
    return render(
        request,
        "jobs/detail.html",
        {"job": job, "refresh": None if job.finished else REFRESH_SECONDS},
    )


@login_required
@require_GET
def job_download(request: HttpRequest, job_id: str) -> HttpResponse:
    job: Job = selectors.job_of(request.user, job_id)
    if not job.has_result:
        raise Http404
    data = job.result_bytes()
    services.record_download(request.user, job)
    return secure_download(data, job.result_type or "application/octet-stream", job.result_name)

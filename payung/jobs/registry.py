"""Job kinds and their handlers. Apps register handlers in their ``AppConfig.ready()``.

A handler receives a :class:`JobContext`. It re-checks what its owner may see (rights can
change between the click and the run), reports progress, and saves one result file.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils import timezone

if TYPE_CHECKING:
    from payung.jobs.models import Job

Handler = Callable[["JobContext"], None]
_HANDLERS: dict[str, Handler] = {}

# Progress writes are throttled: a handler may call progress() per row without flooding the
# database; the final call (done == total) is always written.
PROGRESS_INTERVAL_SECONDS = 0.5


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        existing = _HANDLERS.get(kind)
        if existing is not None and existing is not handler:
            qualname = getattr(existing, "__qualname__", repr(existing))
            raise ValueError(f"job kind {kind!r} is already handled by {qualname}")
        _HANDLERS[kind] = handler
        return handler

    return register


def handler_for(kind: str) -> Handler | None:
    return _HANDLERS.get(kind)


def kinds() -> frozenset[str]:
    return frozenset(_HANDLERS)


class JobContext:
    """What a handler may use: its parameters, its owner, progress and the result."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._last_write = 0.0

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.job.params)

    @property
    def actor(self) -> Any:
        return self.job.owner

    def progress(self, done: int, total: int | None = None, message: str = "") -> None:
        from payung.jobs.models import Job

        now = time.monotonic()
        final = total is not None and done >= total
        if not final and now - self._last_write < PROGRESS_INTERVAL_SECONDS:
            return
        self._last_write = now
        fields: dict[str, Any] = {"progress_done": max(0, done)}
        if total is not None:
            fields["progress_total"] = max(0, total)
        if message:
            fields["message"] = message[:200]
        Job.objects.filter(pk=self.job.pk).update(**fields)
        for name, value in fields.items():
            setattr(self.job, name, value)

    def save_result(self, filename: str, content_type: str, data: bytes) -> None:
        from payung.jobs.models import Job

        job = self.job
        job.result_name = filename[:200]
        job.result_type = content_type[:100]
        job.seal_result(data)
        Job.objects.filter(pk=job.pk).update(
            result_name=job.result_name,
            result_type=job.result_type,
            result_size=job.result_size,
            result_sealed=job.result_sealed,
        )

    def now(self) -> Any:
        return timezone.now()

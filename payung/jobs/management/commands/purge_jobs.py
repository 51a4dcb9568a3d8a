"""Delete background jobs and their sealed results after JOBS_KEEP_HOURS (default 24)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from payung.jobs.services import purge_expired


class Command(BaseCommand):
    help = "Delete background jobs older than JOBS_KEEP_HOURS, with their results."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = purge_expired()
        self.stdout.write(f"{deleted} row(s) deleted")

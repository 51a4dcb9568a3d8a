"""``manage.py refresh_insights [--full]``: bring the insights fact table up to date.

Run it on a schedule (every 15 minutes is plenty: docs/insights.md#keeping-the-numbers-current);
``load_demo`` runs it after loading the demo data.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from payung.core.actors import command_actor
from payung.insights.services import facts_refresh


class Command(BaseCommand):
    help = "Perbarui tabel ringkasan statistik (fakta korban–kasus)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--full", action="store_true", help="Bangun ulang semua baris.")

    def handle(self, *args: Any, full: bool = False, **options: Any) -> None:
        result = facts_refresh(actor=command_actor("refresh_insights"), full=full)
        if result.skipped:
            self.stdout.write("Another refresh is running: nothing done this time.")
            return
        self.stdout.write(
            f"{'Full' if result.full else 'Incremental'} refresh: "
            f"{result.cases} cases, {result.rows} rows."
        )

"""Apply the retention schedule: anonymise closed cases and "not a case" reports past their
time (not those under a legal hold), then write the destruction record the DPO signs off.

    manage.py apply_retention --preview   # counts only, changes nothing
    manage.py apply_retention             # nightly (docs/deployment.md)
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from payung.privacy import retention, services


class Command(BaseCommand):
    help = "Anonymise what the retention schedule says is due (see --preview)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--preview", action="store_true", help="show counts, change nothing")
        parser.add_argument("--region", default="", help="only this region code (prefix)")

    def handle(self, *args: Any, **options: Any) -> None:
        region = options["region"]
        preview = retention.preview(region_code=region)
        self.stdout.write(
            f"Due: {preview.cases} closed cases, {preview.reports} reports judged not a case;"
            f" {preview.held} cases held for a court process."
        )
        if options["preview"]:
            for number in preview.case_numbers:
                self.stdout.write(f"  {number}")
            return
        record = services.retention_run(actor=services.RETENTION_ACTOR, region_code=region)
        if record is None:
            self.stdout.write("Nothing to anonymise.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Anonymised {len(record.case_numbers)} cases and {len(record.report_ids)}"
                f" reports; destruction record #{record.pk} waits for the DPO's sign-off."
            )
        )
        if not record.statistics_unchanged:
            self.stderr.write("WARNING: the statistical counts changed; check before signing off.")

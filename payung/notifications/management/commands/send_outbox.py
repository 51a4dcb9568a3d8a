"""Send the outbox's due messages. Run it every minute (cron, a systemd timer), or with
``--loop`` as a small long-running worker."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from payung.notifications.services import outbox_send_due


class Command(BaseCommand):
    help = "Kirim pesan keluar yang sudah waktunya (dengan percobaan ulang dan jeda bertambah)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--limit", type=int, default=100, help="pesan paling banyak per putaran"
        )
        parser.add_argument(
            "--loop", action="store_true", help="terus berjalan, memeriksa tiap --interval detik"
        )
        parser.add_argument("--interval", type=float, default=30.0)
        parser.add_argument(
            "--max-rounds", type=int, default=0, help="berhenti setelah N putaran (0: tanpa batas)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rounds = 0
        while True:
            results = outbox_send_due(limit=options["limit"])
            sent = sum(1 for r in results if r.status == "sent")
            failed = sum(1 for r in results if r.status == "failed")
            retry = len(results) - sent - failed
            self.stdout.write(f"sent={sent} failed={failed} retry_later={retry}")
            rounds += 1
            if not options["loop"] or (options["max_rounds"] and rounds >= options["max_rounds"]):
                break
            time.sleep(options["interval"])

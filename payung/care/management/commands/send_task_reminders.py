"""Queue reminders for open tasks due within ``TASK_REMINDER_HOURS`` (24 h by default), in the
app and through the notification outbox (``send_outbox`` delivers them). Run it every few
minutes from cron or a systemd timer: a task is reminded once, however often this runs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from payung.care.services import task_reminders_enqueue


class Command(BaseCommand):
    help = "Antrekan pengingat untuk tugas yang jatuh tempo dalam 24 jam (sekali per tugas)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = task_reminders_enqueue()
        self.stdout.write(f"Task reminders queued: {count}")

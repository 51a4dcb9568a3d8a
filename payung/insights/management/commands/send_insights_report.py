"""``manage.py send_insights_report --to kadis,bappeda [--annual] [--year Y --month M]``:
make the PDF report for each recipient's region and e-mail them a link through the outbox.

Scheduled monthly (first working day, for the previous month) and yearly (January, for
the previous year): docs/insights.md#the-report. Recipients are user names of accounts that
hold ``stats.read``; the PDF is stored sealed and only its owner may download it (the link
requires signing in), so nothing but the link travels by e-mail.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from payung.accounts.models import User
from payung.insights.policies import may_view_stats
from payung.insights.services import report_start


class Command(BaseCommand):
    help = "Buat laporan PDF statistik dan kirim tautannya lewat e-mail (outbox)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--to", required=True, help="nama pengguna penerima, dipisah koma")
        parser.add_argument("--annual", action="store_true", help="laporan tahunan")
        parser.add_argument("--year", type=int)
        parser.add_argument("--month", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["annual"]:
            year, month = options["year"] or today.year - 1, None
        else:
            last = today.replace(day=1) - timedelta(days=1)
            year = options["year"] or last.year
            month = options["month"] or (last.month if not options["year"] else 12)
        names = [n.strip() for n in options["to"].split(",") if n.strip()]
        users = {u.username: u for u in User.objects.filter(username__in=names, is_active=True)}
        missing = [n for n in names if n not in users or not may_view_stats(users[n])]
        if missing:
            raise CommandError(f"Not a user who may read statistics: {', '.join(missing)}")
        for name in names:
            job = report_start(actor=users[name], year=year, month=month, notify=True)
            self.stdout.write(f"{name}: job {job.pk} ({job.label})")

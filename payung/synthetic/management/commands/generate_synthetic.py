"""Fill the database with synthetic (obviously fictional) casework data.

    manage.py generate_synthetic --scale city          # ~2,000 cases, Kota Pasuruan, 10 years
    manage.py generate_synthetic --scale national      # 1,000,000 cases in ~120 kab/kota
    manage.py generate_synthetic --scale national --cases 100000 --seed 7

Every person's name ends in "(sintetis)", synthetic regions and organisations too, staff
accounts are named ``sint_…`` and cannot sign in, reports carry the source reference
"SINTETIS". Refuses to run in production and on a database that already holds synthetic data.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from payung.synthetic.generator import SCALES, GeneratorError, Options, generate


class Command(BaseCommand):
    help = "Generate synthetic reports, cases, people and audit trail (city or national scale)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="city")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--cases", type=int, default=None, help="number of cases (default: by scale)"
        )
        parser.add_argument("--years", type=int, default=10, help="years of history (default 10)")
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="generator processes for a streaming load (default 2)",
        )
        stream = parser.add_mutually_exclusive_group()
        stream.add_argument(
            "--stream",
            dest="streaming",
            action="store_const",
            const=True,
            default=None,
            help="PostgreSQL: parallel COPY streams, indexes rebuilt after (default for large loads)",
        )
        stream.add_argument("--no-stream", dest="streaming", action="store_const", const=False)

    def handle(self, *args: Any, **options: Any) -> None:
        began = time.perf_counter()
        try:
            result = generate(
                Options(
                    scale=options["scale"],
                    cases=options["cases"],
                    years=options["years"],
                    seed=options["seed"],
                    streaming=options["streaming"],
                    workers=options["workers"],
                    progress=lambda message: self.stdout.write(message),
                )
            )
        except GeneratorError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - began
        for table, rows in sorted(result.rows.items()):
            self.stdout.write(f"{table:<32} {rows:>12,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.total_rows:,} rows in {seconds:.1f} s "
                f"({result.total_rows / max(seconds, 0.001):,.0f} rows/s); phases: "
                + ", ".join(f"{k} {v:.1f} s" for k, v in result.phases.items())
            )
        )

"""``manage.py verify_audit [--table events|access|all]``: walk the audit hash chains.

Exits non-zero when a chain has a problem, printing the first problem of each chain with
its ``seq``. Prints each chain's head (``CHAIN:SEQ:HASH``) so an operator can keep it outside
the database and pass it back later with ``--anchor`` to detect truncation or a rewrite.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from payung.audit.verify import DEFAULT_BATCH_SIZE, Anchor, verify_audit

TABLES = {"events": ("events",), "access": ("access",), "all": ("events", "access")}


class Command(BaseCommand):
    help = "Verify the hash chains of the audit events and the access log."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--table",
            choices=sorted(TABLES),
            default="all",
            help="which chain to walk (default: all)",
        )
        parser.add_argument(
            "--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="rows fetched per query"
        )
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="CHAIN:SEQ:HASH",
            help="a head recorded earlier (repeatable); the row must still exist with that hash",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        anchors: dict[str, Anchor] = {}
        for text in options["anchor"]:
            try:
                name, anchor = Anchor.parse(text)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            anchors[name] = anchor

        result = verify_audit(
            chains=TABLES[options["table"]], batch_size=options["batch_size"], anchors=anchors
        )

        for chain in result.chains:
            if chain.problem is not None:
                self.stderr.write(
                    f"FAIL {chain.name}: {chain.problem} ({chain.checked} rows verified before it)"
                )
            elif options["verbosity"] >= 1 and chain.head_seq is not None:
                self.stdout.write(f"{chain.name} head: {chain.anchor_text}")
        if not result.ok:
            raise CommandError("audit chain verification failed")
        self.stdout.write(self.style.SUCCESS(result.summary()))

"""``manage.py verify_audit [--table events|access|all]``: walk the audit hash chains.

Exits non-zero when a chain has a problem, printing the first problem of each chain with
its ``seq``.

By default the walk is also compared with the heads recorded in ``settings.AUDIT_ANCHOR_FILE``
by the last successful run, so a tail removed, a table emptied (TRUNCATE) or a chain rewritten
since then fails; after a successful walk the file is replaced with the new heads. With no file
yet (first run) the chains are verified as they are and the file is written. ``--anchor
CHAIN:SEQ:HASH`` adds a head recorded elsewhere (the DPO's register); it wins over the file for
its chain. ``--no-anchor-file`` neither reads nor writes the file (a restore drill on a copy).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from payung.audit import anchor as anchor_file
from payung.audit.services import audit_event
from payung.audit.verify import DEFAULT_BATCH_SIZE, Anchor, split_key, verify_audit
from payung.core.actors import SystemActor

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
        parser.add_argument(
            "--anchor-file",
            type=Path,
            default=None,
            help="the file of last verified heads (default: settings.AUDIT_ANCHOR_FILE)",
        )
        parser.add_argument(
            "--no-anchor-file",
            action="store_true",
            help="do not compare with the anchor file nor update it (e.g. on a restored copy)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        chains = TABLES[options["table"]]
        given: dict[str, Anchor] = {}
        for text in options["anchor"]:
            try:
                name, anchor = Anchor.parse(text)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            given[name] = anchor

        use_file = not options["no_anchor_file"]
        path = options["anchor_file"] or anchor_file.anchor_path()
        recorded = None
        if use_file:
            try:
                recorded = anchor_file.load(path)
            except anchor_file.AnchorFileError as exc:
                raise CommandError(
                    f"{exc}; restore it from a copy, or pass the last known heads with --anchor"
                ) from exc
        from_file = {
            name: anchor
            for name, anchor in (recorded.anchors if recorded else {}).items()
            if split_key(name)[0] in chains
        }
        anchors = {**from_file, **given}

        result = verify_audit(chains=chains, batch_size=options["batch_size"], anchors=anchors)

        verbose = options["verbosity"] >= 1
        if verbose and anchors:
            for name, anchor in sorted(anchors.items()):
                source = "given" if name in given else f"from {path}"
                self.stdout.write(f"{name} anchor: seq {anchor.seq} ({source})")
        for chain in result.chains:
            for problem in chain.problems:
                self.stderr.write(
                    f"FAIL {chain.name}: {problem} ({chain.checked} rows verified in all)"
                )
            if chain.ok and verbose and chain.heads:
                self.stdout.write(f"{chain.name} head: {chain.anchor_text}")
        if not result.ok:
            if use_file:
                self.stderr.write(f"The anchor file {path} was left as it was.")
            # Recorded like a run from the DPO's screen, so the breach register can link to it
            # (payung/privacy: a failed check is a possible breach, and its 3×24 h clock).
            with transaction.atomic():
                audit_event(
                    actor=SystemActor("verify_audit"), action="audit.verify", note=result.summary()
                )
            raise CommandError("audit chain verification failed")

        if use_file:
            # Chains not walked this time keep their recorded head.
            kept = {
                n: a
                for n, a in (recorded.anchors if recorded else {}).items()
                if split_key(n)[0] not in chains
            }
            anchor_file.save({**kept, **anchor_file.heads(result)}, path)
            if recorded is None:
                self.stdout.write(
                    self.style.WARNING(
                        f"No anchor file yet: verified the chains as they are and wrote {path}."
                        " Rows removed before this first run cannot be detected."
                    )
                )
            elif verbose:
                self.stdout.write(f"Anchor file updated: {path}")
        self.stdout.write(self.style.SUCCESS(result.summary()))

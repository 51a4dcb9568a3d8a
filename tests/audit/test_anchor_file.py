"""The nightly check remembers the last verified heads: a removed tail or an emptied table fails.

Before the anchor file, ``verify_audit`` without ``--anchor`` said OK for a chain whose last
rows were deleted, or whose table was emptied with TRUNCATE: what is left is consistent.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from payung.audit.anchor import load as load_anchor_file
from payung.audit.models import AuditEvent
from payung.audit.services import access_record
from payung.audit.verify import Anchor
from tests.audit.helpers import build_chain, superuser_tampering
from tests.factories import GENTONG, region

pytestmark = pytest.mark.django_db


def run_command(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("verify_audit", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing_command(*args: str) -> str:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="verification failed"):
        call_command("verify_audit", *args, stdout=out, stderr=err)
    return err.getvalue()


def recorded(path: Path) -> dict[str, dict[str, object]]:
    return json.loads(path.read_text(encoding="utf-8"))["chains"]


def empty_table(table: str) -> None:
    """What the application's role could do when it owns the tables: TRUNCATE on PostgreSQL
    (no row trigger fires), a plain DELETE on SQLite (no trigger at all)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses while deferred foreign-key checks of this transaction are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            # CASCADE: rows that point at the trail (a breach linked to a failed check) go too,
            # as they would for someone emptying the table.
            cursor.execute(f"TRUNCATE {table} CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute(f"DELETE FROM {table}")


@pytest.mark.usefixtures("one_access_chain")
def test_first_run_verifies_and_writes_the_anchor_file(personas, anchor_file: Path) -> None:
    build_chain(3, personas.case_manager)
    with transaction.atomic():
        access_record(actor=personas.supervisor, target=region(GENTONG), purpose="lihat")
    assert not anchor_file.exists()

    out, err = run_command()

    assert "OK: 3 events, 1 access rows verified" in out
    assert "No anchor file yet" in out and str(anchor_file) in out
    assert err == ""
    heads = recorded(anchor_file)
    assert heads["events"] == {"seq": 3, "hash": AuditEvent.objects.get(seq=3).hash}
    assert heads["access"]["seq"] == 1
    # The next run compares with it and says so.
    out, _ = run_command()
    assert f"events anchor: seq 3 (from {anchor_file})" in out
    assert "No anchor file yet" not in out


def test_a_removed_tail_fails_the_default_check(personas, anchor_file: Path) -> None:
    build_chain(5, personas.case_manager)
    run_command()  # the nightly check records seq 5

    with superuser_tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq >= 4")

    err = run_failing_command()
    assert "FAIL events: shard 0, seq 5: anchor_missing" in err
    assert "the chain ends at seq 3 but the anchor recorded seq 5" in err
    assert "tail was removed" in err
    assert recorded(anchor_file)["events"]["seq"] == 5  # not moved back to the short chain
    # Still failing the night after: the file was left as it was.
    assert "anchor_missing" in run_failing_command()


def test_an_emptied_table_fails_the_default_check(personas, anchor_file: Path) -> None:
    build_chain(4, personas.case_manager)
    run_command()

    empty_table("audit_auditevent")

    err = run_failing_command()
    assert "FAIL events: shard 0, seq 4: chain_emptied" in err
    assert "the whole chain was removed" in err
    assert recorded(anchor_file)["events"]["seq"] == 4


@pytest.mark.usefixtures("one_access_chain")
def test_an_emptied_access_log_fails_the_default_check(personas) -> None:
    build_chain(1, personas.case_manager)
    with transaction.atomic():
        for purpose in ("lihat", "cetak"):
            access_record(actor=personas.supervisor, target=region(GENTONG), purpose=purpose)
    run_command()

    empty_table("audit_accesslog")

    err = run_failing_command()
    assert "FAIL access: shard 0, seq 2: chain_emptied" in err
    assert "FAIL events" not in err


def test_a_truncated_chain_that_grew_again_is_a_rewrite(personas) -> None:
    build_chain(3, personas.case_manager)
    run_command()

    # Emptied, then new events appended by the application from seq 1 again: the row now at
    # seq 3 is not the one that was verified.
    empty_table("audit_auditevent")
    build_chain(4, personas.case_manager, prefix="after.truncate")

    err = run_failing_command()
    assert "FAIL events: shard 0, seq 3: anchor_mismatch" in err
    assert "the chain was rewritten" in err


def test_new_rows_after_a_good_check_move_the_anchor_forward(personas, anchor_file) -> None:
    build_chain(2, personas.case_manager)
    run_command()
    build_chain(3, personas.case_manager, prefix="later")

    out, _ = run_command()

    assert "OK: 5 events" in out
    assert recorded(anchor_file)["events"]["seq"] == 5


@pytest.mark.usefixtures("one_access_chain")
def test_checking_one_chain_keeps_the_other_chains_anchor(personas, anchor_file) -> None:
    build_chain(2, personas.case_manager)
    with transaction.atomic():
        access_record(actor=personas.supervisor, target=region(GENTONG), purpose="lihat")
    run_command()
    before = recorded(anchor_file)["access"]
    build_chain(1, personas.case_manager, prefix="later")

    run_command("--table", "events")

    heads = recorded(anchor_file)
    assert heads["events"]["seq"] == 3
    assert heads["access"] == before


def test_a_given_anchor_still_works_and_wins_over_the_file(personas) -> None:
    build_chain(3, personas.case_manager)
    run_command()
    wrong = "f" * 64

    err = run_failing_command("--anchor", f"events:3:{wrong}")

    assert "FAIL events: shard 0, seq 3: anchor_mismatch" in err


def test_no_anchor_file_neither_reads_nor_writes_it(personas, anchor_file: Path) -> None:
    build_chain(3, personas.case_manager)
    run_command()
    written = anchor_file.read_text(encoding="utf-8")
    with superuser_tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 3")

    out, _ = run_command("--no-anchor-file")  # e.g. a restore drill on an older copy

    assert "OK: 2 events" in out
    assert anchor_file.read_text(encoding="utf-8") == written


def test_another_anchor_file_can_be_named(personas, tmp_path: Path, anchor_file: Path) -> None:
    other = tmp_path / "elsewhere.json"
    build_chain(2, personas.case_manager)

    run_command("--anchor-file", str(other))

    assert recorded(other)["events"]["seq"] == 2
    assert not anchor_file.exists()


def test_an_unreadable_anchor_file_stops_the_check_and_is_kept(personas, anchor_file) -> None:
    build_chain(2, personas.case_manager)
    anchor_file.parent.mkdir(parents=True)
    anchor_file.write_text("{not json", encoding="utf-8")

    with pytest.raises(CommandError, match="is not valid"):
        call_command("verify_audit", stdout=StringIO(), stderr=StringIO())

    assert anchor_file.read_text(encoding="utf-8") == "{not json"


def test_the_file_is_replaced_whole_and_left_readable(personas, anchor_file: Path) -> None:
    build_chain(2, personas.case_manager)
    run_command()
    build_chain(1, personas.case_manager, prefix="later")
    run_command()

    assert [p.name for p in anchor_file.parent.iterdir()] == [anchor_file.name]  # no temp left
    assert anchor_file.stat().st_mode & 0o777 == 0o644
    loaded = load_anchor_file(anchor_file)
    assert loaded is not None
    assert loaded.anchors["events"] == Anchor(3, AuditEvent.objects.get(seq=3).hash)
    assert loaded.written_at is not None


def test_the_dpo_screen_says_when_there_is_no_anchor_yet(client: Client, personas) -> None:
    build_chain(2, personas.case_manager)
    client.force_login(personas.dpo)

    html = client.post(reverse("audit:verify")).content.decode()

    assert "Semua rantai utuh" in html
    assert "Belum ada jangkar" in html


def test_the_dpo_screen_compares_with_the_nightly_anchor(client: Client, personas) -> None:
    build_chain(4, personas.case_manager)
    run_command()  # the nightly check records seq 4
    with superuser_tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 4")
    client.force_login(personas.dpo)

    response = client.post(reverse("audit:verify"))

    assert not response.context["result"].ok
    html = response.content.decode()
    assert "Rantai audit rusak" in html
    assert "pada seq 4" in html
    assert "Baris jangkar tidak ada" in html
    assert "Dibandingkan dengan kepala rantai" in html

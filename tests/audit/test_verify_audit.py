"""manage.py verify_audit finds each kind of tampering, at the right seq, on its own chain."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from payung.audit.models import GENESIS, AccessLog, AuditEvent
from payung.audit.services import access_record, access_records
from payung.audit.verify import Anchor, ProblemKind, _check, verify_audit, verify_chain
from tests.audit.helpers import build_chain, forged_event, raw_insert_event, superuser_tampering
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


def test_an_intact_chain_verifies(personas) -> None:
    build_chain(5, personas.case_manager)
    with transaction.atomic():
        access_record(actor=personas.supervisor, target=region(GENTONG), purpose="lihat")

    out, err = run_command()

    assert "OK: 5 events, 1 access rows verified" in out
    assert err == ""
    head = AuditEvent.objects.get(seq=5)
    assert f"events head: events:5:{head.hash}" in out


@pytest.mark.usefixtures("one_access_chain")
def test_several_access_rows_appended_at_once_chain_like_single_ones(personas) -> None:
    regions = [region(GENTONG), region(GENTONG[:8])]
    access_record(actor=personas.supervisor, target=regions[0], purpose="lihat")

    rows = access_records(
        actor=personas.supervisor,
        targets=[(r, r.code) for r in regions],
        purpose="cari",
    )

    assert [row.seq for row in rows] == [2, 3]
    assert rows[1].prev_hash == rows[0].hash
    assert [r.target_label for r in AccessLog.objects.order_by("seq")] == [
        "",
        *(r.code for r in regions),
    ]
    out, _ = run_command()
    assert "OK: 0 events, 3 access rows verified" in out
    assert access_records(actor=personas.supervisor, targets=[], purpose="cari") == []


def test_an_empty_trail_verifies() -> None:
    out, _ = run_command()
    assert "OK: 0 events, 0 access rows verified" in out


def test_a_row_edited_with_queryset_update_is_a_hash_mismatch(personas) -> None:
    build_chain(5, personas.case_manager)

    with superuser_tampering():
        AuditEvent.objects.filter(seq=3).update(note="diubah diam-diam")

    result = verify_chain("events")
    assert result.problem is not None
    assert (result.problem.kind, result.problem.seq) == (ProblemKind.HASH_MISMATCH, 3)
    assert result.checked == 2
    err = run_failing_command()
    assert "FAIL events: shard 0, seq 3: hash_mismatch" in err


def test_a_row_edited_with_raw_sql_is_a_hash_mismatch(personas) -> None:
    build_chain(4, personas.case_manager)

    with superuser_tampering() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET actor_label = %s WHERE seq = %s", ["orang_lain", 2]
        )

    err = run_failing_command("--table", "events")
    assert "FAIL events: shard 0, seq 2: hash_mismatch" in err


def test_an_edited_row_whose_hash_was_recomputed_breaks_the_next_link(personas) -> None:
    build_chain(5, personas.case_manager)
    row = AuditEvent.objects.get(seq=3)
    row.target_label = "Laporan lain"
    forged_hash = row.compute_hash()

    with superuser_tampering() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET target_label = %s, hash = %s WHERE seq = 3",
            ["Laporan lain", forged_hash],
        )

    result = verify_chain("events")
    assert result.problem is not None
    assert (result.problem.kind, result.problem.seq) == (ProblemKind.BROKEN_LINK, 4)


def test_a_row_inserted_at_the_end_with_a_wrong_hash_is_caught(personas) -> None:
    build_chain(3, personas.case_manager)
    last = AuditEvent.objects.get(seq=3)
    forged = forged_event(seq=4, prev_hash=last.hash, action="user.create")
    forged.hash = forged_event(
        seq=4, prev_hash=last.hash, action="something.else"
    ).hash  # plausible, wrong

    with superuser_tampering() as cursor:
        raw_insert_event(cursor, forged)

    result = verify_chain("events")
    assert result.problem is not None
    assert (result.problem.kind, result.problem.seq) == (ProblemKind.HASH_MISMATCH, 4)
    assert "FAIL events: shard 0, seq 4: hash_mismatch" in run_failing_command()


def test_a_row_inserted_at_the_end_with_a_wrong_prev_hash_is_caught(personas) -> None:
    build_chain(3, personas.case_manager)
    before_last = AuditEvent.objects.get(seq=2)
    forged = forged_event(
        seq=4, prev_hash=before_last.hash
    )  # self-consistent, linked to the wrong row

    with superuser_tampering() as cursor:
        raw_insert_event(cursor, forged)

    result = verify_chain("events")
    assert result.problem is not None
    assert (result.problem.kind, result.problem.seq) == (ProblemKind.BROKEN_LINK, 4)


def _shift_tail(cursor, from_seq: int) -> None:
    # Two steps: seq is UNIQUE and checked row by row.
    cursor.execute("UPDATE audit_auditevent SET seq = -seq WHERE seq >= %s", [from_seq])
    cursor.execute("UPDATE audit_auditevent SET seq = -seq + 1 WHERE seq < 0")


def test_a_row_inserted_in_the_middle_breaks_the_chain_after_it(personas) -> None:
    build_chain(5, personas.case_manager)
    second = AuditEvent.objects.get(seq=2)
    forged = forged_event(seq=3, prev_hash=second.hash, note="tidak pernah terjadi")

    with superuser_tampering() as cursor:
        _shift_tail(cursor, 3)
        raw_insert_event(cursor, forged)

    result = verify_chain("events")
    assert result.problem is not None
    # The forged row itself is consistent; the row after it still links to row 2.
    assert (result.problem.kind, result.problem.seq) == (ProblemKind.BROKEN_LINK, 4)
    assert result.checked == 3


def test_a_re_chained_tail_is_caught_by_the_recorded_anchor(personas) -> None:
    build_chain(5, personas.case_manager)
    anchor_row = AuditEvent.objects.get(seq=5)
    anchor = Anchor(seq=anchor_row.seq, hash=anchor_row.hash)
    second = AuditEvent.objects.get(seq=2)

    # The attacker inserts a row after seq 2 and recomputes every hash after it.
    with superuser_tampering() as cursor:
        _shift_tail(cursor, 3)
        raw_insert_event(cursor, forged_event(seq=3, prev_hash=second.hash))
        prev_hash = AuditEvent.objects.get(seq=3).hash
        for row in AuditEvent.objects.filter(seq__gte=4).order_by("seq"):
            row.prev_hash = prev_hash
            prev_hash = row.compute_hash()
            cursor.execute(
                "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                [row.prev_hash, prev_hash, row.pk],
            )

    # A fully recomputed chain is consistent in itself ...
    assert verify_chain("events").ok
    # ... but not with the head written down before the attack.
    result = verify_chain("events", anchor=anchor)
    assert result.problem is not None
    assert (result.problem.kind, result.problem.seq) == (ProblemKind.ANCHOR_MISMATCH, 5)
    err = run_failing_command("--anchor", f"events:5:{anchor.hash}")
    assert "FAIL events: shard 0, seq 5: anchor_mismatch" in err


def test_a_deleted_row_is_a_gap(personas) -> None:
    build_chain(5, personas.case_manager)

    with superuser_tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 3")

    result = verify_chain("events")
    assert result.problem is not None
    assert (result.problem.kind, result.problem.seq) == (ProblemKind.GAP, 3)
    assert "expected seq 3, the next row is seq 4" in result.problem.detail
    assert "FAIL events: shard 0, seq 3: gap" in run_failing_command()


def test_a_deleted_first_row_is_a_gap_at_seq_1(personas) -> None:
    build_chain(3, personas.case_manager)

    with superuser_tampering():
        AuditEvent.objects.filter(seq=1).delete()

    result = verify_chain("events")
    assert result.problem is not None
    assert (result.problem.kind, result.problem.seq) == (ProblemKind.GAP, 1)


def test_deleted_last_rows_are_caught_by_the_anchor_only(personas) -> None:
    build_chain(5, personas.case_manager)
    head = AuditEvent.objects.get(seq=5)

    with superuser_tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq >= 4")

    assert verify_chain("events").ok
    result = verify_chain("events", anchor=Anchor(seq=5, hash=head.hash))
    assert result.problem is not None
    assert (result.problem.kind, result.problem.seq) == (ProblemKind.ANCHOR_MISSING, 5)


def test_a_duplicate_seq_is_reported() -> None:
    # The UNIQUE constraint stops duplicates unless it is dropped first; check the rule itself.
    first = forged_event(seq=1, prev_hash=GENESIS)
    first.pk = 10
    twin = forged_event(seq=1, prev_hash=GENESIS)
    twin.pk = 11
    problem = _check(twin, first)
    assert problem is not None
    assert (problem.kind, problem.seq) == (ProblemKind.DUPLICATE_SEQ, 1)


def test_problems_are_found_across_batch_boundaries(personas) -> None:
    build_chain(7, personas.case_manager)
    assert verify_chain("events", batch_size=1).checked == 7

    with superuser_tampering():
        AuditEvent.objects.filter(seq=6).update(action="user.delete")

    result = verify_chain("events", batch_size=2)
    assert result.problem is not None
    assert (result.problem.kind, result.problem.seq) == (ProblemKind.HASH_MISMATCH, 6)
    assert "seq 6: hash_mismatch" in run_failing_command("--batch-size", "3")


@pytest.mark.usefixtures("one_access_chain")
def test_the_access_log_is_its_own_chain(personas) -> None:
    build_chain(2, personas.case_manager)
    with transaction.atomic():
        for purpose in ("lihat", "cetak", "lihat"):
            access_record(actor=personas.supervisor, target=region(GENTONG), purpose=purpose)

    with superuser_tampering():
        AccessLog.objects.filter(seq=2).update(break_glass=True)

    result = verify_audit()
    events, access = result.chain("events"), result.chain("access")
    assert events is not None and events.ok and events.checked == 2
    assert access is not None and access.problem is not None
    assert (access.problem.kind, access.problem.seq) == (ProblemKind.HASH_MISMATCH, 2)
    out, _ = run_command("--table", "events")
    assert "OK: 2 events verified" in out
    assert "FAIL access: shard 0, seq 2: hash_mismatch" in run_failing_command("--table", "access")


def test_a_malformed_anchor_is_refused() -> None:
    with pytest.raises(CommandError, match="events:SEQ:HASH"):
        call_command("verify_audit", "--anchor", "events:5", stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="unknown chain"):
        call_command(
            "verify_audit", "--anchor", f"cases:5:{'a' * 64}", stdout=StringIO(), stderr=StringIO()
        )

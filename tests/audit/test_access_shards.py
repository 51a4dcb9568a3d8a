"""The access log is one hash chain per shard (no global lock on reads, issue #16).

Every shard must stay tamper-evident on its own: a row inserted, edited, deleted or moved in any
shard fails ``verify_audit`` and names the shard; the tail or the whole of one shard removed
fails against the anchor file; rows written before sharding (shard 0) keep verifying and
their chain continues.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from payung.accounts.models import User
from payung.audit.models import GENESIS, AccessLog, shard_for
from payung.audit.services import access_record, access_records
from payung.audit.verify import Anchor, ProblemKind, verify_audit, verify_chain
from tests.audit.helpers import superuser_tampering, users_in_shards

pytestmark = pytest.mark.django_db

SHARDS = 8


@pytest.fixture
def eight_shards(settings) -> None:
    settings.AUDIT_ACCESS_SHARDS = SHARDS


def targets_in(shards: int, each: int = 1) -> dict[int, list[User]]:
    return users_in_shards(shards, each, count=SHARDS, first_pk=1000)


def view(actor: User, target: User) -> AccessLog:
    return access_record(actor=actor, target=target, purpose="lihat", target_label=target.username)


def run_failing_command(*args: str) -> str:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="verification failed"):
        call_command("verify_audit", *args, stdout=out, stderr=err)
    return err.getvalue()


def tamper(sql: str, params: list[object]) -> None:
    with superuser_tampering() as cursor:
        cursor.execute(sql, params)


@pytest.mark.usefixtures("eight_shards")
def test_each_shard_is_its_own_chain_and_one_record_stays_in_one(personas) -> None:
    shards = targets_in(3, each=2)
    rows = [view(personas.supervisor, t) for users in shards.values() for t in users]
    rows += [view(personas.case_manager, t) for users in shards.values() for t in users]

    for shard, users in shards.items():
        chain = list(AccessLog.objects.filter(shard=shard).order_by("seq"))
        assert [r.seq for r in chain] == [1, 2, 3, 4]
        assert chain[0].prev_hash == GENESIS
        assert all(b.prev_hash == a.hash for a, b in zip(chain, chain[1:], strict=False))
        assert {r.target_id for r in chain} == {str(u.pk) for u in users}
    # Every view of one record is in the record's shard.
    for row in rows:
        assert row.shard == shard_for(row.target_type, row.target_id, SHARDS)

    result = verify_audit(chains=("access",))
    assert result.ok, result.summary()
    assert result.chains[0].checked == 12
    assert result.chains[0].shards == 3


@pytest.mark.usefixtures("eight_shards")
def test_several_records_at_once_are_appended_to_their_shards(personas) -> None:
    shards = targets_in(3, each=2)
    first = next(iter(shards.values()))[0]
    view(personas.supervisor, first)
    targets = [t for users in shards.values() for t in users]

    rows = access_records(
        actor=personas.supervisor, targets=[(t, t.username) for t in targets], purpose="cari"
    )

    assert [r.target_id for r in rows] == [str(t.pk) for t in targets]  # in the order given
    own_shard = [r for r in rows if r.shard == shard_for("accounts.user", str(first.pk), SHARDS)]
    assert [r.seq for r in own_shard] == [2, 3]  # after the single view of that shard
    assert verify_audit(chains=("access",)).ok


@pytest.mark.usefixtures("eight_shards")
def test_the_anchor_file_records_every_shard_head(personas, anchor_file: Path) -> None:
    shards = targets_in(3)
    for users in shards.values():
        view(personas.supervisor, users[0])
    call_command("verify_audit", stdout=StringIO())

    chains = json.loads(anchor_file.read_text())["chains"]
    expected = {("access" if s == 0 else f"access.{s}") for s in shards}
    assert {k for k in chains if k.startswith("access")} == expected
    for shard in shards:
        head = AccessLog.objects.get(shard=shard, seq=1)
        assert chains["access" if shard == 0 else f"access.{shard}"]["hash"] == head.hash


def _three_shards_of_three(personas) -> tuple[int, dict[int, list[User]]]:
    shards = targets_in(3, each=3)
    for users in shards.values():
        for target in users:
            view(personas.supervisor, target)
    victim = sorted(shards)[1]  # tamper with a shard in the middle, not the first walked
    return victim, shards


@pytest.mark.usefixtures("eight_shards")
def test_an_edit_in_any_shard_is_found_in_that_shard(personas) -> None:
    victim, _ = _three_shards_of_three(personas)

    tamper("UPDATE audit_accesslog SET purpose = %s WHERE shard = %s AND seq = 2", ["x", victim])

    result = verify_chain("access")
    assert [(p.kind, p.shard, p.seq) for p in result.problems] == [
        (ProblemKind.HASH_MISMATCH, victim, 2)
    ]
    assert f"FAIL access: shard {victim}, seq 2: hash_mismatch" in run_failing_command()


@pytest.mark.usefixtures("eight_shards")
def test_a_deletion_in_any_shard_is_a_gap_in_that_shard(personas) -> None:
    victim, _ = _three_shards_of_three(personas)

    tamper("DELETE FROM audit_accesslog WHERE shard = %s AND seq = 2", [victim])

    result = verify_chain("access")
    assert [(p.kind, p.shard, p.seq) for p in result.problems] == [(ProblemKind.GAP, victim, 2)]


@pytest.mark.usefixtures("eight_shards")
def test_an_insertion_in_any_shard_breaks_that_shard(personas) -> None:
    victim, _ = _three_shards_of_three(personas)
    template = AccessLog.objects.get(shard=victim, seq=2)
    # A forged row slotted in after seq 1, with a correct hash of its own; the rows after it
    # are renumbered to make room (the (shard, seq) constraint would refuse a second seq 2).
    forged = AccessLog(
        seq=2,
        shard=victim,
        prev_hash=AccessLog.objects.get(shard=victim, seq=1).hash,
        at=template.at,
        actor_label="penyusup",
        target_type=template.target_type,
        target_id=template.target_id,
        purpose="lihat",
    )
    forged.hash = forged.compute_hash()

    with superuser_tampering() as cursor:
        for shift in (100, -99):
            cursor.execute(
                "UPDATE audit_accesslog SET seq = seq + %s WHERE shard = %s AND seq >= 2",
                [shift, victim],
            )
        cursor.execute(
            "INSERT INTO audit_accesslog (seq, shard, at, actor_id, actor_label, target_type,"
            " target_id, ip, prev_hash, hash, purpose, target_label, path, break_glass, reason)"
            " VALUES (%s, %s, %s, NULL, %s, %s, %s, NULL, %s, %s, %s, '', '', %s, '')",
            [
                forged.seq,
                forged.shard,
                connection.ops.adapt_datetimefield_value(forged.at),
                forged.actor_label,
                forged.target_type,
                forged.target_id,
                forged.prev_hash,
                forged.hash,
                forged.purpose,
                False,
            ],
        )

    result = verify_chain("access")
    assert [(p.kind, p.shard, p.seq) for p in result.problems] == [
        (ProblemKind.BROKEN_LINK, victim, 3)
    ]
    assert result.checked == 3 + 2 + 3  # the victim shard: seq 1 and the forged row
    assert f"FAIL access: shard {victim}, seq 3: broken_link" in run_failing_command()


@pytest.mark.usefixtures("eight_shards")
def test_a_row_moved_to_another_shard_breaks_both(personas) -> None:
    victim, shards = _three_shards_of_three(personas)
    other = sorted(shards)[2]

    # Appended to the other shard's end, where its seq is free.
    tamper(
        "UPDATE audit_accesslog SET shard = %s, seq = 4 WHERE shard = %s AND seq = 2",
        [other, victim],
    )

    found = {(p.shard, p.kind, p.seq) for p in verify_chain("access").problems}
    assert found == {(victim, ProblemKind.GAP, 2), (other, ProblemKind.BROKEN_LINK, 4)}


@pytest.mark.usefixtures("eight_shards")
def test_a_shard_cut_short_or_emptied_fails_against_the_anchor_file(personas) -> None:
    victim, shards = _three_shards_of_three(personas)
    emptied = sorted(shards)[2]
    call_command("verify_audit", stdout=StringIO())  # records every shard's head

    tamper("DELETE FROM audit_accesslog WHERE shard = %s AND seq = 3", [victim])
    tamper("DELETE FROM audit_accesslog WHERE shard = %s", [emptied])

    err = run_failing_command("--table", "access")
    assert f"shard {victim}, seq 3: anchor_missing" in err
    assert f"shard {emptied}, seq 3: chain_emptied" in err


def test_rows_from_before_sharding_continue_as_shard_zero(personas, settings) -> None:
    """The migration leaves existing rows in shard 0 (one chain); after it, new rows of
    shard 0 continue that chain and the other shards start their own."""
    settings.AUDIT_ACCESS_SHARDS = 1
    shards = targets_in(3)
    for users in shards.values():
        view(personas.supervisor, users[0])
    before = list(AccessLog.objects.order_by("seq"))
    assert [(r.shard, r.seq) for r in before] == [(0, 1), (0, 2), (0, 3)]

    settings.AUDIT_ACCESS_SHARDS = SHARDS
    after = [view(personas.case_manager, t[0]) for t in targets_in(3).values()]
    for row in after:
        if row.shard == 0:
            assert row.seq == 4 and row.prev_hash == before[-1].hash
        else:
            assert row.seq == 1 and row.prev_hash == GENESIS
    result = verify_audit(chains=("access",))
    assert result.ok, result.summary()
    assert result.chains[0].checked == 6


def test_anchors_name_the_shard() -> None:
    assert Anchor.parse(f"access.7:12:{'a' * 64}") == ("access.7", Anchor(12, "a" * 64))
    assert Anchor.parse(f"access:12:{'a' * 64}") == ("access", Anchor(12, "a" * 64))
    assert Anchor.parse(f"events.7:12:{'a' * 64}") == ("events.7", Anchor(12, "a" * 64))
    with pytest.raises(ValueError, match="a shard is a number"):
        Anchor.parse(f"access.x:12:{'a' * 64}")


@pytest.mark.usefixtures("eight_shards")
def test_reads_of_records_in_different_shards_do_not_wait_for_each_other(personas) -> None:
    """On PostgreSQL each shard has its own advisory lock: while one transaction holds the
    lock of one shard (it appended a row and has not committed), another connection appends
    to a different shard at once, and would wait for the same shard."""
    if connection.vendor != "postgresql":
        pytest.skip("advisory locks exist on PostgreSQL only")
    import psycopg
    from django.conf import settings as django_settings

    shards = targets_in(2)
    (a, users_a), (b, _users_b) = list(shards.items())[:2]
    from payung.audit.services import _LOCK_KEYS

    key = _LOCK_KEYS["audit_accesslog"]
    with transaction.atomic():
        view(personas.supervisor, users_a[0])  # holds shard a's lock until the block ends
        db = django_settings.DATABASES["default"]
        other = psycopg.connect(
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
            user=db["USER"],
            dbname=connection.settings_dict["NAME"],
            autocommit=True,
        )
        try:
            free_b = other.execute("SELECT pg_try_advisory_lock(%s, %s)", [key, b]).fetchone()
            assert free_b == (True,)
            other.execute("SELECT pg_advisory_unlock(%s, %s)", [key, b])
            free_a = other.execute("SELECT pg_try_advisory_lock(%s, %s)", [key, a]).fetchone()
            assert free_a == (False,)
        finally:
            other.close()

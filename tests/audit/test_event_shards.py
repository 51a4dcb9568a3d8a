"""The audit events are one hash chain per shard, like the access log (issue #16: every
change, a resident's report included, appended to one chain under one lock for the whole
country).

An event goes to its object's shard; on PostgreSQL the later events of the same transaction go
to that transaction's first shard (so the tests that count on separate transactions commit for
real: inside a test's own transaction every event would share its first shard), so a transaction holds at most one event lock and two
transactions can never wait for each other's event shards in a cycle. Every shard stays
tamper-evident on its own, and the rows from before sharding (shard 0) continue their chain.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from payung.accounts.models import User
from payung.audit.models import GENESIS, AuditEvent, shard_for
from payung.audit.services import _LOCK_KEYS, audit_event
from payung.audit.verify import ProblemKind, verify_audit, verify_chain
from tests.audit.helpers import superuser_tampering, users_in_shards
from tests.cases.helpers import reseed_reference_data

SHARDS = 8


@pytest.fixture(autouse=True, scope="module")
def _restore_reference_data_after_module(django_db_blocker: Any) -> Iterator[None]:
    # The PostgreSQL deadlock test is transactional: its flush empties the seeded tables.
    yield
    with django_db_blocker.unblock():
        reseed_reference_data()


@pytest.fixture
def eight_shards(settings) -> None:
    settings.AUDIT_EVENT_SHARDS = SHARDS


def objects_in(shards: int, each: int = 1) -> dict[int, list[User]]:
    return users_in_shards(shards, each, count=SHARDS, first_pk=5000)


def change(target: User, action: str = "test.change") -> AuditEvent:
    with transaction.atomic():
        return audit_event(actor=None, action=action, target=target, target_label=target.username)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eight_shards")
def test_each_object_s_events_are_one_chain_in_its_shard() -> None:
    shards = objects_in(3, each=2)
    for _round in range(2):
        for users in shards.values():
            for target in users:
                change(target)

    for shard, users in shards.items():
        chain = list(AuditEvent.objects.filter(shard=shard).order_by("seq"))
        assert [e.seq for e in chain] == [1, 2, 3, 4]
        assert chain[0].prev_hash == GENESIS
        assert all(b.prev_hash == a.hash for a, b in zip(chain, chain[1:], strict=False))
        assert {e.target_id for e in chain} == {str(u.pk) for u in users}
    result = verify_audit(chains=("events",))
    assert result.ok, result.summary()
    assert result.chains[0].checked == 12 and result.chains[0].shards == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eight_shards")
def test_a_transaction_writes_all_its_events_to_its_first_shard() -> None:
    """On PostgreSQL, where each shard is a lock: a transaction's later events go where its
    first went (it holds that lock and takes no other). SQLite takes no locks: there every
    event goes to its own object's shard."""
    (first, [a]), (second, [b]), (third, [c]) = list(objects_in(3).items())
    with transaction.atomic():
        events = [audit_event(actor=None, action="test.step", target=t) for t in (a, b, c)]
        events.append(audit_event(actor=None, action="test.note"))  # no object at all

    if connection.vendor == "postgresql":
        assert {e.shard for e in events} == {first}
        assert [e.seq for e in events] == [1, 2, 3, 4]
    else:
        assert [e.shard for e in events[:3]] == [first, second, third]
    # The next transaction starts from its own first object again.
    assert change(b).shard == shard_for("accounts.user", str(b.pk), SHARDS)
    assert verify_audit(chains=("events",)).ok


@pytest.mark.django_db
@pytest.mark.usefixtures("eight_shards")
def test_a_rolled_back_savepoint_does_not_leave_its_shard_behind() -> None:
    (first, [a]), (second, [b]) = list(objects_in(2).items())
    with transaction.atomic():
        try:
            with transaction.atomic():
                audit_event(actor=None, action="test.undone", target=a)
                raise RuntimeError("the inner change fails")
        except RuntimeError:
            pass
        kept = audit_event(actor=None, action="test.kept", target=b)

    # The savepoint's rollback released the lock it took (PostgreSQL), so the event that
    # stayed goes to its own object's shard, as the first of the transaction.
    assert not AuditEvent.objects.filter(action="test.undone").exists()
    assert kept.shard == second and kept.seq == 1
    assert verify_audit(chains=("events",)).ok


def _three_shards_of_three() -> int:
    shards = objects_in(3, each=3)
    for users in shards.values():
        for target in users:
            change(target)
    return sorted(shards)[1]  # a shard in the middle, not the first walked


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eight_shards")
def test_an_edit_or_a_deletion_in_any_shard_is_found_in_that_shard() -> None:
    victim = _three_shards_of_three()
    with superuser_tampering() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET note = %s WHERE shard = %s AND seq = 2", ["x", victim]
        )
    assert [(p.kind, p.shard, p.seq) for p in verify_chain("events").problems] == [
        (ProblemKind.HASH_MISMATCH, victim, 2)
    ]
    with superuser_tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE shard = %s AND seq = 2", [victim])
    assert [(p.kind, p.shard, p.seq) for p in verify_chain("events").problems] == [
        (ProblemKind.GAP, victim, 2)
    ]
    err = StringIO()
    with pytest.raises(CommandError, match="verification failed"):
        call_command("verify_audit", "--table", "events", stdout=StringIO(), stderr=err)
    assert f"FAIL events: shard {victim}, seq 2: gap" in err.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eight_shards")
def test_a_shard_cut_short_fails_against_the_anchor_file() -> None:
    victim = _three_shards_of_three()
    call_command("verify_audit", stdout=StringIO())  # records every shard's head
    with superuser_tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE shard = %s AND seq = 3", [victim])
    err = StringIO()
    with pytest.raises(CommandError, match="verification failed"):
        call_command("verify_audit", "--table", "events", stdout=StringIO(), stderr=err)
    assert f"shard {victim}, seq 3: anchor_missing" in err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_events_from_before_sharding_continue_as_shard_zero(settings) -> None:
    settings.AUDIT_EVENT_SHARDS = 1
    before = [change(users[0]) for users in objects_in(3).values()]
    assert [(e.shard, e.seq) for e in before] == [(0, 1), (0, 2), (0, 3)]

    settings.AUDIT_EVENT_SHARDS = SHARDS
    after = [change(users[0]) for users in objects_in(3).values()]
    for event in after:
        if event.shard == 0:
            assert event.seq == 4 and event.prev_hash == before[-1].hash
        else:
            assert event.seq == 1 and event.prev_hash == GENESIS
    result = verify_audit(chains=("events",))
    assert result.ok, result.summary()
    assert result.chains[0].checked == 6


def _connect():
    import psycopg
    from django.conf import settings as django_settings

    db = django_settings.DATABASES["default"]
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname=connection.settings_dict["NAME"],
        autocommit=True,
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("eight_shards")
def test_changes_to_objects_in_different_shards_do_not_wait_for_each_other() -> None:
    """While one transaction holds its event shard (it wrote an event and has not
    committed), that shard's lock is taken and every other shard's is free."""
    if connection.vendor != "postgresql":
        pytest.skip("advisory locks exist on PostgreSQL only")
    (a, [user_a]), (b, _users) = list(objects_in(2).items())
    key = _LOCK_KEYS["audit_auditevent"]
    with transaction.atomic():
        change(user_a)
        other = _connect()
        try:
            assert other.execute("SELECT pg_try_advisory_lock(%s, %s)", [key, b]).fetchone() == (
                True,
            )
            other.execute("SELECT pg_advisory_unlock(%s, %s)", [key, b])
            assert other.execute("SELECT pg_try_advisory_lock(%s, %s)", [key, a]).fetchone() == (
                False,
            )
        finally:
            other.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eight_shards")
def test_two_transactions_touching_the_same_objects_in_opposite_order_both_commit() -> None:
    """The deadlock the transaction's single shard rules out: T1 changes x then y, T2 changes
    y then x, at the same time. Were each event locked in its object's shard, T1 would hold
    x's shard waiting for y's and T2 the reverse, and PostgreSQL would abort one."""
    if connection.vendor != "postgresql":
        pytest.skip("advisory locks exist on PostgreSQL only")
    (_a, [x]), (_b, [y]) = list(objects_in(2).items())
    both_in = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []

    def work(first: User, second: User, action: str) -> None:
        try:
            with transaction.atomic():
                audit_event(actor=None, action=action, target=first)
                both_in.wait()  # both hold their first event's shard now
                audit_event(actor=None, action=action, target=second)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=work, args=(x, y, "test.t1")),
        threading.Thread(target=work, args=(y, x, "test.t2")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    assert AuditEvent.objects.filter(action__in=["test.t1", "test.t2"]).count() == 4
    for action in ("test.t1", "test.t2"):
        assert (
            len(set(AuditEvent.objects.filter(action=action).values_list("shard", flat=True))) == 1
        )
    assert verify_audit(chains=("events",)).ok

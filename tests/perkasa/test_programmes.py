"""Programmes, enrolment and grants in tranches on a budget ledger (issue #12)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from payung.accounts.roles import Role
from payung.audit.models import AuditEvent
from payung.perkasa import choices, programmes, services
from payung.perkasa.models import Disbursement, Enrolment, Registrant
from tests.factories import CITY, UserFactory, region
from tests.perkasa.helpers import register, verification

pytestmark = pytest.mark.django_db

needs_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="true concurrency needs PostgreSQL",
)


def _head(username: str = "kepala_perkasa") -> Any:
    return UserFactory(username=username, role=Role.PERKASA_OFFICER, region=region(CITY))


def _eligible(personas: Any, **overrides: Any) -> Registrant:
    registrant = register(personas.perkasa, **overrides)
    services.registrant_verify(actor=personas.perkasa, registrant=registrant, data=verification())
    services.registrant_decide(actor=personas.perkasa, registrant=registrant, eligible=True)
    registrant.refresh_from_db()
    return registrant


def _grant_cycle(personas: Any, *, budget: int = 5_000_000, **eligibility: Any) -> Any:
    programme = programmes.programme_create(
        actor=personas.perkasa,
        name="Hibah Modal Usaha Perempuan",
        agency="Diskop UMKM",
        kind=choices.ProgrammeKind.GRANT,
        eligibility=eligibility,
    )
    return programmes.cycle_open(
        actor=personas.perkasa, programme=programme, label="2026", quota=10, budget=budget
    )


def test_enrolment_makes_her_a_participant_and_refuses_a_second_in_the_same_cycle(
    personas: Any,
) -> None:
    registrant = _eligible(personas)
    cycle = _grant_cycle(personas)
    programmes.enrol(actor=personas.perkasa, cycle=cycle, registrant=registrant)
    registrant.refresh_from_db()
    assert registrant.status == choices.Status.PARTICIPANT
    with pytest.raises(ValidationError, match="sudah terdaftar"):
        programmes.enrol(actor=personas.perkasa, cycle=cycle, registrant=registrant)
    assert Enrolment.objects.filter(cycle=cycle).count() == 1
    assert AuditEvent.objects.filter(action="perkasa.enrol").count() == 1


def test_eligibility_rules_are_explained_and_an_unmet_rule_refuses_enrolment(
    personas: Any,
) -> None:
    registrant = _eligible(personas)
    cycle = _grant_cycle(personas, needs_business=True, categories=["sangat_miskin", "miskin"])
    checks = programmes.eligibility(cycle.programme, registrant)
    texts = " ".join(check.text for check in checks)
    assert "belum punya usaha" in texts
    assert "Kategori harus Sangat miskin, Miskin" in texts
    assert [check.ok for check in checks if "usaha" in check.text] == [False]
    with pytest.raises(ValidationError, match="Tidak memenuhi syarat"):
        programmes.enrol(actor=personas.perkasa, cycle=cycle, registrant=registrant)
    assert not Enrolment.objects.exists()


def test_a_pre_registered_woman_cannot_be_enrolled(personas: Any) -> None:
    registrant = register(personas.perkasa)
    cycle = _grant_cycle(personas)
    with pytest.raises(ValidationError):
        programmes.enrol(actor=personas.perkasa, cycle=cycle, registrant=registrant)


def test_tranches_are_maker_checker_and_never_exceed_the_cycle_budget(personas: Any) -> None:
    registrant = _eligible(personas)
    cycle = _grant_cycle(personas, budget=5_000_000)
    enrolment = programmes.enrol(actor=personas.perkasa, cycle=cycle, registrant=registrant)
    head = _head()

    first = programmes.disbursement_propose(
        actor=personas.perkasa, enrolment=enrolment, amount=3_000_000, proof_note="Nota toko"
    )
    with pytest.raises(PermissionDenied):  # the maker may not check her own proposal
        programmes.disbursement_decide(actor=personas.perkasa, disbursement=first, approve=True)
    programmes.disbursement_decide(actor=head, disbursement=first, approve=True)
    first.refresh_from_db()
    assert first.state == Disbursement.State.APPROVED and first.decided_by == head

    # A proposal past the remaining budget is refused at once, saying what is left.
    with pytest.raises(ValidationError) as refused_proposal:
        programmes.disbursement_propose(
            actor=personas.perkasa, enrolment=enrolment, amount=2_500_000, proof_note="Nota 2"
        )
    assert "Sisa anggaran Rp 2.000.000" in " ".join(refused_proposal.value.messages)

    # Two proposals that each fit, but not together: the second approval is refused.
    second = programmes.disbursement_propose(
        actor=personas.perkasa, enrolment=enrolment, amount=1_500_000, proof_note="Nota 2"
    )
    third = programmes.disbursement_propose(
        actor=personas.perkasa, enrolment=enrolment, amount=1_500_000, proof_note="Nota 3"
    )
    assert (second.tranche, third.tranche) == (2, 3)
    programmes.disbursement_decide(actor=head, disbursement=second, approve=True)
    with pytest.raises(ValidationError) as refused:
        programmes.disbursement_decide(actor=head, disbursement=third, approve=True)
    message = " ".join(refused.value.messages)
    assert "melebihi anggaran" in message and "sisa Rp 500.000" in message
    third.refresh_from_db()
    assert third.state == Disbursement.State.PROPOSED
    assert programmes.absorbed(cycle) == 4_500_000


def test_approval_needs_proof(personas: Any) -> None:
    registrant = _eligible(personas)
    cycle = _grant_cycle(personas)
    enrolment = programmes.enrol(actor=personas.perkasa, cycle=cycle, registrant=registrant)
    proposal = programmes.disbursement_propose(
        actor=personas.perkasa, enrolment=enrolment, amount=1_000_000
    )
    with pytest.raises(ValidationError, match="bukti"):
        programmes.disbursement_decide(actor=_head(), disbursement=proposal, approve=True)


def test_only_perkasa_officers_in_scope_act_on_the_ledger(personas: Any) -> None:
    registrant = _eligible(personas)
    cycle = _grant_cycle(personas)
    for outsider in (personas.analyst, personas.case_manager, personas.ppt_bugullor, None):
        with pytest.raises(PermissionDenied):
            programmes.enrol(actor=outsider, cycle=cycle, registrant=registrant)
        with pytest.raises(PermissionDenied):
            programmes.programme_create(
                actor=outsider, name="x", agency="x", kind=choices.ProgrammeKind.TRAINING
            )


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_on_postgresql_never_exceed_the_budget(personas: Any) -> None:
    budget, amount, threads_count = 5_000_000, 2_000_000, 4
    cycle = _grant_cycle(personas, budget=budget)
    proposals = []
    for index in range(threads_count):
        registrant = _eligible(
            personas, nik=f"35750152058500{index + 1:02d}", kk=f"35750120031500{index + 1:02d}"
        )
        enrolment = programmes.enrol(actor=personas.perkasa, cycle=cycle, registrant=registrant)
        proposals.append(
            programmes.disbursement_propose(
                actor=personas.perkasa, enrolment=enrolment, amount=amount, proof_note="Nota"
            )
        )
    head = _head()
    barrier = threading.Barrier(threads_count)
    outcomes: list[str] = []

    def approve(proposal: Disbursement) -> None:
        try:
            barrier.wait()
            programmes.disbursement_decide(actor=head, disbursement=proposal, approve=True)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(p,)) for p in proposals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "ok", "refused", "refused"]
    assert programmes.absorbed(cycle) == 4_000_000 <= budget

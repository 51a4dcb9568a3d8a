"""The shared state machine: reports, cases and referrals read their moves through it."""

from __future__ import annotations

import pytest

from payung.care import referrals
from payung.care.choices import ReferralStatus
from payung.cases import workflow
from payung.cases.choices import CaseStatus, ReportStatus
from payung.cases.services import report_states
from payung.core.statemachine import StateMachine


def test_a_table_naming_an_unknown_state_fails_when_built() -> None:
    with pytest.raises(ValueError, match="unknown state"):
        StateMachine({"a": ["b"], "b": ["c"]})


def test_moves_targets_and_final_states() -> None:
    machine = StateMachine({"a": ["b", "c"], "b": ["c"], "c": []})
    assert machine.allows("a", "b") and not machine.allows("b", "a")
    assert machine.targets("a") == frozenset({"b", "c"})
    assert machine.is_final("c") and not machine.is_final("a")
    assert machine.find("a", "c") == "c" and machine.find("c", "a") is None


def test_the_three_workflows_use_it() -> None:
    assert report_states.MACHINE.allows(ReportStatus.NEW, ReportStatus.IN_CASE)
    assert report_states.MACHINE.is_final(ReportStatus.NOT_A_CASE)
    assert workflow.MACHINE.find(CaseStatus.NEW, CaseStatus.ASSESSMENT) is not None
    assert not workflow.MACHINE.allows(CaseStatus.SERVICES, CaseStatus.CLOSED)
    assert referrals.MACHINE.allows(ReferralStatus.SENT, ReferralStatus.ACCEPTED)
    assert referrals.MACHINE.is_final(ReferralStatus.COMPLETED)

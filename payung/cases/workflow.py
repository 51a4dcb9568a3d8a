"""The case state machine (docs/domain.md#flow): which moves exist and what each needs.

``TRANSITIONS`` is the whole table; ``services.case_transition`` is the one function that
applies a move (records a ``CaseStatusChange``, audits it, syncs the deadlines). Closing is
not a direct move: a case manager requests closure, a supervisor approves it
(``services.closure_decide``), and only that service enters ``ditutup``. Reopening is the one
move out of ``ditutup`` and needs a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from payung.cases.choices import CaseStatus
from payung.core.statemachine import StateMachine

S = CaseStatus


@dataclass(frozen=True)
class Move:
    to: str
    label: object  # the button's text
    needs: str = ""  # a precondition checked by the service: "assessment", "agreed_plan"
    backwards: bool = False


TRANSITIONS: dict[str, tuple[Move, ...]] = {
    S.NEW: (Move(S.ASSESSMENT, _("Mulai asesmen")),),
    S.ASSESSMENT: (Move(S.PLAN, _("Lanjut ke rencana intervensi"), needs="assessment"),),
    S.PLAN: (
        Move(S.SERVICES, _("Mulai layanan"), needs="agreed_plan"),
        Move(S.ASSESSMENT, _("Kembali ke asesmen"), backwards=True),
    ),
    S.SERVICES: (
        Move(S.MONITORING, _("Masuk pemantauan dan evaluasi")),
        Move(S.PLAN, _("Ubah rencana intervensi"), backwards=True),
    ),
    S.MONITORING: (Move(S.SERVICES, _("Kembali ke layanan"), backwards=True),),
    # Closing goes through closure approval; the only move out of a closed case is reopening.
    S.CLOSED: (Move(S.ASSESSMENT, _("Buka kembali kasus")),),
}


MACHINE = StateMachine(TRANSITIONS, target=lambda move: move.to, states=S.values)


def moves_from(status: str) -> tuple[Move, ...]:
    return MACHINE.moves_from(status)


def find_move(from_status: str, to_status: str) -> Move | None:
    return MACHINE.find(from_status, to_status)


def is_reopen(from_status: str, to_status: str) -> bool:
    return from_status == S.CLOSED and to_status != S.CLOSED


# Where in the flow each status sits, for the progress bar on the case page.
ORDER = [S.NEW, S.ASSESSMENT, S.PLAN, S.SERVICES, S.MONITORING, S.CLOSED]

"""The one state-machine helper behind reports, cases and referrals.

Each of those keeps its table of moves as data next to its choices (``cases.workflow``,
``care.referrals``, ``cases.services.report_states``) and wraps it in a :class:`StateMachine`;
the services ask it whether a move is allowed and raise their own, clearly worded error.
A table is checked when it is built: every target must be a known state, so a typo in a
status code fails at import, not in front of a user.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Generic, TypeVar

M = TypeVar("M")


class StateMachine(Generic[M]):
    """Moves between states. ``moves`` maps a state to what it may move to: plain target
    states, or richer move objects (``target`` says how to read their state)."""

    def __init__(
        self,
        moves: Mapping[str, Iterable[M]],
        *,
        target: Callable[[M], str] = lambda move: str(move),
        states: Iterable[str] | None = None,
    ) -> None:
        self._moves = {state: tuple(options) for state, options in moves.items()}
        self._target = target
        known = set(states) if states is not None else set(self._moves)
        for state, options in self._moves.items():
            for option in options:
                if target(option) not in known:
                    raise ValueError(f"{state} -> {target(option)}: unknown state")

    def moves_from(self, state: str) -> tuple[M, ...]:
        return self._moves.get(state, ())

    def targets(self, state: str) -> frozenset[str]:
        return frozenset(self._target(move) for move in self.moves_from(state))

    def allows(self, from_state: str, to_state: str) -> bool:
        return to_state in self.targets(from_state)

    def find(self, from_state: str, to_state: str) -> M | None:
        return next((m for m in self.moves_from(from_state) if self._target(m) == to_state), None)

    def is_final(self, state: str) -> bool:
        return not self.moves_from(state)

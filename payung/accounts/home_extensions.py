"""Extension point of the staff start page: how apps above ``accounts`` add to a role's home
without ``accounts`` importing them (docs/architecture.md, "Extension points").

An app subclasses :class:`HomeExtension` and registers an instance from its
``AppConfig.ready()`` (outreach does it in ``OutreachConfig.ready()``). ``home_for`` asks every
registered extension for cards (shown after the role's own, capability-checked like them)
and for panels (a template with its context, shown above the cards — e.g. outreach's
"not yet reached this quarter"), and for counts: "what needs doing" figures, each linking
to the filtered list it counts (issue #15). A plain list filled at start-up: no signals.

Counts come from the app's own selectors, aggregated in one or two queries per extension
(tests/accounts/test_home_counts.py counts the queries). The privacy app (open breaches and
requests) and outreach (kelurahan not yet reached) can add theirs by overriding ``counts``.

Navigation badges (the unread-notification and triage counts beside a menu entry) use the
same idea: ``register_badge("cases:triage_queue", fn)`` from a higher app's ``ready()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from payung.accounts.home import Card
    from payung.accounts.models import User


@dataclass(frozen=True)
class HomePanel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class HomeCount:
    """One "what needs doing" figure on the start page: ``value`` things, linked to ``url``.

    ``urgent`` marks figures that should be zero (overdue, high risk waiting): shown in red
    when not zero. ``items`` optionally lists the first few things themselves as
    ``(label, url)`` pairs so the most urgent is one tap away."""

    label: Any
    value: int
    url: str
    urgent: bool = False
    items: tuple[tuple[str, str], ...] = ()


class HomeExtension:
    def counts(self, user: User) -> list[HomeCount]:
        return []

    def cards(self, user: User) -> list[Card]:
        return []

    def panels(self, user: User) -> list[HomePanel]:
        return []


_registry: list[HomeExtension] = []


def register(extension: HomeExtension) -> None:
    if not any(type(e) is type(extension) for e in _registry):
        _registry.append(extension)


def registered() -> tuple[HomeExtension, ...]:
    return tuple(_registry)


BadgeFn = Callable[["User"], int]
_badges: dict[str, BadgeFn] = {}


def register_badge(url_name: str, fn: BadgeFn) -> None:
    """Show ``fn(user)`` beside the navigation entry ``url_name`` when it is not zero."""
    _badges[url_name] = fn


def badge_for(url_name: str) -> BadgeFn | None:
    return _badges.get(url_name)

"""Extension point of the staff start page: how apps above ``accounts`` add to a role's home
without ``accounts`` importing them (docs/architecture.md, "Extension points").

An app subclasses :class:`HomeExtension` and registers an instance from its
``AppConfig.ready()`` (outreach does it in ``OutreachConfig.ready()``). ``home_for`` asks every
registered extension for cards (shown after the role's own, capability-checked like them)
and for panels (a template with its context, shown above the cards — e.g. outreach's
"not yet reached this quarter"). A plain list filled at start-up: no signals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from payung.accounts.home import Card
    from payung.accounts.models import User


@dataclass(frozen=True)
class HomePanel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


class HomeExtension:
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

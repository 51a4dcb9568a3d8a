"""Extension point of the staff intake form: where a report came from, as apps above
``cases`` know it (outreach's "referred by a community leader").

An app subclasses :class:`IntakeSource` and registers an instance from its
``AppConfig.ready()`` (outreach does it in ``OutreachConfig.ready()``). The staff intake form
adds one optional choice field per source, named ``key``, with the choices the source offers
the signed-in officer (scoped by the source); after the report is recorded, the view calls
``record`` in the same transaction, so a refused link rolls the report back. ``cases`` never
imports the apps that plug in. A plain list filled at start-up: no signals.
"""

from __future__ import annotations

from typing import Any


class IntakeSource:
    #: Form field name (unique among sources).
    key: str = ""
    #: The field's label, shown on the intake form.
    label: Any = ""

    def choices(self, user: Any) -> list[tuple[str, str]]:
        """What the officer may choose (already scoped to them); empty hides the field."""
        return []

    def record(self, *, actor: Any, report: Any, value: str) -> None:
        """Link the recorded ``report`` to the chosen ``value`` (inside the intake's
        transaction); raise ``ValidationError`` for a value the actor may not use."""


_registry: list[IntakeSource] = []


def register(source: IntakeSource) -> None:
    if not any(s.key == source.key for s in _registry):
        _registry.append(source)


def registered() -> tuple[IntakeSource, ...]:
    return tuple(_registry)

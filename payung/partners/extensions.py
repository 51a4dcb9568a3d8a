"""Extension points of a partner organisation: how an app above ``partners`` keeps something
beside an organisation without ``partners`` importing it.

``care`` keeps the safe house behind an organisation of kind ``rumah_aman``: its capacity,
its confidential address and its stays. When the system admin registers such an
organisation, or changes its capacity on the same form, ``partners.services`` calls the
registered extensions inside its own transaction, so the organisation and what stands
beside it are written, audited and rolled back together. Register from
``AppConfig.ready()``, as ``cases.extensions`` does for a case::

    class CareConfig(AppConfig):
        def ready(self) -> None:
            from payung.care.extension import ShelterOfOrganisation
            from payung.partners import extensions

            extensions.register(ShelterOfOrganisation())
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from payung.accounts.models import User
    from payung.core.actors import SystemActor
    from payung.partners.models import Organisation


class OrganisationExtension:
    """What an app keeps beside an organisation. Subclass and override; the defaults keep
    nothing. Each hook may raise ``ValidationError`` (the whole change is refused) and returns
    the changes it made, ``{field: [before, after]}``, for the organisation's audit event."""

    def check_create(self, *, organisation: Organisation, capacity: int | None) -> None:
        """Refuse a new organisation before it is saved (e.g. a safe house without capacity)."""

    def organisation_created(
        self, *, actor: User | SystemActor, organisation: Organisation, capacity: int | None
    ) -> dict[str, list[Any]]:
        return {}

    def organisation_updated(
        self, *, actor: User | SystemActor, organisation: Organisation, capacity: int | None
    ) -> dict[str, list[Any]]:
        return {}


_registry: list[OrganisationExtension] = []


def register(extension: OrganisationExtension) -> None:
    """Add an extension once (a second registration of the same class is ignored)."""
    if any(type(existing) is type(extension) for existing in _registry):
        return
    _registry.append(extension)


def registered() -> tuple[OrganisationExtension, ...]:
    return tuple(_registry)


def check_create(*, organisation: Organisation, capacity: int | None) -> None:
    for ext in _registry:
        ext.check_create(organisation=organisation, capacity=capacity)


def organisation_created(
    *, actor: User | SystemActor, organisation: Organisation, capacity: int | None
) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for ext in _registry:
        changes.update(
            ext.organisation_created(actor=actor, organisation=organisation, capacity=capacity)
        )
    return changes


def organisation_updated(
    *, actor: User | SystemActor, organisation: Organisation, capacity: int | None
) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for ext in _registry:
        changes.update(
            ext.organisation_updated(actor=actor, organisation=organisation, capacity=capacity)
        )
    return changes

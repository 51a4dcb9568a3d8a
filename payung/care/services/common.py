"""Shared pieces of the care services: the actor checks every care service makes."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied

from payung.accounts.models import User
from payung.care import policies
from payung.care.models import (
    Service,
)
from payung.core.actors import SystemActor, is_system, require_actor
from payung.regions.models import Region

SERVICE_EDITABLE_FIELDS = ("description", "simfoni_category", "simfoni_alternatives")
ORGANISATION_EDITABLE_FIELDS = (
    "kind",
    "name",
    "region",
    "address",
    "contact_name",
    "phone",
    "email",
    "is_active",
)


def _check_reference_manager(actor: User | SystemActor, region: Region | None = None) -> None:
    require_actor(actor)
    if is_system(actor):
        return
    if not policies.may_manage_reference(actor):
        raise PermissionDenied
    if region is not None and not actor.in_scope(region.code):
        raise PermissionDenied


def _service_codes(services: Iterable[Service]) -> list[str]:
    return sorted(service.code for service in services)

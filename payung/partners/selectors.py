"""Reads of the partner registry: the service catalogue and the directory of organisations.

Lists run a constant number of queries whatever their length: organisations prefetch their
services (in catalogue order) and their region.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from payung.partners import policies
from payung.partners.choices import SIMFONI_DEFAULTS
from payung.partners.models import Organisation, Service


def service_list() -> QuerySet[Service]:
    return Service.objects.order_by("position", "code")


def with_details(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Organisations with their region and their services, loaded once for a list."""
    return organisations.select_related("region__parent").prefetch_related(
        Prefetch("services", queryset=service_list())
    )


def directory(
    *, actor: Any, kind: str = "", service: str = "", search: str = ""
) -> QuerySet[Organisation]:
    """The partner organisations ``actor`` may look up, filtered by kind and by a service code."""
    organisations = policies.organisations_visible_to(actor)
    if kind:
        organisations = organisations.filter(kind=kind)
    if service:
        organisations = organisations.filter(services__code=service)
    if search:
        organisations = organisations.filter(
            Q(name__icontains=search) | Q(contact_name__icontains=search)
        )
    return with_details(organisations.distinct()).order_by("name", "pk")


def organisation_detail(*, actor: Any, pk: int) -> Organisation:
    """One organisation of the directory, with its services (404 outside the actor's scope)."""
    policies.get_organisation_for(actor, pk)
    return with_details(Organisation.objects.filter(pk=pk)).get()


def simfoni_category_for(code: str) -> str:
    """The SIMFONI-PPA category a delivery of service ``code`` is exported under: the
    catalogue row (the admin may have changed a judgement call), else the default."""
    row = Service.objects.filter(code=code).values_list("simfoni_category", flat=True).first()
    return row or SIMFONI_DEFAULTS[code][0]

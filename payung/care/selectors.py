"""Reads of the care app, with joins and counts decided once, here.

Lists run a constant number of queries whatever their length: organisations prefetch their
services, shelters carry their occupancy as an annotation. The confidential shelter address is
deferred in every shelter list, so it is not even decrypted for a reader who may not see it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from payung.care import policies
from payung.care.models import Organisation, Service, Shelter, Stay


def service_list() -> QuerySet[Service]:
    return Service.objects.order_by("position", "code")


def _with_details(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
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
    return _with_details(organisations.distinct()).order_by("name", "pk")


def organisations_for_admin(
    *, actor: Any, kind: str = "", search: str = ""
) -> QuerySet[Organisation]:
    organisations = policies.organisations_for_admin(actor)
    if kind:
        organisations = organisations.filter(kind=kind)
    if search:
        organisations = organisations.filter(name__icontains=search)
    return _with_details(organisations).select_related("shelter").order_by("name", "pk")


def organisation_detail(*, actor: Any, pk: int) -> Organisation:
    """One organisation of the directory, with its services (404 outside the actor's scope)."""
    policies.get_organisation_for(actor, pk)
    return _with_details(Organisation.objects.filter(pk=pk)).get()


@dataclass(frozen=True)
class Occupancy:
    current: int
    capacity: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.current, 0)

    @property
    def is_full(self) -> bool:
        return self.current >= self.capacity

    @property
    def meter_low(self) -> int:
        """Up to half full reads as fine in the ``<meter>`` (green)."""
        return self.capacity // 2

    @property
    def meter_high(self) -> int:
        """Only the last bed taken reads as full (red); in between, amber."""
        return max(self.capacity - 1, 0)

    @property
    def percent(self) -> int:
        if self.capacity <= 0:
            return 100
        return min(round(100 * self.current / self.capacity), 100)


def _with_occupancy(shelters: QuerySet[Shelter]) -> QuerySet[Shelter]:
    return (
        shelters.select_related("organisation__region")
        .defer("address")
        .annotate(occupied=Count("stays", filter=Q(stays__discharged_at__isnull=True)))
    )


def occupancy_of(shelter: Shelter) -> Occupancy:
    """From the ``occupied`` annotation when present, else counted."""
    occupied = getattr(shelter, "occupied", None)
    if occupied is None:
        occupied = Stay.objects.filter(shelter=shelter, discharged_at__isnull=True).count()
    return Occupancy(current=int(occupied), capacity=shelter.capacity)


def shelters_with_occupancy(*, actor: Any) -> QuerySet[Shelter]:
    return _with_occupancy(policies.shelters_visible_to(actor)).order_by("organisation__name", "pk")


def shelter_with_occupancy(*, actor: Any, pk: int) -> Shelter:
    """One shelter (404 outside the actor's reach), its occupancy annotated."""
    policies.get_shelter_for(actor, pk)
    return _with_occupancy(Shelter.objects.filter(pk=pk)).get()


def shelter_addresses_for(actor: Any, shelters: Iterable[Shelter]) -> dict[int, str]:
    """``{shelter pk: confidential address}`` for the shelters whose address ``actor`` may
    read, in one query; the others are simply absent.

    Read apart from the shelters themselves so their querysets keep the column deferred.
    """
    allowed = [
        shelter.pk for shelter in shelters if policies.may_see_shelter_address(actor, shelter)
    ]
    if not allowed:
        return {}
    return dict(Shelter.objects.filter(pk__in=allowed).values_list("pk", "address"))


def shelter_address_for(actor: Any, shelter: Shelter) -> str | None:
    """The confidential address for those who may read it; ``None`` for everyone else."""
    return shelter_addresses_for(actor, [shelter]).get(shelter.pk)


def _stays(stays: QuerySet[Stay]) -> QuerySet[Stay]:
    return stays.select_related("case", "shelter__organisation", "admitted_by")


def current_residents(*, actor: Any, shelter: Shelter) -> QuerySet[Stay]:
    """Current stays in ``shelter`` that ``actor`` may see: all of them for the shelter's
    staff and supervisors, only those of their own cases for a case manager."""
    return _stays(
        policies.stays_visible_to(actor).filter(shelter=shelter, discharged_at__isnull=True)
    ).order_by("admitted_at", "pk")


def stays_for_cases(*, actor: Any, current_only: bool = False) -> QuerySet[Stay]:
    """Stays of the cases ``actor`` places victims for (a case manager's own, a supervisor's
    scope), newest first."""
    stays = policies.stays_visible_to(actor).filter(case__in=policies.cases_for_placement(actor))
    if current_only:
        stays = stays.filter(discharged_at__isnull=True)
    return _stays(stays).order_by("-admitted_at", "-pk")

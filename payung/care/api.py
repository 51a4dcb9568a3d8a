"""``/api/v1/care/``: the services catalogue, the partner directory and shelter occupancy.

- ``services/``: the ten services and their SIMFONI-PPA categories; any signed-in caller.
- ``organisations/``: partner organisations, filtered by kind and by service; callers who may
  use the directory (case managers, supervisors, the system admin), within their region scope.
  A shelter's organisation carries no address and no region: its location is confidential.
- ``shelters/``: capacity and occupancy for case managers and supervisors (active shelters in
  scope) and for shelter staff (their own). ``address`` is the confidential address for the
  shelter's own staff and supervisors, and ``null`` for everyone else.

Lists run a constant number of queries per page.
"""

# No ``from __future__ import annotations``: django-ninja reads these signatures at run time
# (and resolves annotations behind ``@paginate`` in another module's namespace).

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from payung.api.errors import ApiError, errors
from payung.care import policies, selectors
from payung.care.choices import OrganisationKind, ServiceCode, SimfoniCategory
from payung.care.models import Organisation, Service, Shelter

router = Router(tags=["layanan"])

MAX_LIMIT = 200


class ServiceOut(Schema):
    code: ServiceCode = Field(..., description="stable identifier of the service")
    name: str
    simfoni_category: SimfoniCategory = Field(
        ..., description="SIMFONI-PPA service category a delivery is exported under by default"
    )
    simfoni_category_label: str
    simfoni_alternatives: list[SimfoniCategory] = Field(
        ..., description="categories a single delivery may be recorded under instead"
    )
    description: str

    @staticmethod
    def resolve_simfoni_category_label(obj: Service) -> str:
        return str(obj.get_simfoni_category_display())


class RegionRef(Schema):
    code: str
    name: str


class OrganisationOut(Schema):
    id: int
    name: str
    kind: OrganisationKind
    kind_label: str
    is_shelter: bool
    region: RegionRef | None = Field(
        None, description="where the organisation sits; null for a shelter (confidential)"
    )
    address: str = Field(..., description="office address; always empty for a shelter")
    contact_name: str
    phone: str
    email: str
    services: list[ServiceCode]
    is_active: bool

    @staticmethod
    def resolve_kind_label(obj: Organisation) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_region(obj: Organisation) -> Any:
        return None if obj.is_shelter else obj.region

    @staticmethod
    def resolve_services(obj: Organisation) -> list[str]:
        return [service.code for service in obj.services.all()]


class ShelterOut(Schema):
    id: int
    organisation_id: int
    name: str
    phone: str
    capacity: int
    occupied: int
    free: int
    is_full: bool
    address_visible: bool = Field(
        ..., description="whether the caller may read the confidential address"
    )
    address: str | None = Field(
        None, description="the confidential address; null unless address_visible"
    )


def _require(request: HttpRequest, allowed: bool) -> Any:
    if not allowed:
        raise ApiError(403)
    return request.auth  # type: ignore[attr-defined]


def _shelter_out(shelter: Shelter, addresses: dict[int, str]) -> dict[str, Any]:
    occupancy = selectors.occupancy_of(shelter)
    visible = shelter.pk in addresses
    return {
        "id": shelter.pk,
        "organisation_id": shelter.organisation_id,
        "name": shelter.organisation.name,
        "phone": shelter.organisation.phone,
        "capacity": occupancy.capacity,
        "occupied": occupancy.current,
        "free": occupancy.free,
        "is_full": occupancy.is_full,
        "address_visible": visible,
        "address": addresses.get(shelter.pk) if visible else None,
    }


@router.get("/services/", response={200: list[ServiceOut]}, summary="Katalog layanan")
def service_list(request: HttpRequest) -> QuerySet[Service]:
    return selectors.service_list()


@router.get(
    "/organisations/",
    response={200: list[OrganisationOut], **errors(403, 422)},
    summary="Daftar lembaga mitra",
)
@paginate(LimitOffsetPagination, max_limit=MAX_LIMIT)
def organisation_list(
    request: HttpRequest,
    kind: OrganisationKind | None = None,
    service: ServiceCode | None = None,
) -> QuerySet[Organisation]:
    user = request.auth  # type: ignore[attr-defined]
    _require(request, policies.may_view_directory(user))
    return selectors.directory(actor=user, kind=kind or "", service=service or "")


@router.get(
    "/organisations/{pk}",
    response={200: OrganisationOut, **errors(403, 404)},
    summary="Satu lembaga mitra",
)
def organisation_detail(request: HttpRequest, pk: int) -> Organisation:
    user = request.auth  # type: ignore[attr-defined]
    _require(request, policies.may_view_directory(user))
    return selectors.organisation_detail(actor=user, pk=pk)


@router.get(
    "/shelters/",
    response={200: list[ShelterOut], **errors(403)},
    summary="Rumah aman dan keterisiannya",
)
def shelter_list(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.auth  # type: ignore[attr-defined]
    _require(request, policies.may_view_shelters(user))
    shelters = list(selectors.shelters_with_occupancy(actor=user))
    addresses = selectors.shelter_addresses_for(user, shelters)
    return [_shelter_out(shelter, addresses) for shelter in shelters]


@router.get(
    "/shelters/{pk}",
    response={200: ShelterOut, **errors(403, 404)},
    summary="Satu rumah aman",
)
def shelter_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    _require(request, policies.may_view_shelters(user))
    shelter = selectors.shelter_with_occupancy(actor=user, pk=pk)
    return _shelter_out(shelter, selectors.shelter_addresses_for(user, [shelter]))

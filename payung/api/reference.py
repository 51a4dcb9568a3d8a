"""Reference data: administrative regions and service posts.

Readable by any signed-in staff user (session or token), never anonymously: the public site
has its own post finder. Lists are paginated (``limit``/``offset``) with a constant number of
queries whatever the page size.
"""

# No ``from __future__ import annotations`` here: django-ninja reads the endpoint signatures
# to build query parameters, and behind ``@paginate`` it resolves string annotations in the
# pagination module's namespace, where ``RegionLevel`` and ``ServicePostKind`` do not exist.

from decimal import Decimal
from typing import cast

from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from payung.core.api_errors import errors
from payung.core.pagination import BoundedLimitOffsetPagination
from payung.regions.models import Region, RegionLevel, RegionQuerySet, ServicePost, ServicePostKind

router = Router(tags=["referensi"])

MAX_LIMIT = 500
CODE_PATTERN = r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$"
VILLAGE_LEVELS = (RegionLevel.URBAN_VILLAGE, RegionLevel.VILLAGE)


class RegionOut(Schema):
    code: str = Field(..., description="Kemendagri code, e.g. 35.75.01.1002")
    name: str
    level: RegionLevel
    level_label: str
    parent_code: str | None = None
    bps_code: str = Field(
        "", description="BPS code, a different numbering; never derived from the Kemendagri code"
    )
    label_lat: Decimal | None = None
    label_lng: Decimal | None = None
    aliases: list[str] = []
    population: int | None = None


class RegionDetailOut(RegionOut):
    has_boundary: bool
    boundary_source: str = ""
    children_count: int


class RegionRef(Schema):
    code: str
    name: str


class PostOut(Schema):
    id: int
    kind: ServicePostKind
    kind_label: str
    name: str
    region: RegionRef
    kelurahan: RegionRef | None = Field(
        None, description="the kelurahan (or desa) of the post, if it sits in one"
    )
    kecamatan: RegionRef | None = None
    address: str
    phone: str
    whatsapp: str
    email: str
    opening_hours: str
    is_active: bool

    @staticmethod
    def resolve_kind_label(obj: ServicePost) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_kelurahan(obj: ServicePost) -> Region | None:
        return obj.region if obj.region.level in VILLAGE_LEVELS else None

    @staticmethod
    def resolve_kecamatan(obj: ServicePost) -> Region | None:
        if obj.region.level == RegionLevel.DISTRICT:
            return obj.region
        if obj.region.level in VILLAGE_LEVELS and obj.region.parent_id:
            return obj.region.parent
        return None


def region_queryset() -> RegionQuerySet:
    # The boundary polygon can be large; it is not part of these responses.
    regions = Region.objects.defer("boundary").annotate(parent_code=F("parent__code"))
    return cast(RegionQuerySet, regions.order_by("code"))


def post_queryset() -> QuerySet[ServicePost]:
    return ServicePost.objects.select_related("region__parent").order_by(
        "kind", "region__code", "pk"
    )


@router.get("/regions/", response={200: list[RegionOut], **errors(422)}, summary="Daftar wilayah")
@paginate(BoundedLimitOffsetPagination, max_limit=MAX_LIMIT)
def region_list(
    request: HttpRequest,
    level: RegionLevel | None = None,
    parent: str | None = Query(
        None, pattern=CODE_PATTERN, description="children of this region code"
    ),
    within: str | None = Query(
        None, pattern=CODE_PATTERN, description="this region and everything inside it"
    ),
) -> QuerySet[Region]:
    regions = region_queryset()
    if level:
        regions = regions.filter(level=level)
    if parent:
        regions = regions.filter(parent__code=parent)
    if within:
        regions = regions.within(within)
    return regions


@router.get(
    "/regions/{code}", response={200: RegionDetailOut, **errors(404)}, summary="Satu wilayah"
)
def region_detail(request: HttpRequest, code: str) -> Region:
    region = (
        region_queryset()
        .annotate(
            has_boundary=ExpressionWrapper(Q(boundary__isnull=False), output_field=BooleanField())
        )
        .filter(code=code)
        .first()
    )
    if region is None:
        raise Http404
    region.children_count = region.children.count()  # type: ignore[attr-defined]
    return region


@router.get("/posts/", response={200: list[PostOut], **errors(422)}, summary="Daftar pos layanan")
@paginate(BoundedLimitOffsetPagination, max_limit=MAX_LIMIT)
def post_list(
    request: HttpRequest,
    kind: ServicePostKind | None = None,
    kecamatan: str | None = Query(
        None, pattern=r"^\d{2}\.\d{2}\.\d{2}$", description="kecamatan code"
    ),
    kelurahan: str | None = Query(
        None, pattern=r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$", description="kelurahan code"
    ),
    include_inactive: bool = False,
) -> QuerySet[ServicePost]:
    posts = post_queryset()
    if not include_inactive:
        posts = posts.filter(is_active=True)
    if kind:
        posts = posts.filter(kind=kind)
    if kecamatan:
        posts = posts.filter(region__code__startswith=f"{kecamatan}.")
    if kelurahan:
        posts = posts.filter(region__code=kelurahan)
    return posts

"""Reads of regions and service posts, with their joins decided once, here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import Http404

from payung.regions.models import Region, ServicePost, ServicePostKind


@dataclass
class KecamatanGroup:
    kecamatan: Region
    posts: list[ServicePost] = field(default_factory=list)


@dataclass
class PostDirectory:
    """What the public "find a PPT" page shows.

    ``centres`` and ``groups`` hold active posts only. ``ppt_posts`` holds every kelurahan PPT,
    active or not, so the schematic map keeps the same layout when a post closes for a while.
    """

    centres: list[ServicePost]
    groups: list[KecamatanGroup]
    ppt_posts: list[ServicePost]

    @property
    def active_count(self) -> int:
        return len(self.centres) + sum(len(group.posts) for group in self.groups)


#: How long the city centre's post is reused by the pages every resident opens (the report
#: form shows its phone). ``service_post_update`` forgets it when a post changes; other
#: writes (loading reference data) show within this time.
CENTRE_POST_SECONDS = 300
_NO_POST = "none"


def _centre_key(city_code: str) -> str:
    return f"payung:regions:centre-post:v1:{city_code}"


def city_centre_post(city_code: str) -> ServicePost | None:
    """The city's active centre (UPTD PPA), from the cache: one query saved on every
    ``GET /lapor/`` (docs/performance.md, "Report submission")."""
    found = cache.get(_centre_key(city_code))
    if found is None:
        found = (
            ServicePost.objects.filter(
                kind=ServicePostKind.CENTRE, is_active=True, region__code=city_code
            )
            .order_by("pk")
            .first()
        ) or _NO_POST
        cache.set(_centre_key(city_code), found, CENTRE_POST_SECONDS)
    return found if isinstance(found, ServicePost) else None


def forget_centre_post(city_code: str) -> None:
    cache.delete(_centre_key(city_code))


def public_post_directory() -> PostDirectory:
    """Every service post grouped by kecamatan, in one query."""
    posts = (
        ServicePost.objects.select_related("region", "region__parent")
        .defer("region__boundary", "region__parent__boundary")
        .order_by("region__code", "pk")
    )
    centres: list[ServicePost] = []
    groups: dict[int, KecamatanGroup] = {}
    ppt_posts: list[ServicePost] = []
    for post in posts:
        if post.kind == ServicePostKind.PPT:
            ppt_posts.append(post)
        if not post.is_active:
            continue
        kecamatan = post.region.parent
        if post.kind == ServicePostKind.CENTRE or kecamatan is None:
            centres.append(post)
            continue
        groups.setdefault(kecamatan.pk, KecamatanGroup(kecamatan)).posts.append(post)
    ordered = sorted(groups.values(), key=lambda group: group.kecamatan.code)
    return PostDirectory(centres=centres, groups=ordered, ppt_posts=ppt_posts)


def active_ppt_count() -> int:
    return ServicePost.objects.filter(kind=ServicePostKind.PPT, is_active=True).count()


def posts_for_admin(user: Any) -> QuerySet[ServicePost]:
    """Service posts inside ``user``'s region scope, for the reference-data pages."""
    return (
        ServicePost.objects.filter(user.region_q("region__code"))
        .select_related("region", "region__parent")
        .defer("region__boundary", "region__parent__boundary")
        .order_by("region__code", "pk")
    )


@dataclass(frozen=True)
class IncompletePost:
    post: ServicePost
    missing: tuple[str, ...]  # labels of the empty fields a resident needs


# What a resident needs from a post on the public finder: where it is, how to call, when it
# is open. (WhatsApp and e-mail are welcome but optional.)
COMPLETENESS_FIELDS = ("address", "phone", "opening_hours")


def incomplete_posts(user: Any) -> list[IncompletePost]:
    """Active posts in ``user``'s scope that lack an address, a phone number or opening
    hours — the admin's completeness check. One query."""
    missing_q = Q()
    for name in COMPLETENESS_FIELDS:
        missing_q |= Q(**{name: ""})
    rows = []
    for post in posts_for_admin(user).filter(missing_q, is_active=True):
        missing = tuple(
            str(ServicePost._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
            for name in COMPLETENESS_FIELDS
            if not getattr(post, name).strip()
        )
        rows.append(IncompletePost(post=post, missing=missing))
    return rows


def get_post_for_admin(user: Any, pk: int) -> ServicePost:
    """The post with ``pk`` if it lies in ``user``'s scope; 404 otherwise (no hint it exists)."""
    post = posts_for_admin(user).filter(pk=pk).first()
    if post is None:
        raise Http404
    return post

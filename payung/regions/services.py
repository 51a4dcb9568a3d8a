"""Writes to regions and service posts. Each one audits itself in its own transaction."""

from __future__ import annotations

import hashlib
import json
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from payung.accounts.roles import Cap
from payung.audit.services import audit_event, diff, update_fields_audited
from payung.core.actors import is_system
from payung.regions.boundaries import BoundaryPlan
from payung.regions.models import Region, ServicePost
from payung.regions.selectors import forget_centre_post

# What the system admin may change on a post. Kind, name and region are reference data
# from the migration (one PPT per kelurahan) and are not edited through this service.
POST_EDITABLE_FIELDS = ("address", "phone", "whatsapp", "email", "opening_hours", "is_active")


@transaction.atomic
def service_post_update(*, actor: Any, post: ServicePost, **fields: Any) -> ServicePost:
    """Change a post's contact details or active flag; audits the fields that changed.

    The row is re-read under a lock, so "before" is what is stored, not what a form may
    already have written onto the instance.
    """
    # Reference managers, or a command (the demo loader): the view's decorator is not the
    # only gate, so no other caller can skip it.
    if not (is_system(actor) or actor.can(Cap.REFERENCE_MANAGE)):
        raise PermissionDenied
    unknown = sorted(set(fields) - set(POST_EDITABLE_FIELDS))
    if unknown:
        raise ValueError(f"not editable on a service post: {', '.join(unknown)}")
    current = ServicePost.objects.select_for_update().get(pk=post.pk)
    # Any post may be (or become) a city's centre: forget the cached one once this commits.
    transaction.on_commit(partial(_forget_centres, current), robust=True)
    update_fields_audited(
        actor=actor,
        instance=current,
        fields=fields,
        action="service_post.update",
        target_label=current.name,
    )
    return current


def _forget_centres(post: ServicePost) -> None:
    code = post.region.code if post.region_id else ""
    # The centre is cached under its city's code: the post's region, or the city above it.
    for prefix in {code, code[:5]} - {""}:
        forget_centre_post(prefix)


def geometry_fingerprint(geometry: dict[str, Any] | None) -> str | None:
    """A short, stable digest of a geometry, so the audit trail can name it without storing it."""
    if geometry is None:
        return None
    canonical = json.dumps(geometry, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()[:16]


@transaction.atomic
def region_boundaries_import(*, actor: Any, plan: BoundaryPlan, source: str) -> list[Region]:
    """Store the matched boundaries of ``plan`` with their source text, all or nothing.

    One audit event per region whose boundary or source changed, carrying digests of the
    old and new geometry (the geometry itself is too large for the trail). Returns the
    regions that changed.
    """
    source = source.strip()[: Region._meta.get_field("boundary_source").max_length]
    by_pk = {
        region.pk: region
        for region in Region.objects.select_for_update().filter(
            pk__in=[match.region.pk for match in plan.matched]
        )
    }
    changed: list[Region] = []
    for match in plan.matched:
        region = by_pk[match.region.pk]
        before = {
            "boundary": geometry_fingerprint(region.boundary),
            "boundary_source": region.boundary_source,
        }
        after = {"boundary": geometry_fingerprint(match.geometry), "boundary_source": source}
        changes = diff(before, after)
        if not changes:
            continue
        region.boundary = match.geometry
        region.boundary_source = source
        changed.append(region)
        audit_event(
            actor=actor,
            action="region.boundary_import",
            target=region,
            target_label=region.code,
            changes=changes,
            note=f"matched by {match.matched_by}",
        )
    Region.objects.bulk_update(changed, ["boundary", "boundary_source"])
    return changed


@transaction.atomic
def region_population_import(
    *, actor: Any, populations: dict[str, int], source: str
) -> list[Region]:
    """Set ``Region.population`` from an official table (``manage.py import_population``),
    all or nothing; one audit event per region whose figure changed, naming the source.
    Codes that are not regions are refused before anything is written. Returns the regions
    that changed."""
    if any(n < 0 for n in populations.values()):
        raise ValueError("a population cannot be negative")
    by_code = {
        region.code: region
        for region in Region.objects.select_for_update()
        .filter(code__in=list(populations))
        .only("pk", "code", "population")
    }
    unknown = sorted(set(populations) - set(by_code))
    if unknown:
        raise ValueError(f"not a region code: {', '.join(unknown)}")
    changed: list[Region] = []
    for code, population in sorted(populations.items()):
        region = by_code[code]
        if region.population == population:
            continue
        audit_event(
            actor=actor,
            action="region.population_import",
            target=region,
            target_label=region.code,
            changes={"population": [region.population, population]},
            note=source[:500],
        )
        region.population = population
        changed.append(region)
    Region.objects.bulk_update(changed, ["population"])
    return changed

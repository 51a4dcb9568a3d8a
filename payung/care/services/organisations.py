"""Partner organisations: create, edit, activate; their services and contacts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.audit.services import audit_event, diff
from payung.care.models import (
    Organisation,
    Service,
    Shelter,
)
from payung.care.services.common import (
    ORGANISATION_EDITABLE_FIELDS,
    _check_reference_manager,
    _service_codes,
)
from payung.care.services.shelters import _shelter_capacity_set
from payung.core.actors import SystemActor
from payung.regions.models import Region

# --- partner organisations ---------------------------------------------------------------


@transaction.atomic
def organisation_create(
    *,
    actor: User | SystemActor,
    kind: str,
    name: str,
    region: Region,
    services: Iterable[Service] = (),
    address: str = "",
    contact_name: str = "",
    phone: str = "",
    email: str = "",
    is_active: bool = True,
    capacity: int | None = None,
) -> Organisation:
    """Register a partner organisation. A safe house (kind ``rumah_aman``) needs its
    ``capacity``; its confidential address is recorded later by its own staff or a
    supervisor (``shelter_update``), never by the admin who registers it."""
    _check_reference_manager(actor, region)
    organisation = Organisation(
        kind=kind,
        name=name.strip(),
        region=region,
        region_code=region.code,
        address=address,
        contact_name=contact_name,
        phone=phone,
        email=email,
        is_active=is_active,
    )
    organisation.full_clean()
    if organisation.is_shelter and capacity is None:
        raise ValidationError({"capacity": _("Isi kapasitas rumah aman (jumlah tempat tidur).")})
    organisation.save()
    offered = list(services)
    organisation.services.set(offered)
    changes: dict[str, Any] = {
        "kind": [None, kind],
        "name": [None, organisation.name],
        "region_code": [None, organisation.region_code],
        "services": [None, _service_codes(offered)],
        "is_active": [None, is_active],
    }
    if organisation.is_shelter:
        assert capacity is not None  # checked before the organisation was saved
        shelter = Shelter(organisation=organisation, capacity=capacity)
        shelter.full_clean()
        shelter.save()
        changes["capacity"] = [None, capacity]
    audit_event(
        actor=actor,
        action="organisation.create",
        target=organisation,
        target_label=organisation.name,
        changes=changes,
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: User | SystemActor,
    organisation: Organisation,
    services: Iterable[Service] | None = None,
    capacity: int | None = None,
    **fields: Any,
) -> Organisation:
    """Change an organisation's details, the services it offers, or (for a shelter) its
    capacity. The row is re-read under a lock so "before" is what is stored.

    Its kind cannot move to or from ``rumah_aman``: a shelter has stays and a confidential
    address that belong to it.
    """
    unknown = sorted(set(fields) - set(ORGANISATION_EDITABLE_FIELDS))
    if unknown:
        raise ValueError(f"not editable on an organisation: {', '.join(unknown)}")
    current = (
        Organisation.objects.select_for_update().select_related("region").get(pk=organisation.pk)
    )
    _check_reference_manager(actor, current.region)
    before: dict[str, Any] = {name: getattr(current, name) for name in fields}
    was_shelter = current.is_shelter
    for name, value in fields.items():
        setattr(current, name, value)
    if "name" in fields:
        current.name = current.name.strip()
    if current.is_shelter != was_shelter:
        raise ValidationError(
            {"kind": _("Jenis rumah aman tidak dapat diubah menjadi jenis lain, atau sebaliknya.")}
        )
    _check_reference_manager(actor, current.region)
    current.full_clean()
    after: dict[str, Any] = {name: getattr(current, name) for name in fields}
    changes = diff(
        {k: (v.code if isinstance(v, Region) else v) for k, v in before.items()},
        {k: (v.code if isinstance(v, Region) else v) for k, v in after.items()},
    )
    if changes:
        current.save()
    if services is not None:
        old_codes = _service_codes(current.services.all())
        new = list(services)
        if _service_codes(new) != old_codes:
            current.services.set(new)
            changes["services"] = [old_codes, _service_codes(new)]
    if capacity is not None and current.is_shelter:
        shelter = _shelter_capacity_set(current.shelter, capacity)
        if shelter is not None:
            changes["capacity"] = shelter
    if changes:
        audit_event(
            actor=actor,
            action="organisation.update",
            target=current,
            target_label=current.name,
            changes=changes,
        )
    return current

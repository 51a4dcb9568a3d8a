"""Every write to the partner registry: the service catalogue's descriptions and SIMFONI-PPA
mapping, and partner organisations (create, edit, activate; their services and contacts).

Each function is keyword-only, runs in one transaction, checks that the actor keeps the
reference data (``Cap.REFERENCE_MANAGE``, within their region scope) and writes its audit
event in the same transaction. A management command passes a ``SystemActor``
(payung/core/actors.py); ``None`` is refused. What an app above keeps beside an organisation
(care's safe house, with its capacity) is written through ``partners.extensions`` in the same
transaction and recorded in the same audit event.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.accounts.roles import Cap
from payung.audit.services import audit_event, diff, update_fields_audited
from payung.core.actors import SystemActor, is_system, require_actor
from payung.partners import extensions, policies
from payung.partners.models import Organisation, Service
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


# --- the service catalogue -----------------------------------------------------------------


@transaction.atomic
def service_update(*, actor: User | SystemActor, service: Service, **fields: Any) -> Service:
    """Change a service's description or SIMFONI-PPA mapping; audits what changed. The code,
    the row's key, never changes: ``ServiceCode`` decides which services exist."""
    unknown = sorted(set(fields) - set(SERVICE_EDITABLE_FIELDS))
    if unknown:
        raise ValueError(f"not editable on a service: {', '.join(unknown)}")
    _check_reference_manager(actor)
    current = Service.objects.select_for_update().get(pk=service.pk)
    update_fields_audited(
        actor=actor,
        instance=current,
        fields=fields,
        action="service.update",
        target_label=current.code,
    )
    return current


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
    ``capacity`` (kept by care beside the organisation, ``partners.extensions``); its
    confidential address is recorded later by its own staff or a supervisor, never by the
    admin who registers it."""
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
    extensions.check_create(organisation=organisation, capacity=capacity)
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
    changes.update(
        extensions.organisation_created(actor=actor, organisation=organisation, capacity=capacity)
    )
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
    """Change an organisation's details, the services it offers, or (for a safe house) its
    capacity. The row is re-read under a lock so "before" is what is stored.

    Its kind cannot move to or from ``rumah_aman``: a safe house has stays and a
    confidential address that belong to it.
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
    changes.update(
        extensions.organisation_updated(actor=actor, organisation=current, capacity=capacity)
    )
    if changes:
        audit_event(
            actor=actor,
            action="organisation.update",
            target=current,
            target_label=current.name,
            changes=changes,
        )
    return current


# --- data-sharing agreements -----------------------------------------------------------------


@transaction.atomic
def organisation_agreement_record(
    *,
    actor: User | SystemActor,
    organisation: Organisation,
    reference: str,
    valid_until: date | None,
) -> Organisation:
    """Record the data-sharing agreement with a partner (its reference and end date): the
    DPO keeps the register of them (``Cap.PRIVACY``, within their region scope). Referrals to
    an organisation without a current agreement are refused (care's ``referral_send``)."""
    require_actor(actor)
    if not is_system(actor) and (
        not actor.can(Cap.PRIVACY) or not actor.in_scope(organisation.region_code)
    ):
        raise PermissionDenied
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    reference = reference.strip()
    if reference and valid_until is None:
        raise ValidationError(
            {"valid_until": _("Isi tanggal berakhirnya perjanjian berbagi data.")}
        )
    until = valid_until if reference else None
    before = (current.sharing_agreement_reference, current.sharing_agreement_valid_until)
    if before != (reference, until):
        current.sharing_agreement_reference = reference
        current.sharing_agreement_valid_until = until
        current.save(
            update_fields=[
                "sharing_agreement_reference",
                "sharing_agreement_valid_until",
                "updated_at",
            ]
        )
        audit_event(
            actor=actor,
            action="organisation.sharing_agreement",
            target=current,
            target_label=current.name,
            changes={
                "sharing_agreement_reference": [before[0], reference],
                "sharing_agreement_valid_until": [
                    before[1] and before[1].isoformat(),
                    until and until.isoformat(),
                ],
            },
        )
    return current

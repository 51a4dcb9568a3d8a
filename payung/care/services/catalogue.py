"""The service catalogue: descriptions of the ten services (system admin)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from payung.accounts.models import User
from payung.audit.services import audit_event, diff
from payung.care.models import (
    Service,
)
from payung.care.services.common import SERVICE_EDITABLE_FIELDS, _check_reference_manager
from payung.core.actors import SystemActor

# --- services catalogue --------------------------------------------------------------------


@transaction.atomic
def service_update(*, actor: User | SystemActor, service: Service, **fields: Any) -> Service:
    """Change a service's description or SIMFONI-PPA mapping; audits what changed."""
    unknown = sorted(set(fields) - set(SERVICE_EDITABLE_FIELDS))
    if unknown:
        raise ValueError(f"not editable on a service: {', '.join(unknown)}")
    _check_reference_manager(actor)
    current = Service.objects.select_for_update().get(pk=service.pk)
    before = {name: getattr(current, name) for name in fields}
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    changes = diff(before, fields)
    if changes:
        current.save(update_fields=[*changes, "updated_at"])
        audit_event(
            actor=actor,
            action="service.update",
            target=current,
            target_label=current.code,
            changes=changes,
        )
    return current

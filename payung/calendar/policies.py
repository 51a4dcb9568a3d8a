"""Who may edit the holiday calendar: the system admin (reference data)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from payung.accounts.roles import Cap
from payung.calendar.models import Holiday
from payung.core.actors import is_system, require_actor


def can_manage_holidays(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Cap.REFERENCE_MANAGE))


def authorize_holidays(actor: Any) -> None:
    """Holidays are reference data: the system admin, or a system actor (a loader)."""
    require_actor(actor)
    if not is_system(actor) and not can_manage_holidays(actor):
        raise PermissionDenied


def get_holiday_for(user: Any, pk: int) -> Holiday:
    if not can_manage_holidays(user):
        raise Http404
    holiday = Holiday.objects.filter(pk=pk).first()
    if holiday is None:
        raise Http404
    return holiday

"""Who may use the privacy registers: the DPO (``Cap.PRIVACY``) of a region, for records of
that region. Legal holds may also be placed by a supervisor (the head of the UPTD PPA knows
which cases are in court). Outsiders get 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from payung.accounts.roles import Cap
from payung.core.actors import is_system, require_actor
from payung.privacy.models import Breach, DataSubjectRequest, DestructionRecord


def is_dpo(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Cap.PRIVACY))


def may_hold(user: Any) -> bool:
    return is_dpo(user) or bool(
        getattr(user, "is_authenticated", False) and user.can(Cap.CASE_APPROVE_CLOSURE)
    )


def authorize_dpo(actor: Any, region_code: str | None = None) -> None:
    """For services: the DPO (of ``region_code``), or a system actor (the retention command)."""
    require_actor(actor)
    if is_system(actor):
        return
    if not is_dpo(actor):
        raise PermissionDenied
    if region_code is not None and not actor.in_scope(region_code):
        raise PermissionDenied


def authorize_hold(actor: Any, region_code: str) -> None:
    require_actor(actor)
    if is_system(actor):
        return
    if not may_hold(actor) or not actor.in_scope(region_code):
        raise PermissionDenied


def breaches(user: Any) -> QuerySet[Breach]:
    if not is_dpo(user):
        return Breach.objects.none()
    return Breach.objects.filter(user.region_q("region_code"))


def get_breach_for(user: Any, pk: int) -> Breach:
    breach = breaches(user).filter(pk=pk).first()
    if breach is None:
        raise Http404
    return breach


def requests(user: Any) -> QuerySet[DataSubjectRequest]:
    if not is_dpo(user):
        return DataSubjectRequest.objects.none()
    return DataSubjectRequest.objects.filter(user.region_q("region_code"))


def get_request_for(user: Any, pk: int) -> DataSubjectRequest:
    item = requests(user).select_related("case", "party", "consent").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def destruction_records(user: Any) -> QuerySet[DestructionRecord]:
    if not is_dpo(user):
        return DestructionRecord.objects.none()
    return DestructionRecord.objects.all()


def get_destruction_record_for(user: Any, pk: int) -> DestructionRecord:
    record = destruction_records(user).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record

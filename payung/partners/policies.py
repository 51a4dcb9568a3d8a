"""Who belongs to which partner organisation, who may read the directory and who keeps the
reference data (the service catalogue and the organisations).

Organisation scope (docs/domain.md#roles): provider and shelter staff belong to one
organisation and see only what concerns it. ``organisation_of`` names that organisation and
``organisation_scope_q`` is the queryset filter other apps use for "only referrals to their
organisation"::

    Referral.objects.filter(organisation_scope_q(user, "organisation"))

Outsiders get 404, as for a record that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from payung.accounts.roles import ORGANISATION_SCOPED, Cap
from payung.partners.models import Organisation, Service

_NOTHING = Q(pk__in=[])


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


# --- organisation scope ------------------------------------------------------------------


def organisation_of(user: Any) -> Organisation | None:
    """The active organisation a provider or shelter staff member works for, else ``None``.

    Other roles have none, and staff of a deactivated organisation lose their scope with it.
    """
    if not _signed_in(user) or not user.is_active or user.role not in ORGANISATION_SCOPED:
        return None
    if user.organisation_id is None:
        return None
    organisation: Organisation = user.organisation
    return organisation if organisation.is_active else None


def organisation_scope_q(user: Any, field: str = "organisation") -> Q:
    """Rows whose ``field`` (a foreign key to ``Organisation``) is the user's organisation.

    Matches nothing for a user without one (any role outside provider/shelter staff).
    """
    organisation = organisation_of(user)
    if organisation is None:
        return _NOTHING
    return Q(**{field: organisation.pk})


def for_own_organisation(
    user: Any, queryset: QuerySet[Any], field: str = "organisation"
) -> QuerySet[Any]:
    """``queryset`` narrowed to rows of the user's organisation (empty without one)."""
    if organisation_of(user) is None:
        return queryset.none()
    return queryset.filter(organisation_scope_q(user, field))


# --- reference data: services and organisations --------------------------------------------


def may_manage_reference(user: Any) -> bool:
    return _signed_in(user) and user.can(Cap.REFERENCE_MANAGE)


def may_view_directory(user: Any) -> bool:
    """The partner directory: staff who refer victims, and the admin who keeps it."""
    return _signed_in(user) and (user.can(Cap.REFERRAL_MAKE) or user.can(Cap.REFERENCE_MANAGE))


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    """Organisations placed inside the user's region scope. Only the admin sees inactive ones."""
    if not may_view_directory(user):
        return Organisation.objects.none()
    organisations = Organisation.objects.filter(user.region_q("region_code"))
    if not may_manage_reference(user):
        organisations = organisations.filter(is_active=True)
    return organisations


def get_organisation_for(user: Any, pk: int) -> Organisation:
    organisation = organisations_visible_to(user).filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


def organisations_for_admin(user: Any) -> QuerySet[Organisation]:
    if not may_manage_reference(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(user.region_q("region_code"))


def get_organisation_for_admin(user: Any, pk: int) -> Organisation:
    organisation = organisations_for_admin(user).select_related("region").filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


def get_service_for_admin(user: Any, pk: int) -> Service:
    if not may_manage_reference(user):
        raise Http404
    service = Service.objects.filter(pk=pk).first()
    if service is None:
        raise Http404
    return service

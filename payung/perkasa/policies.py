"""Who may do what in Perkasa (docs/perkasa.md#who-sees-what).

``perkasa.manage`` (the Perkasa officer) works the registry of her region — the city, or a
province for a province user. A PPT officer registers women of her own kelurahan and sees
only those registrations. Case content is never reachable from here, and nothing in a
registration says whether she came from a protection case except ``prioritised``, which
only Perkasa officers see. Outsiders get 404. Publishing a scoring model is the Perkasa
officer's (or the system admin's, as reference data).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from payung.accounts.roles import Cap, Role
from payung.core.actors import is_system, require_actor
from payung.perkasa.models import Enrolment, Programme, ProgrammeCycle, Registrant


def is_officer(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Cap.PERKASA))


def is_ppt(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.PPT_OFFICER)


def can_register(user: Any) -> bool:
    return is_officer(user) or is_ppt(user)


def can_manage_scoring(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.can(Cap.PERKASA) or user.can(Cap.REFERENCE_MANAGE))
    )


def visible_registrants(user: Any) -> QuerySet[Registrant]:
    if not can_register(user):
        return Registrant.objects.none()
    return Registrant.objects.filter(user.region_q("region_code"))


def get_registrant_for(user: Any, pk: int) -> Registrant:
    registrant = visible_registrants(user).filter(pk=pk).select_related("kelurahan").first()
    if registrant is None:
        raise Http404
    return registrant


def authorize_register(actor: Any, region_code: str) -> None:
    """Registering a woman of ``region_code``: an officer or a PPT officer in scope; the
    public form acts as ``PUBLIC_FORM`` and the demo loader as a system actor."""
    require_actor(actor)
    if is_system(actor):
        return
    if not can_register(actor) or not actor.in_scope(region_code):
        raise PermissionDenied


def authorize_officer(actor: Any, registrant: Registrant | None = None) -> None:
    """Verification, eligibility, duplicates: the Perkasa officer only, within scope."""
    require_actor(actor)
    if is_system(actor):
        return
    if not is_officer(actor):
        raise PermissionDenied
    if registrant is not None and not actor.in_scope(registrant.region_code):
        raise PermissionDenied


def authorize_edit(actor: Any, registrant: Registrant) -> None:
    require_actor(actor)
    if is_system(actor):
        return
    if not can_register(actor) or not actor.in_scope(registrant.region_code):
        raise PermissionDenied


def can_see_referral_marker(user: Any) -> bool:
    """Whether ``user`` may see that a registration is a prioritised referral (and that it
    came from a protection service): Perkasa officers only. Anyone else who reaches a
    registration — a PPT officer, a partner agency's staff — must not learn from it that
    she is a victim."""
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.PERKASA_OFFICER)


def authorize_case_referral(actor: Any, region_code: str) -> None:
    """A referral from a protection case: made by casework staff who may act on the case
    (the case side authorised the case and checked the victim's consent before calling),
    for a woman living in their region (``region_code``, her kelurahan)."""
    require_actor(actor)
    if is_system(actor):
        return
    if not actor.can(Cap.CASE_CONTENT) or actor.role not in (
        Role.CASE_MANAGER,
        Role.SUPERVISOR,
        Role.PPT_OFFICER,
    ):
        raise PermissionDenied
    if region_code and not actor.in_scope(region_code):
        raise PermissionDenied


def authorize_scoring(actor: Any) -> None:
    require_actor(actor)
    if not is_system(actor) and not can_manage_scoring(actor):
        raise PermissionDenied


# --- programmes: the Perkasa officer and the staff of the owning agency ----------------------
#
# A partner-agency user (``Cap.PERKASA_PARTNER``) belongs to one organisation
# (``User.organisation``) and sees the cycles of the programmes that organisation owns, and
# the enrolments in them, within her region — nothing else (404). She never reaches the
# registry page of a woman: her participant page shows what the programme needs (name,
# kelurahan, contact, business, attendance, mentoring, tranches), never the NIK, the route
# of registration or the prioritised-referral marker, which could reveal a victim.


def is_partner(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.can(Cap.PERKASA_PARTNER)
        and getattr(user, "organisation_id", None) is not None
    )


def can_see_programmes(user: Any) -> bool:
    return is_officer(user) or is_partner(user)


def visible_programmes(user: Any) -> QuerySet[Programme]:
    if is_officer(user):
        return Programme.objects.all()
    if is_partner(user):
        return Programme.objects.filter(organisation_id=user.organisation_id)
    return Programme.objects.none()


def visible_cycles(user: Any) -> QuerySet[ProgrammeCycle]:
    return ProgrammeCycle.objects.filter(programme__in=visible_programmes(user))


def visible_enrolments(user: Any) -> QuerySet[Enrolment]:
    if not can_see_programmes(user):
        return Enrolment.objects.none()
    return Enrolment.objects.filter(
        user.region_q("registrant__region_code"), cycle__programme__in=visible_programmes(user)
    )


def get_programme_for(user: Any, pk: int) -> Programme:
    programme = visible_programmes(user).filter(pk=pk).first()
    if programme is None:
        raise Http404
    return programme


def get_cycle_for(user: Any, pk: int) -> ProgrammeCycle:
    cycle = visible_cycles(user).filter(pk=pk).select_related("programme").first()
    if cycle is None:
        raise Http404
    return cycle


def get_enrolment_for(user: Any, pk: int) -> Enrolment:
    enrolment = (
        visible_enrolments(user)
        .filter(pk=pk)
        .select_related("cycle__programme", "registrant__kelurahan")
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def authorize_programme_work(actor: Any, enrolment: Enrolment) -> None:
    """Attendance, mentoring, the business, proposing a tranche: the Perkasa officer within
    scope, or the staff of the agency that owns the programme (within scope)."""
    require_actor(actor)
    if is_system(actor):
        return
    if is_officer(actor) and actor.in_scope(enrolment.registrant.region_code):
        return
    if (
        is_partner(actor)
        and enrolment.cycle.programme.organisation_id == actor.organisation_id
        and actor.in_scope(enrolment.registrant.region_code)
    ):
        return
    raise PermissionDenied


def authorize_cycle_work(actor: Any, cycle: ProgrammeCycle) -> None:
    """Scheduling a session of a cycle: the officer, or the owning agency's staff."""
    require_actor(actor)
    if is_system(actor) or is_officer(actor):
        return
    if is_partner(actor) and cycle.programme.organisation_id == actor.organisation_id:
        return
    raise PermissionDenied

"""Who may see and do what with shelters, stays, referrals and the rest of a case's care.

The organisation scope of provider and shelter staff (``organisation_of``,
``organisation_scope_q``), the directory and the reference data are the partner
registry's: ``payung.partners.policies``.

Shelters: the address is confidential. Only the shelter's own staff and supervisors
(``Cap.CASE_APPROVE_CLOSURE``, within their region scope) may read it; everyone else —
case managers and the system admin included — is shown "alamat dirahasiakan". Shelter staff see
their own shelter's current residents; case managers see the stays of their own cases;
supervisors see every stay in their scope. Outsiders get 404, as for a record that does not
exist.
"""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import Q, QuerySet
from django.http import Http404

from payung.accounts.roles import Cap, Role
from payung.care.models import (
    Accompaniment,
    HomeVisit,
    Referral,
    ReferralReport,
    Reintegration,
    Shelter,
    Stay,
    Task,
    VisumLetter,
)
from payung.cases.models import Case
from payung.cases.policies import can_act_on_case, visible_cases
from payung.partners.policies import organisation_of, organisation_scope_q

ShelterNeed = Literal["view", "address", "admit", "manage"]
StayNeed = Literal["view", "discharge"]

_NOTHING = Q(pk__in=[])


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


# --- shelters ----------------------------------------------------------------------------


def is_supervisor(user: Any) -> bool:
    return _signed_in(user) and user.can(Cap.CASE_APPROVE_CLOSURE)


def shelter_of(user: Any) -> Shelter | None:
    """The shelter a shelter staff member works in (``None`` for everyone else)."""
    if not _signed_in(user) or user.role != Role.SHELTER_STAFF or not user.can(Cap.SHELTER):
        return None
    organisation = organisation_of(user)
    if organisation is None:
        return None
    return Shelter.objects.filter(organisation=organisation).first()


def _is_own_shelter(user: Any, shelter: Shelter) -> bool:
    return (
        _signed_in(user)
        and user.role == Role.SHELTER_STAFF
        and user.can(Cap.SHELTER)
        and user.organisation_id is not None
        and user.organisation_id == shelter.organisation_id
    )


def is_own_shelter(user: Any, shelter: Shelter) -> bool:
    """``user`` is on the staff of ``shelter`` (no query: the user's organisation id)."""
    return _is_own_shelter(user, shelter)


def may_view_shelters(user: Any) -> bool:
    """The shelter pages: staff who place victims, and shelter staff (their own only)."""
    return _signed_in(user) and (user.can(Cap.REFERRAL_MAKE) or user.can(Cap.SHELTER))


def shelters_visible_to(user: Any) -> QuerySet[Shelter]:
    """Shelter staff: their own shelter. Case managers and supervisors: active shelters in
    their region scope (for placing a victim). Everyone else: none."""
    if not _signed_in(user):
        return Shelter.objects.none()
    if user.role == Role.SHELTER_STAFF:
        return (
            Shelter.objects.filter(
                organisation_scope_q(user, "organisation"), organisation__is_active=True
            )
            if user.can(Cap.SHELTER)
            else Shelter.objects.none()
        )
    if not user.can(Cap.REFERRAL_MAKE):
        return Shelter.objects.none()
    return Shelter.objects.filter(
        user.region_q("organisation__region_code"), organisation__is_active=True
    )


def may_see_shelter_address(user: Any, shelter: Shelter) -> bool:
    """The confidential address: that shelter's own staff, and supervisors in scope. Never
    the case manager who placed someone there, never the system admin."""
    if _is_own_shelter(user, shelter):
        return organisation_of(user) is not None
    return is_supervisor(user) and user.in_scope(shelter.organisation.region_code)


def may_manage_shelter(user: Any, shelter: Shelter) -> bool:
    """Edit the address and capacity: the same people who may read the address."""
    return may_see_shelter_address(user, shelter)


def may_see_residents(user: Any, shelter: Shelter) -> bool:
    """Every current resident of the shelter (not only those of the user's own cases)."""
    return may_see_shelter_address(user, shelter)


def may_admit(user: Any) -> bool:
    """Placing a victim in a shelter is a case decision: the case's manager or a supervisor."""
    return _signed_in(user) and user.can(Cap.REFERRAL_MAKE) and user.can(Cap.CASE_CONTENT)


def get_shelter_for(user: Any, pk: int, *, need: ShelterNeed = "view") -> Shelter:
    """The shelter if ``user`` may see it and do ``need`` (404 otherwise)."""
    shelter = shelters_visible_to(user).select_related("organisation__region").filter(pk=pk).first()
    if shelter is None:
        raise Http404
    allowed = {
        "view": True,
        "address": may_see_shelter_address(user, shelter),
        "admit": may_admit(user),
        "manage": may_manage_shelter(user, shelter),
    }[need]
    if not allowed:
        raise Http404
    return shelter


# --- cases and stays -----------------------------------------------------------------------


def cases_for_placement(user: Any) -> QuerySet[Case]:
    """Cases whose victims ``user`` may place in a shelter and whose stays they see: the
    cases they work (the case policy decides: a case manager's own and team cases, every case
    in a supervisor's scope)."""
    if not may_admit(user):
        return Case.objects.none()
    return visible_cases(user)


def stays_visible_to(user: Any) -> QuerySet[Stay]:
    """Shelter staff: their shelter's current residents. Supervisors: stays in shelters and
    cases of their scope. Case managers: stays of their own cases. Others: none."""
    if not _signed_in(user):
        return Stay.objects.none()
    if user.role == Role.SHELTER_STAFF:
        own = shelter_of(user)
        if own is None:
            return Stay.objects.none()
        return Stay.objects.filter(shelter=own, discharged_at__isnull=True)
    if not may_admit(user):
        return Stay.objects.none()
    stays = Stay.objects.filter(case__in=cases_for_placement(user))
    if is_supervisor(user):
        stays = stays.filter(user.region_q("shelter__organisation__region_code"))
    return stays


def may_discharge(user: Any, stay: Stay) -> bool:
    """A current stay may be ended by the shelter's staff, a supervisor, or the case manager
    who placed the victim (visibility is checked by the caller)."""
    return stay.is_current


def get_stay_for(user: Any, pk: int, *, need: StayNeed = "view") -> Stay:
    stay = (
        stays_visible_to(user).select_related("shelter__organisation", "case").filter(pk=pk).first()
    )
    if stay is None:
        raise Http404
    if need == "discharge" and not may_discharge(user, stay):
        raise Http404
    return stay


# --- referrals and the rest of a case's care (phase B) --------------------------------------
#
# Case side: whoever may see the case (the case policy decides) sees its referrals, service
# records, home visits and tasks; case workers (the owner, the team, the PPT that holds it,
# supervisors) record them while the case is open; only staff with ``Cap.REFERRAL_MAKE``
# (case managers and supervisors) send referrals and issue visum letters.
#
# Provider side: staff with ``Cap.REFERRAL_INBOX`` see the referrals to their own organisation
# only, and of each only the snapshot that was shared. Everyone else gets 404.

CareNeed = Literal["view", "work", "refer"]
InboxNeed = Literal["view", "respond"]


def care_cases(user: Any) -> QuerySet[Case]:
    """Cases whose care records ``user`` may read."""
    return visible_cases(user)


def may_work_case(user: Any, case: Case) -> bool:
    """Record services, visits, tasks on ``case``: a case worker, while the case is open."""
    return can_act_on_case(user, case, "transition")


def may_refer(user: Any) -> bool:
    return _signed_in(user) and user.can(Cap.REFERRAL_MAKE) and user.can(Cap.CASE_CONTENT)


def may_refer_on(user: Any, case: Case) -> bool:
    return may_refer(user) and may_work_case(user, case)


def get_care_case_for(user: Any, pk: int, *, need: CareNeed = "view") -> Case:
    """The case if ``user`` may see it and do ``need`` with its care; 404 otherwise."""
    case = visible_cases(user).select_related("owner", "kelurahan").filter(pk=pk).first()
    if case is None:
        raise Http404
    allowed = {
        "view": True,
        "work": may_work_case(user, case),
        "refer": may_refer_on(user, case),
    }[need]
    if not allowed:
        raise Http404
    return case


def case_referrals(user: Any) -> QuerySet[Referral]:
    """Referrals of the cases ``user`` may see (none for provider staff)."""
    return Referral.objects.filter(case__in=visible_cases(user).values("pk"))


def get_case_referral_for(user: Any, pk: int, *, need: CareNeed = "view") -> Referral:
    referral = (
        case_referrals(user)
        .select_related("case", "service", "organisation", "victim__person", "sent_by")
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        raise Http404
    if need == "refer" and not may_refer_on(user, referral.case):
        raise Http404
    if need == "work" and not may_work_case(user, referral.case):
        raise Http404
    return referral


def may_use_inbox(user: Any) -> bool:
    return _signed_in(user) and user.can(Cap.REFERRAL_INBOX)


def inbox_referrals(user: Any) -> QuerySet[Referral]:
    """Referrals to the provider's own (active) organisation; none for anyone else."""
    if not may_use_inbox(user):
        return Referral.objects.none()
    return Referral.objects.filter(organisation_scope_q(user, "organisation"))


def get_inbox_referral_for(user: Any, pk: int, *, need: InboxNeed = "view") -> Referral:
    referral = inbox_referrals(user).select_related("service", "organisation").filter(pk=pk).first()
    # After the victim withdrew the consent it rested on (UU 27/2022 PDP Pasal 40) the
    # provider cannot open it at all; the inbox list says why.
    if referral is None or referral.consent_withdrawn_at is not None:
        raise Http404
    # Responding is for the organisation's staff while the referral is theirs to act on;
    # whether the move itself is allowed is the service's question (a clear message).
    return referral


def get_referral_report_for(user: Any, referral_pk: int, pk: int) -> ReferralReport:
    """A provider's report: for that organisation's staff and for whoever sees the case."""
    referrals = inbox_referrals(user) if may_use_inbox(user) else case_referrals(user)
    report = (
        ReferralReport.objects.filter(referral__in=referrals.values("pk"))
        .select_related("referral__case", "referral__organisation")
        .filter(pk=pk, referral_id=referral_pk)
        .first()
    )
    if report is None:
        raise Http404
    return report


def home_visits_visible_to(user: Any) -> QuerySet[HomeVisit]:
    """Visits of cases the user may see; the officer always sees their own visits' cases
    because officers are chosen among those who see the case."""
    return HomeVisit.objects.filter(case__in=visible_cases(user).values("pk"))


def get_home_visit_for(user: Any, pk: int, *, need: CareNeed = "view") -> HomeVisit:
    visit = (
        home_visits_visible_to(user)
        .select_related("case", "victim__person", "officer", "reintegration")
        .filter(pk=pk)
        .first()
    )
    if visit is None:
        raise Http404
    if need != "view" and not (
        may_work_case(user, visit.case)
        or (visit.officer_id == user.pk and not visit.case.is_closed)
    ):
        raise Http404
    return visit


def get_accompaniment_for(user: Any, pk: int, *, need: CareNeed = "view") -> Accompaniment:
    item = (
        Accompaniment.objects.filter(case__in=visible_cases(user).values("pk"))
        .select_related("case", "victim__person", "officer")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    if need != "view" and not (
        may_work_case(user, item.case) or (item.officer_id == user.pk and not item.case.is_closed)
    ):
        raise Http404
    return item


def get_reintegration_for(user: Any, pk: int, *, need: CareNeed = "view") -> Reintegration:
    item = (
        Reintegration.objects.filter(case__in=visible_cases(user).values("pk"))
        .select_related("case", "victim__person", "kelurahan")
        .filter(pk=pk)
        .first()
    )
    if item is None or (need != "view" and not may_work_case(user, item.case)):
        raise Http404
    return item


def get_visum_letter_for(user: Any, pk: int) -> VisumLetter:
    letter = (
        VisumLetter.objects.filter(case__in=visible_cases(user).values("pk"))
        .select_related("case", "victim__person", "organisation", "issued_by")
        .filter(pk=pk)
        .first()
    )
    if letter is None:
        raise Http404
    return letter


def tasks_visible_to(user: Any) -> QuerySet[Task]:
    return Task.objects.filter(case__in=visible_cases(user).values("pk"))


def may_settle_tasks_at_closure(user: Any, case: Case) -> bool:
    """Cancel a case's open tasks as it closes, or restore them as it reopens: whoever
    decides closures (a supervisor) over a case they may see."""
    return bool(
        _signed_in(user)
        and user.can(Cap.CASE_APPROVE_CLOSURE)
        and visible_cases(user).filter(pk=case.pk).exists()
    )


def get_task_for(user: Any, pk: int) -> Task:
    """A task its assignee or a case worker of its case may close (404 otherwise)."""
    task = tasks_visible_to(user).select_related("case").filter(pk=pk).first()
    if task is None or not (task.assignee_id == user.pk or may_work_case(user, task.case)):
        raise Http404
    return task


def may_be_assigned(user: Any, case: Case) -> bool:
    """Officers for a visit, an accompaniment or a task: active staff who work cases and may
    see this one (so the page they are sent to opens for them)."""
    return bool(
        user.is_active
        and user.role in (Role.CASE_MANAGER, Role.SUPERVISOR, Role.PPT_OFFICER)
        and visible_cases(user).filter(pk=case.pk).exists()
    )

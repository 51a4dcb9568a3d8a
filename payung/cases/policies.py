"""Who may see and do what with reports and cases.

Reports: staff with REPORT_INTAKE or REPORT_TRIAGE see the reports without a case whose
``region_code`` lies in their scope (a PPT officer: their kelurahan; centre staff: the city),
plus those they recorded themselves (a walk-in at one post about another kelurahan stays
visible to the officer who took it). Once a report is in a case it is part of the case's
record, with the victim's name: it may be opened exactly by those who may see the case
(``visible_cases``), and no longer by every triager of the city (``readable_reports``; the
lists, ``visible_reports``, keep to the user's report scope for speed). Everyone else sees
none, and the fetch helpers answer 404 to outsiders, exactly as for a report that does not
exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from payung.accounts.roles import ORGANISATION_SCOPED, Cap, Role
from payung.cases.choices import CaseStatus, CaseUnit, ReportStatus
from payung.cases.models import (
    Case,
    CaseNote,
    CaseParty,
    ClosureRequest,
    DeadlineRule,
    Person,
    Report,
    TriageDeadlineRule,
)
from payung.core.actors import is_system, require_actor

ReportNeed = Literal["view", "triage", "message", "unlock", "attachment"]


def can_use_reports(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.can(Cap.REPORT_INTAKE) or user.can(Cap.REPORT_TRIAGE))
    )


def can_record_report(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Cap.REPORT_INTAKE))


def can_triage(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Cap.REPORT_TRIAGE))


def report_scope_q(user: Any) -> Q:
    return user.region_q("region_code") | Q(received_by=user)


def _in_visible_case(user: Any) -> Exists:
    return Exists(visible_cases(user).filter(pk=OuterRef("case_id")))


def visible_reports(user: Any, queryset: QuerySet[Report] | None = None) -> QuerySet[Report]:
    """The reports ``user``'s lists show: those in their report scope, and of those in a
    case only the ones whose case they may see.

    The scope stays an ANDed, indexed predicate so PostgreSQL starts from the region's
    reports and checks their cases against one hashed set of visible case ids; an OR with
    the case check (as in ``readable_reports``) scanned every report of the country by date:
    on 100,000 synthetic cases a city supervisor's first page took 30 ms warm and 0.4 s
    cold instead of 5 ms."""
    qs = queryset if queryset is not None else Report.objects.all()
    if not can_use_reports(user):
        return qs.none()
    in_visible_case = Q(case_id__in=visible_cases(user).values("pk"))
    return qs.filter(report_scope_q(user)).filter(Q(case__isnull=True) | in_visible_case)


def readable_reports(user: Any, queryset: QuerySet[Report] | None = None) -> QuerySet[Report]:
    """The reports ``user`` may open: without a case, those in their report scope; in a
    case, exactly those whose case they may see — also a report from outside their scope
    (another kelurahan's report attached to their case), which the case page links.

    For fetching one report by id (``get_report_for``): with the primary key first, the OR
    costs one probe; lists use ``visible_reports``."""
    qs = queryset if queryset is not None else Report.objects.all()
    if not can_use_reports(user):
        return qs.none()
    return qs.filter((Q(case__isnull=True) & report_scope_q(user)) | _in_visible_case(user))


def can_act_on_report(
    user: Any, report: Report, need: ReportNeed, *, mind_state: bool = True
) -> bool:
    """May ``user`` do ``need`` to ``report``? (Visibility is checked separately;
    ``mind_state=False``: whatever the report's status, as for cases.)"""
    if need in ("view", "attachment"):
        return can_use_reports(user)
    if need == "triage":
        return can_triage(user) and (not mind_state or report.status == ReportStatus.NEW)
    if need == "message":
        # The staff who record and triage may write to the reporter; a PPT officer of the
        # kelurahan too, since they are often the one who knows the reporter.
        return can_use_reports(user)
    if need == "unlock":
        return can_triage(user)
    return False


def get_report_for(user: Any, pk: int, *, need: ReportNeed = "view") -> Report:
    """The report if ``user`` may see it (404 otherwise); 404 too if they may not ``need``.

    Answering 404 instead of 403 for a visible report the user may not act on keeps
    one behaviour for "not yours": pages never reveal more than the list already shows.
    """
    report = (
        readable_reports(user)
        .select_related("kelurahan", "case", "received_by", "triaged_by")
        .filter(pk=pk)
        .first()
    )
    if report is None or not can_act_on_report(user, report, need):
        raise Http404
    return report


# --- cases ---------------------------------------------------------------------------------
#
# Who sees a case (docs/domain.md#roles):
# - a supervisor: every case in their region;
# - a case manager: the cases they own or are on the team of, city-wide (within their region);
# - a PPT officer: the cases of their kelurahan, whoever handles them (a case carries its
#   kelurahan's code; one opened at city level, without a kelurahan, carries the city's);
#   they act on those the PPT handles and only read those the centre handles, unless they
#   own one or are on its team (``_reads_only``, issue #14);
# - provider and shelter staff: none here (the care app shows them their referrals only);
# - everyone else (analyst, DPO, admin…): none. Outsiders get 404.

CASE_ROLES = frozenset({Role.SUPERVISOR, Role.CASE_MANAGER, Role.PPT_OFFICER})

CaseNeed = Literal[
    "view",
    "edit",
    "note",
    "transition",
    "request_closure",
    "approve_closure",
    "assign",
    "transfer",
    "reopen",
    "override_consent",
    "team",
    "restrict",
]


def can_use_cases(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.can(Cap.CASE_CONTENT)
        and user.role in CASE_ROLES
    )


def is_supervisor(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Cap.CASE_APPROVE_CLOSURE))


def _team_member(user: Any) -> Exists:
    return Exists(Case.team.through.objects.filter(case_id=OuterRef("pk"), user_id=user.pk))


def visible_cases(user: Any, queryset: QuerySet[Case] | None = None) -> QuerySet[Case]:
    qs = queryset if queryset is not None else Case.objects.all()
    if not can_use_cases(user) or user.role in ORGANISATION_SCOPED:
        return qs.none()
    qs = qs.filter(user.region_q("region_code")).filter(processing_restriction_q(user))
    # A restricted case: its named staff only (issue #14). A subquery of the user's few
    # named cases, so an unrestricted list costs the same index scan as before.
    named = Case.restricted_to.through.objects.filter(user_id=user.pk).values("case_id")
    qs = qs.filter(Q(restricted=False) | Q(pk__in=named))
    if user.role == Role.CASE_MANAGER:
        # Their own cases and their team's, as one set of ids: PostgreSQL starts from the
        # few thousand ids (two index lookups) instead of testing every case of the region
        # against "owner = me OR EXISTS(team)" (docs/performance.md).
        own = Case.objects.filter(owner=user).order_by().values("pk")
        team = Case.team.through.objects.filter(user_id=user.pk).values("case_id")
        qs = qs.filter(pk__in=own.union(team))
    return qs


def attachable_cases(user: Any) -> QuerySet[Case]:
    """Cases a triager may attach a report to, by number: every case in their region (a case
    manager triaging the queue attaches to colleagues' cases too). Only the number and
    status are shown for these; opening one still goes through ``get_case_for``."""
    if not getattr(user, "is_authenticated", False) or not user.can(Cap.REPORT_TRIAGE):
        return visible_cases(user)
    return Case.objects.filter(user.region_q("region_code"))


def get_case_for_attach(user: Any, number: str) -> Case:
    case = attachable_cases(user).filter(number=number.strip()).first()
    if case is None:
        raise Http404
    return case


def is_case_worker(user: Any, case: Case) -> bool:
    """The owner, a team member, or the PPT that holds the case."""
    if case.owner_id == user.pk:
        return True
    if (
        user.role == Role.PPT_OFFICER
        and case.unit == CaseUnit.PPT
        and case.region_code == user.scope_code
    ):
        return True
    return case.team.filter(pk=user.pk).exists()


def _reads_only(user: Any, case: Case) -> bool:
    """A PPT officer on a case the centre handles, which they neither own nor work on as a
    team member: they may read it (it is of their kelurahan) but not change it. The team
    answer is kept on the case object, so the many questions a case page asks cost one
    query at most."""
    if user.role != Role.PPT_OFFICER or case.unit == CaseUnit.PPT or case.owner_id == user.pk:
        return False
    cache: dict[int, bool] = case.__dict__.setdefault("_reads_only_cache", {})
    if user.pk not in cache:
        cache[user.pk] = not case.team.filter(pk=user.pk).exists()
    return cache[user.pk]


def can_act_on_case(user: Any, case: Case, need: CaseNeed, *, mind_state: bool = True) -> bool:
    """May ``user`` do ``need`` to ``case``? (Visibility is checked by ``get_case_for``.)

    ``mind_state=False`` answers for the person alone, whatever the case's status: services
    use it to authorise, then refuse a move the status does not allow with their own, clearer
    error (``TransitionError``)."""
    if not can_use_cases(user):
        return False
    closed = case.status == CaseStatus.CLOSED if mind_state else need == "reopen"
    supervisor = is_supervisor(user)
    if need == "view":
        return True
    if _reads_only(user, case):
        return False
    if need in ("edit", "note"):
        return not closed
    if need in ("transition", "request_closure", "team"):
        return not closed and (supervisor or is_case_worker(user, case))
    if need in ("approve_closure", "override_consent", "restrict"):
        return supervisor
    if need in ("assign", "transfer"):
        return not closed and user.can(Cap.CASE_ASSIGN)
    if need == "reopen":
        return closed and supervisor
    return False


def can_decide_closure(user: Any, request: ClosureRequest, *, approve: bool) -> bool:
    """A supervisor over the case decides a closure request; approving needs someone other
    than the requester (a supervisor's own request waits for another supervisor or the
    head). Withdrawing one's own request (a rejection) is allowed."""
    case = request.case
    if not can_act_on_case(user, case, "approve_closure") or not user.in_scope(case.region_code):
        return False
    return not (approve and request.requested_by_id == user.pk)


def get_case_for(user: Any, pk: int, *, need: CaseNeed = "view") -> Case:
    """The case if ``user`` may see it and do ``need``; 404 otherwise (never 403)."""
    from payung.cases.selectors import slim

    case = slim(
        visible_cases(user).filter(pk=pk), users=("owner", "created_by"), regions=("kelurahan",)
    ).first()
    if case is None or not can_act_on_case(user, case, need):
        raise Http404
    return case


def visible_people(user: Any, queryset: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """People who are a party to at least one case ``user`` may see. Someone known only from
    cases outside the user's sight stays unknown to them (not even "this NIK exists")."""
    qs = queryset if queryset is not None else Person.objects.all()
    if not can_use_cases(user):
        return qs.none()
    parties = CaseParty.objects.filter(case__in=visible_cases(user).values("pk"))
    return qs.filter(pk__in=parties.values("person_id"))


def get_case_by_number_for(user: Any, number: str) -> Case:
    case = visible_cases(user).filter(number=number.strip()).first()
    if case is None:
        raise Http404
    return case


def visible_notes(user: Any, case: Case) -> QuerySet[CaseNote]:
    """A confidential note is read by its author and by supervisors only."""
    qs = case.notes.all()
    if is_supervisor(user):
        return qs
    return qs.filter(Q(confidential=False) | Q(author=user))


def can_manage_deadline_rules(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Cap.REFERENCE_MANAGE))


def get_case_deadline_rule_for(user: Any, pk: int) -> DeadlineRule:
    if not can_manage_deadline_rules(user):
        raise Http404
    rule = DeadlineRule.objects.filter(pk=pk).first()
    if rule is None:
        raise Http404
    return rule


def get_deadline_rule_for(user: Any, pk: int) -> TriageDeadlineRule:
    """Triage deadline rules are reference data: the system admin edits them."""
    if not getattr(user, "is_authenticated", False) or not user.can(Cap.REFERENCE_MANAGE):
        raise Http404
    rule = TriageDeadlineRule.objects.filter(pk=pk).first()
    if rule is None:
        raise Http404
    return rule


# --- authorising the actor of a service ------------------------------------------------------
#
# Views and the API fetch through ``get_*_for`` (404 for outsiders). Services check again,
# in Python on the row they already hold, so a command, a job, a future sync or any caller
# that skipped the fetch cannot act past the policy: ``PermissionDenied`` for a person who
# may not, a pass for a ``SystemActor``, a refusal for ``None`` (payung/core/actors.py).


def _in_scope(user: Any, region_code: str) -> bool:
    return region_code.startswith(user.scope_code)


def may_see_case(user: Any, case: Case) -> bool:
    """``visible_cases`` for one case already loaded (no query unless the case manager's
    team must be asked)."""
    if not can_use_cases(user) or user.role in ORGANISATION_SCOPED:
        return False
    if not _in_scope(user, case.region_code):
        return False
    if case.processing_restricted and user.role != Role.SUPERVISOR:
        return False
    if case.restricted and not case.restricted_to.filter(pk=user.pk).exists():
        return False
    if user.role == Role.CASE_MANAGER:
        return case.owner_id == user.pk or case.team.filter(pk=user.pk).exists()
    return True


def may_see_report(user: Any, report: Report) -> bool:
    """``visible_reports`` for one report already loaded."""
    if not can_use_reports(user):
        return False
    return report.received_by_id == user.pk or _in_scope(user, report.region_code)


# Cases an enclosing, already-authorised service lets its actor write: triage opens a case
# and seeds it from the report (people, the incident) although the triager may not see the
# case afterwards (a case manager's case belongs to its owner and team).
_GRANTED: ContextVar[frozenset[tuple[int, int]]] = ContextVar("case_grants", default=frozenset())


@contextmanager
def seeding(actor: Any, case: Case) -> Iterator[None]:
    """Within the block, ``actor`` may write ``case`` as part of the action that created it."""
    token = _GRANTED.set(_GRANTED.get() | {(actor.pk, case.pk)})
    try:
        yield
    finally:
        _GRANTED.reset(token)


def authorize_case(actor: Any, case: Case, need: CaseNeed) -> None:
    require_actor(actor)
    if is_system(actor) or (getattr(actor, "pk", None), case.pk) in _GRANTED.get():
        return
    if not may_see_case(actor, case) or not can_act_on_case(actor, case, need, mind_state=False):
        raise PermissionDenied


def authorize_person(actor: Any, person: Person) -> None:
    """Linking an existing person to a case shows their record on that case: only someone
    who may already see them (``visible_people``) may link them."""
    require_actor(actor)
    if is_system(actor):
        return
    if not visible_people(actor).filter(pk=person.pk).exists():
        raise PermissionDenied


def authorize_report(actor: Any, report: Report, need: ReportNeed) -> None:
    require_actor(actor)
    if is_system(actor):
        return
    if not may_see_report(actor, report) or not can_act_on_report(
        actor, report, need, mind_state=False
    ):
        raise PermissionDenied


def authorize_intake(actor: Any) -> None:
    """Recording a report: staff who take reports, or the public form (a system actor)."""
    require_actor(actor)
    if not is_system(actor) and not can_record_report(actor):
        raise PermissionDenied


def authorize_triage(actor: Any) -> None:
    require_actor(actor)
    if not is_system(actor) and not can_triage(actor):
        raise PermissionDenied


def authorize_reference(actor: Any) -> None:
    """Deadline rules are reference data: the system admin edits them."""
    require_actor(actor)
    if not is_system(actor) and not can_manage_deadline_rules(actor):
        raise PermissionDenied


def is_privacy_officer(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Cap.PRIVACY))


def authorize_privacy_officer(actor: Any, case: Case) -> None:
    """The DPO acting on a data subject's request (restriction, withdrawal of consent,
    anonymisation under the retention schedule): a case of their region, never its
    content. The retention command runs as a system actor."""
    authorize_privacy_region(actor, case.region_code)


def authorize_privacy_region(actor: Any, region_code: str) -> None:
    require_actor(actor)
    if is_system(actor):
        return
    if not is_privacy_officer(actor) or not _in_scope(actor, region_code):
        raise PermissionDenied


def processing_restriction_q(user: Any) -> Q:
    """Cases whose processing a data subject restricted (UU 27/2022 PDP Pasal 11) are hidden
    from everyone but supervisors."""
    if getattr(user, "role", None) == Role.SUPERVISOR:
        return Q()
    return Q(processing_restricted=False)

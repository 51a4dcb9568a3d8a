"""Queues and small reads: deadlines, breaches, closure approvals, people search."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import (
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from payung.accounts.models import User
from payung.accounts.roles import Role
from payung.cases.choices import (
    ClosureRequestState,
    DeadlineState,
)
from payung.cases.models import (
    Assessment,
    Case,
    CaseDeadline,
    ClosureRequest,
    DeadlineRule,
)
from payung.cases.policies import visible_cases
from payung.cases.selectors.case_lists import _person_ids
from payung.regions.models import covering_codes


def my_deadlines(user: Any) -> QuerySet[CaseDeadline]:
    """Open due items of the cases ``user`` owns or works on, soonest first."""
    mine = visible_cases(user).filter(
        Q(owner=user)
        | Exists(Case.team.through.objects.filter(case_id=OuterRef("pk"), user_id=user.pk))
        | Q(region_code=user.scope_code, unit="ppt")
    )
    return (
        CaseDeadline.objects.filter(state=DeadlineState.OPEN, case__in=mine.values("pk"))
        .select_related("case", "rule")
        .order_by("due_at", "pk")
    )


def deadline_breaches(user: Any, *, now: datetime | None = None) -> QuerySet[CaseDeadline]:
    """Overdue open items and items met late, across the cases ``user`` may see."""
    now = now or timezone.now()
    return (
        CaseDeadline.objects.filter(case__in=visible_cases(user).values("pk"))
        .filter(
            Q(state=DeadlineState.OPEN, due_at__lte=now)
            | Q(state=DeadlineState.MET, met_at__gt=F("due_at"))
        )
        .select_related("case", "case__owner", "rule")
        .order_by("state", "due_at", "pk")
    )


def closure_queue(user: Any) -> QuerySet[ClosureRequest]:
    return (
        ClosureRequest.objects.filter(
            state=ClosureRequestState.PENDING, case__in=visible_cases(user).values("pk")
        )
        .select_related("case", "case__owner", "requested_by")
        .order_by("requested_at", "pk")
    )


def get_closure_request_for(user: Any, pk: int) -> ClosureRequest:
    from django.http import Http404

    request = closure_queue(user).filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def economic_empowerment_needs(user: Any) -> QuerySet[Assessment]:
    """Victims whose latest assessment found an economic-empowerment need (Perpres 55/2024):
    what the Perkasa module reads. Scoped like the cases themselves."""
    latest = (
        Assessment.objects.filter(victim_id=OuterRef("victim_id"))
        .order_by("-assessed_on", "-pk")
        .values("pk")[:1]
    )
    return (
        Assessment.objects.filter(case__in=visible_cases(user).values("pk"))
        .filter(pk=Subquery(latest), economic_empowerment_need=True)
        .select_related("case", "victim__person")
    )


def case_deadline_rules() -> QuerySet[DeadlineRule]:
    return DeadlineRule.objects.order_by("order", "code")


COVERING_ROLES = (Role.CASE_MANAGER, Role.SUPERVISOR, Role.PPT_OFFICER)


def covering_staff(case: Case) -> list[User]:
    """Active case managers, supervisors and PPT officers whose scope covers the case, by
    name — one query per case object: the case page asks three times (the assignment and
    team forms, the restriction form, care's visit and task officers), and each was a join
    on users and regions (docs/performance.md, issue #16). Kept on the instance, so it lives
    as long as the request's ``case``."""
    cached: list[User] | None = case.__dict__.get("_covering_staff")
    if cached is None:
        cached = list(
            User.objects.filter(
                role__in=COVERING_ROLES,
                is_active=True,
                region__code__in=covering_codes(case.region_code),
            )
            .select_related("region")
            .order_by("first_name", "username")
        )
        case.__dict__["_covering_staff"] = cached
    return list(cached)


def case_worker_choices(user: Any, case: Case) -> list[User]:
    """Active case managers and supervisors whose scope covers the case."""
    return [
        person
        for person in covering_staff(case)
        if person.role in (Role.CASE_MANAGER, Role.SUPERVISOR)
    ]


def restrict_choices(case: Case) -> list[User]:
    """Staff who could be named on a restricted case: active case managers, supervisors and
    PPT officers whose scope covers it."""
    return covering_staff(case)


def person_match_ids(q: str) -> set[int]:
    """Ids of people whose NIK, No. KK, phone or name matches ``q`` (blind indexes only)."""
    people = _person_ids(q.strip())
    if people is None:
        return set()
    # A values() queryset (or a UNION of two): each row is {"pk": id}.
    return {row["pk"] for row in people}

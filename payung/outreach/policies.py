"""Who may do what in outreach (docs/outreach.md#who-sees-what).

``outreach.manage`` opens the module; the user's region is the scope: the outreach officer
(city) sees and plans the whole city, a PPT officer only their own kelurahan — draft plans
included. Outsiders get 404. The analyst (``stats.read``) sees the coverage board and the
prevention figures (aggregates), never a leader's contact nor a Forum Anak member.
Case content stays invisible to all of them: a disclosure shows on the activity as a count.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from payung.accounts.roles import Cap, Role
from payung.core.actors import is_system, require_actor
from payung.outreach.models import Activity, Forum, ForumMember, Leader


def can_manage(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Cap.OUTREACH))


def can_view_coverage(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and (user.can(Cap.OUTREACH) or user.can(Cap.STATS))
    )


def can_manage_catalogue(user: Any) -> bool:
    """The activity types, topics and quiz bank: the outreach officer of the city, or the
    system admin (reference data)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.can(Cap.REFERENCE_MANAGE) or user.role == Role.OUTREACH_OFFICER)
    )


def can_manage_forum(user: Any) -> bool:
    """Children's records: the outreach officer only (city scope)."""
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.OUTREACH_OFFICER)


def scope_q(user: Any, field: str = "region_code") -> Q:
    return user.region_q(field)


def visible_activities(user: Any) -> QuerySet[Activity]:
    if not can_manage(user):
        return Activity.objects.none()
    return Activity.objects.filter(scope_q(user))


def get_activity_for(user: Any, pk: int) -> Activity:
    activity = visible_activities(user).filter(pk=pk).first()
    if activity is None:
        raise Http404
    return activity


def authorize_activity(actor: Any, activity: Activity | None = None, region_code: str = "") -> None:
    """Planning or changing an activity: ``outreach.manage`` and the activity's region within
    the actor's scope (a system actor — the demo loader — passes)."""
    require_actor(actor)
    if is_system(actor):
        return
    if not can_manage(actor):
        raise PermissionDenied
    code = activity.region_code if activity is not None else region_code
    if not actor.in_scope(code):
        raise PermissionDenied


def authorize_catalogue(actor: Any) -> None:
    require_actor(actor)
    if not is_system(actor) and not can_manage_catalogue(actor):
        raise PermissionDenied


def can_set_targets(user: Any) -> bool:
    return bool(can_manage(user) and user.role == Role.OUTREACH_OFFICER)


def authorize_plan(actor: Any, region_code: str) -> None:
    """Annual targets: the outreach officer, for kelurahan in their scope."""
    require_actor(actor)
    if is_system(actor):
        return
    if not can_set_targets(actor) or not actor.in_scope(region_code):
        raise PermissionDenied


def visible_leaders(user: Any) -> QuerySet[Leader]:
    if not can_manage(user):
        return Leader.objects.none()
    return Leader.objects.filter(scope_q(user))


def get_leader_for(user: Any, pk: int) -> Leader:
    leader = visible_leaders(user).filter(pk=pk).first()
    if leader is None:
        raise Http404
    return leader


def authorize_leader(actor: Any, region_code: str) -> None:
    require_actor(actor)
    if is_system(actor):
        return
    if not can_manage(actor) or not actor.in_scope(region_code):
        raise PermissionDenied


def visible_forums(user: Any) -> QuerySet[Forum]:
    if not can_manage_forum(user):
        return Forum.objects.none()
    return Forum.objects.filter(scope_q(user))


def get_forum_for(user: Any, pk: int) -> Forum:
    forum = visible_forums(user).filter(pk=pk).first()
    if forum is None:
        raise Http404
    return forum


def visible_members(user: Any) -> QuerySet[ForumMember]:
    if not can_manage_forum(user):
        return ForumMember.objects.none()
    return ForumMember.objects.filter(scope_q(user))


def authorize_forum(actor: Any, region_code: str) -> None:
    require_actor(actor)
    if is_system(actor):
        return
    if not can_manage_forum(actor) or not actor.in_scope(region_code):
        raise PermissionDenied

"""Who may manage which accounts, and which personal objects a user may touch.

Two questions, answered together (STYLE.md): *may this user do X* and *which objects may
this user see*. Fetch-and-authorise helpers answer 404 to outsiders, so a user manager of
one scope cannot learn that an account in another scope exists.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from payung.accounts.models import AccountApproval, ApiToken, User
from payung.accounts.roles import Cap


def may_manage_users(user: User) -> bool:
    return user.is_authenticated and user.can(Cap.USERS_MANAGE)


def users_visible_to(user: User) -> QuerySet[User]:
    """Accounts a user manager may see and edit: those placed inside the manager's region."""
    if not may_manage_users(user):
        return User.objects.none()
    return User.objects.filter(user.region_q("region__code"))


def get_user_for(actor: User, pk: int) -> User:
    return get_object_or_404(users_visible_to(actor).select_related("region"), pk=pk)


def may_edit_own_role(actor: User, target: User) -> bool:
    """Nobody changes their own role or deactivates themselves (another admin must)."""
    return actor.pk != target.pk


def may_use_api_tokens(user: User) -> bool:
    """Personal API tokens are for roles that may use the API at all."""
    return user.is_authenticated and user.can(Cap.API_DOCS)


def api_tokens_visible_to(user: User) -> QuerySet[ApiToken]:
    """A user sees only their own tokens; nobody else's, not even an admin's view."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def get_api_token_for(actor: User, pk: int) -> ApiToken:
    return get_object_or_404(api_tokens_visible_to(actor), pk=pk)


def may_approve_accounts(user: User) -> bool:
    return user.is_authenticated and user.can(Cap.USERS_APPROVE)


def approvals_visible_to(user: User) -> QuerySet[AccountApproval]:
    """Approval requests for accounts inside the approver's scope."""
    if not may_approve_accounts(user):
        return AccountApproval.objects.none()
    return AccountApproval.objects.filter(user.region_q("region_code"))


def get_approval_for(actor: User, pk: int) -> AccountApproval:
    return get_object_or_404(
        approvals_visible_to(actor).select_related("user__region", "requested_by", "decided_by"),
        pk=pk,
    )


def may_decide_approval(actor: User, approval: AccountApproval) -> bool:
    """The second person: may approve accounts in this scope, and is neither the one who
    asked nor the account's owner (nobody approves their own reset)."""
    return (
        may_approve_accounts(actor)
        and actor.in_scope(approval.region_code)
        and actor.pk != approval.requested_by_id
        and actor.pk != approval.user_id
    )

"""Reads for accounts: user lists for the admin, a user's second factor and tokens."""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from payung.accounts.models import AccountApproval, ApiToken, ApprovalStatus, User
from payung.accounts.policies import (
    api_tokens_visible_to,
    approvals_visible_to,
    users_visible_to,
)
from payung.partners.models import Organisation
from payung.regions.models import Region


def user_list(
    *, actor: User, role: str = "", active: bool | None = None, search: str = ""
) -> QuerySet[User]:
    """The accounts ``actor`` manages, filtered, with their 2FA state in the same query."""
    users = (
        users_visible_to(actor)
        .select_related("region", "organisation")
        .annotate(
            has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        )
        .order_by("username")
    )
    if role:
        users = users.filter(role=role)
    if active is not None:
        users = users.filter(is_active=active)
    if search:
        users = users.filter(
            Q(username__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
        )
    return users


def assignable_regions(actor: User) -> QuerySet[Region]:
    """Regions a user manager may place an account in: their own scope, in tree order."""
    return Region.objects.within(actor.scope_code).order_by("code")


def assignable_organisations(actor: User, include: int | None = None) -> QuerySet[Organisation]:
    """Partner organisations a user manager may attach provider or shelter staff to: active
    ones inside their scope (plus ``include``, the account's current one, even if inactive)."""
    active = Q(is_active=True)
    if include is not None:
        active |= Q(pk=include)
    return (
        Organisation.objects.filter(actor.region_q("region_code")).filter(active).order_by("name")
    )


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def failed_login_count(user: User) -> int:
    """Failed sign-ins django-axes still holds against this username (from any address)."""
    total = AccessAttempt.objects.filter(username=user.username).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return int(total or 0)


def is_locked_out(user: User) -> bool:
    """True while django-axes refuses this username from at least one address."""
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    return AccessAttempt.objects.filter(
        username=user.username,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=since,
    ).exists()


def api_tokens_for(user: User) -> QuerySet[ApiToken]:
    """Usable tokens first (never revoked), newest first; same order on SQLite and PostgreSQL."""
    return api_tokens_visible_to(user).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at"
    )


# How many decided requests the approval screen lists under the pending ones.
RECENT_DECISIONS = 20


def approval_queue(*, actor: User) -> tuple[list[AccountApproval], list[AccountApproval]]:
    """The requests ``actor`` may decide on (oldest first: they have waited longest) and the
    latest decided ones in their scope."""
    visible = approvals_visible_to(actor).select_related(
        "user__region", "user__organisation", "requested_by", "decided_by"
    )
    pending = list(visible.filter(status=ApprovalStatus.PENDING).order_by("requested_at", "pk"))
    decided = list(
        visible.exclude(status=ApprovalStatus.PENDING).order_by("-decided_at", "-pk")[
            :RECENT_DECISIONS
        ]
    )
    return pending, decided


def approvals_of(user: User) -> QuerySet[AccountApproval]:
    """One account's approval history, newest first (for its admin page)."""
    return (
        AccountApproval.objects.filter(user=user)
        .select_related("requested_by", "decided_by")
        .order_by("-requested_at", "-pk")
    )


def user_pending_approval(user: User) -> list[AccountApproval]:
    return [a for a in approvals_of(user) if a.status == ApprovalStatus.PENDING]

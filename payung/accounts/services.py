"""Every write to accounts: users and API tokens."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from payung.accounts.models import ApiToken, User
from payung.audit.services import audit_event
from payung.regions.models import Region

USER_FIELDS = ("username", "first_name", "last_name", "email", "role", "region_id", "is_active", "on_duty", "phone")


def _snapshot(user: User) -> dict[str, object]:
    return {name: getattr(user, name) for name in USER_FIELDS}


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    region: Region,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    on_duty: bool = False,
    validate: bool = True,
) -> User:
    user = User(
        username=username, role=role, region=region, first_name=first_name,
        last_name=last_name, email=email, phone=phone, on_duty=on_duty,
    )
    if validate:
        validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_event(
        actor=actor, action="user.create", target=user, target_label=f"user:{user.username}",
        changes={k: [None, v] for k, v in _snapshot(user).items()},
    )
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, **fields: object) -> User:
    before = _snapshot(user)
    for name, value in fields.items():
        if name not in USER_FIELDS or name == "username":
            raise ValueError(f"{name} cannot be changed here")
        setattr(user, name, value)
    user.full_clean()
    user.save()
    after = _snapshot(user)
    changes = {k: [before[k], after[k]] for k in USER_FIELDS if before[k] != after[k]}
    audit_event(actor=actor, action="user.update", target=user, target_label=f"user:{user.username}", changes=changes)
    return user


@transaction.atomic
def user_set_password(*, actor: User, user: User, password: str) -> None:
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_event(actor=actor, action="user.password", target=user, target_label=f"user:{user.username}")


@transaction.atomic
def api_token_create(*, actor: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Create a personal token for ``actor``; the secret is returned once and never stored."""
    raw = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        token_hash=ApiToken.hash(raw),
        hint=raw[:10],
        expires_at=timezone.now() + timedelta(days=days or settings.API_TOKEN_DEFAULT_DAYS),
    )
    audit_event(actor=actor, action="api_token.create", target=token, target_label=token.hint)
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_event(actor=actor, action="api_token.revoke", target=token, target_label=token.hint)
    return token

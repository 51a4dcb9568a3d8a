"""Every write to accounts: users, sign-in records, second factors and API tokens."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from payung.accounts.models import ApiPart, ApiToken, User
from payung.accounts.roles import Cap
from payung.audit.services import REDACTED, audit_event
from payung.care.models import Organisation
from payung.regions.models import Region

USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "region_id",
    "organisation_id",
    "is_active",
    "on_duty",
    "phone",
)

OTP_DEVICE_NAME = "Aplikasi autentikator"


def _snapshot(user: User) -> dict[str, object]:
    return {name: getattr(user, name) for name in USER_FIELDS}


def _label(user: User) -> str:
    return f"user:{user.username}"


def _check_manager(
    actor: User | None, region: Region, organisation: Organisation | None = None
) -> None:
    """A user manager may only place accounts inside their own scope, and only attach them
    to an organisation inside it.

    ``actor=None`` is a management command (demo data, first admin): no scope applies.
    """
    if actor is None:
        return
    if not actor.can(Cap.USERS_MANAGE) or not actor.in_scope(region.code):
        raise PermissionDenied
    if organisation is not None and not actor.in_scope(organisation.region_code):
        raise PermissionDenied


# --- Users ------------------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    region: Region,
    organisation: Organisation | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    on_duty: bool = False,
    is_active: bool = True,
    validate: bool = True,
) -> User:
    _check_manager(actor, region, organisation)
    user = User(
        username=username,
        role=role,
        region=region,
        organisation=organisation,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        on_duty=on_duty,
        is_active=is_active,
    )
    if validate:
        validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_event(
        actor=actor,
        action="user.create",
        target=user,
        target_label=_label(user),
        changes={k: [None, v] for k, v in _snapshot(user).items()},
    )
    return user


@transaction.atomic
def user_update(*, actor: User | None, user: User, **fields: object) -> User:
    """Change an account. The stored row is re-read under a lock, so ``user`` may be stale
    (a bound ModelForm has already copied its input onto it). ``actor=None`` is a management
    command (demo data)."""
    current = User.objects.select_for_update().select_related("region").get(pk=user.pk)
    before = _snapshot(current)
    for name, value in fields.items():
        if name not in USER_FIELDS or name == "username":
            raise ValueError(f"{name} cannot be changed here")
        setattr(current, name, value)
    if actor is not None and actor.pk == current.pk:
        # An administrator cannot lock themselves out or grant themselves another role.
        errors: dict[str, str] = {}
        if current.role != before["role"]:
            errors["role"] = _("Anda tidak dapat mengubah peran akun Anda sendiri.")
        if before["is_active"] and not current.is_active:
            errors["is_active"] = _("Anda tidak dapat menonaktifkan akun Anda sendiri.")
        if errors:
            raise ValidationError(errors)
    _check_manager(actor, current.region, current.organisation)
    current.full_clean()
    current.save()
    after = _snapshot(current)
    changes = {k: [before[k], after[k]] for k in USER_FIELDS if before[k] != after[k]}
    audit_event(
        actor=actor,
        action="user.update",
        target=current,
        target_label=_label(current),
        changes=changes,
    )
    if before["is_active"] and not current.is_active:
        _revoke_all_tokens(actor=actor, user=current, reason="account deactivated")
    return current


@transaction.atomic
def user_set_password(*, actor: User, user: User, password: str) -> None:
    """The user changes their own password; their API tokens are revoked with it."""
    if actor.pk != user.pk:
        raise PermissionDenied
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_event(actor=actor, action="user.password", target=user, target_label=_label(user))
    _revoke_all_tokens(actor=actor, user=user, reason="password changed")


@transaction.atomic
def user_unlock(*, actor: User, user: User) -> int:
    """Lift a sign-in lockout (django-axes) for ``user`` from every address; returns how
    many lockout records were removed."""
    removed = axes_reset(username=user.username)
    audit_event(
        actor=actor,
        action="user.unlock",
        target=user,
        target_label=_label(user),
        note=f"lockout records removed: {removed}",
    )
    return removed


# --- Sign-in ----------------------------------------------------------------------------


@transaction.atomic
def login_record(*, actor: User) -> None:
    """Record a successful password sign-in (a second factor may still be pending)."""
    audit_event(actor=actor, action="auth.login", target=actor, target_label=_label(actor))


@transaction.atomic
def login_failed_record(*, username: str, locked_out: bool = False) -> None:
    """Record a refused sign-in. Never the password; the attempted username only when it
    names a real account (a typo may be someone's password), else a redacted marker. The
    client address comes from the request context (``client_ip()``), as for every event."""
    user = User.objects.filter(username=username).first()
    audit_event(
        actor=None,
        action="auth.login_failed",
        target=user,
        target_label=_label(user) if user is not None else f"user:{REDACTED}",
        note="locked out" if locked_out else "",
    )


@transaction.atomic
def logout_record(*, actor: User) -> None:
    audit_event(actor=actor, action="auth.logout", target=actor, target_label=_label(actor))


# --- Two-factor authentication (TOTP) ---------------------------------------------------


@transaction.atomic
def otp_device_start(*, actor: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created on first use.

    Reused until confirmed, so reloading the setup page does not change the QR code the
    user may already have scanned.
    """
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name=OTP_DEVICE_NAME, confirmed=False)
        audit_event(actor=actor, action="otp.setup_start", target=actor, target_label=_label(actor))
    return device


@transaction.atomic
def otp_device_confirm(*, actor: User, device: TOTPDevice, token: str) -> bool:
    """Confirm ``device`` when ``token`` is a valid current code. Wrong codes count towards
    django-otp's throttling (stored even though the answer is "no")."""
    if device.user_id != actor.pk or device.confirmed:
        raise PermissionDenied
    if not device.verify_token(token):
        audit_event(
            actor=actor, action="otp.setup_failed", target=actor, target_label=_label(actor)
        )
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    audit_event(actor=actor, action="otp.confirm", target=actor, target_label=_label(actor))
    return True


@transaction.atomic
def otp_verify(*, actor: User, device: TOTPDevice, token: str) -> bool:
    """Check a code at sign-in. Failures are audited too: a run of them is worth seeing."""
    if device.user_id != actor.pk or not device.confirmed:
        raise PermissionDenied
    ok = device.verify_token(token)
    audit_event(
        actor=actor,
        action="otp.verify" if ok else "otp.verify_failed",
        target=actor,
        target_label=_label(actor),
    )
    return ok


@transaction.atomic
def otp_devices_remove(*, actor: User, user: User) -> int:
    """Remove every TOTP device of ``user``: by the user themselves (after re-entering their
    password) or by a user manager resetting a lost phone."""
    if actor.pk != user.pk:
        _check_manager(actor, user.region)
    removed, _detail = TOTPDevice.objects.filter(user=user).delete()
    audit_event(
        actor=actor,
        action="otp.remove" if actor.pk == user.pk else "user.otp_reset",
        target=user,
        target_label=_label(user),
        note=f"devices removed: {removed}",
    )
    # A token must not outlive the second factor it was made behind.
    _revoke_all_tokens(actor=actor, user=user, reason="two-factor reset")
    return removed


# --- API tokens -------------------------------------------------------------------------


@transaction.atomic
def api_token_create(
    *,
    actor: User,
    name: str,
    days: int | None = None,
    read_only: bool = False,
    parts: Iterable[str] | None = None,
) -> tuple[ApiToken, str]:
    """Create a personal token for ``actor``; the secret is returned once and never stored.

    ``read_only`` limits it to GET and HEAD; ``parts`` (``ApiPart`` values, all by default)
    to those parts of the API."""
    chosen = list(ApiPart.values) if parts is None else [p for p in ApiPart.values if p in parts]
    unknown = set(parts or ()) - set(ApiPart.values)
    if unknown:
        raise ValidationError({"parts": _("Bagian API tidak dikenal.")})
    raw = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        token_hash=ApiToken.hash(raw),
        hint=raw[:10],
        expires_at=timezone.now() + timedelta(days=days or settings.API_TOKEN_DEFAULT_DAYS),
        read_only=read_only,
        parts=chosen,
    )
    audit_event(
        actor=actor,
        action="api_token.create",
        target=token,
        target_label=token.hint,
        changes={"read_only": [None, read_only], "parts": [None, chosen]},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_event(actor=actor, action="api_token.revoke", target=token, target_label=token.hint)
    return token


def _revoke_all_tokens(*, actor: User | None, user: User, reason: str) -> int:
    """Revoke every unrevoked token of ``user``, each with its own audit event. Called inside
    the transaction of the change that makes the tokens untrustworthy (a new password, a
    reset second factor, a deactivated account)."""
    tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    now = timezone.now()
    for token in tokens:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit_event(
            actor=actor,
            action="api_token.revoke",
            target=token,
            target_label=token.hint,
            note=reason,
        )
    return len(tokens)

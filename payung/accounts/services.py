"""Every write to accounts: users, sign-in records, second factors, API tokens, and the
second approval and set-up links that keep the system admin from using an account alone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from payung.accounts.models import (
    AccountApproval,
    ApiPart,
    ApiToken,
    ApprovalKind,
    ApprovalStatus,
    User,
)
from payung.accounts.policies import may_decide_approval
from payung.accounts.roles import Cap, Role, needs_second_approval
from payung.accounts.setup_links import setup_path
from payung.audit.services import REDACTED, audit_event
from payung.notifications.services import absolute_url, notification_send, outbox_queue
from payung.partners.models import Organisation
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


def _email_required_error() -> ValidationError:
    return ValidationError(
        {
            "email": _(
                "Wajib untuk peran yang membuka data korban: tautan untuk membuat kata sandi "
                "dikirim ke alamat ini setelah disetujui."
            )
        }
    )


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    role: str,
    region: Region,
    organisation: Organisation | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    on_duty: bool = False,
    is_active: bool = True,
    password: str | None = None,
    validate: bool = True,
) -> User:
    """Create an account without a usable password: its owner sets one through a set-up link
    (``user_invite``). An account whose role reads victims' data (``needs_second_approval``)
    stays unusable until a second person approves it (``account_approval_decide``).

    ``actor=None`` is a management command run on the server (demo data, the first accounts):
    it may give a ``password`` and its accounts are approved by the system at once.
    """
    _check_manager(actor, region, organisation)
    sensitive = needs_second_approval(role)
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
        pending_approval=actor is not None and sensitive,
    )
    user.set_unusable_password()
    user.full_clean()
    if actor is not None and sensitive and not email.strip():
        raise _email_required_error()
    if password is not None:
        if actor is not None:
            raise ValueError("the system admin never chooses a password: use a set-up link")
        if validate:
            validate_password(password, user)
        user.set_password(password)
    user.save()
    audit_event(
        actor=actor,
        action="user.create",
        target=user,
        target_label=_label(user),
        changes={k: [None, v] for k, v in _snapshot(user).items()},
    )
    if actor is not None and user.pending_approval:
        _approval_request(actor=actor, user=user, kind=ApprovalKind.CREATE)
    elif actor is None and sensitive:
        _approval_by_system(user=user, kind=ApprovalKind.CREATE)
    return user


@dataclass(frozen=True)
class Invitation:
    user: User
    # Shown once to the admin who made the account; None while a second approval is pending
    # (the link then goes to the account's e-mail address only, after approval).
    setup_url: str | None


@transaction.atomic
def user_invite(*, actor: User, **fields: Any) -> Invitation:
    """The admin's way to make an account: ``user_create`` plus its set-up link, e-mailed to
    the owner and shown once to the admin, unless a second approval is needed first."""
    user = user_create(actor=actor, **fields)
    url = None
    if user.is_usable:
        url = _setup_link_send(actor=actor, user=user, shown=True)
    return Invitation(user=user, setup_url=url)


@transaction.atomic
def user_update(*, actor: User | None, user: User, **fields: object) -> User:
    """Change an account. The stored row is re-read under a lock, so ``user`` may be stale
    (a bound ModelForm has already copied its input onto it). ``actor=None`` is a management
    command (demo data).

    A change to a role that reads victims' data makes the account unusable until a second
    person approves it; a rejection restores the role, region and organisation before it.
    """
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
    role_changed = current.role != before["role"]
    sensitive = needs_second_approval(current.role)
    needs_address = actor is not None and sensitive and (role_changed or current.pending_approval)
    if needs_address and not current.email.strip():
        raise _email_required_error()
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
    if role_changed and actor is not None:
        _role_change_approval(actor=actor, user=current, before=before, sensitive=sensitive)
    if before["is_active"] and not current.is_active:
        _revoke_all_tokens(actor=actor, user=current, reason="account deactivated")
    return current


def _role_change_approval(
    *, actor: User, user: User, before: dict[str, object], sensitive: bool
) -> None:
    """Keep the second approval in step with a role change made by an admin."""
    pending = (
        AccountApproval.objects.select_for_update()
        .filter(
            user=user,
            status=ApprovalStatus.PENDING,
            kind__in=[ApprovalKind.CREATE, ApprovalKind.PROMOTE],
        )
        .first()
    )
    if pending is not None and sensitive:
        # Still waiting: the approver decides on the role the account has now.
        pending.role = user.role
        pending.save(update_fields=["role"])
        audit_event(
            actor=actor,
            action="user.approval_update",
            target=pending,
            target_label=_label(user),
            changes={"role": [before["role"], user.role]},
        )
    elif pending is not None:
        # No longer a role that needs a second person: the request lapses. The account keeps
        # its unusable password until a reset sends its owner a link.
        pending.status = ApprovalStatus.CANCELLED
        pending.decided_at = timezone.now()
        pending.save(update_fields=["status", "decided_at"])
        User.objects.filter(pk=user.pk).update(pending_approval=False)
        user.pending_approval = False
        audit_event(
            actor=actor,
            action="user.approval_cancel",
            target=pending,
            target_label=_label(user),
            note="role changed to one that needs no second approval",
        )
    elif sensitive:
        User.objects.filter(pk=user.pk).update(pending_approval=True)
        user.pending_approval = True
        _approval_request(
            actor=actor,
            user=user,
            kind=ApprovalKind.PROMOTE,
            previous={k: before[k] for k in ("role", "region_id", "organisation_id")},
        )


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
def user_setup_password(*, user: User, password: str) -> None:
    """The owner sets their password through a set-up link (checked by the view). The link
    dies with it: its token covers the password hash."""
    if not user.is_usable:
        raise PermissionDenied
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_event(actor=user, action="user.setup_password", target=user, target_label=_label(user))


def _check_manages_other(actor: User, user: User) -> None:
    _check_manager(actor, user.region)
    if actor.pk == user.pk:
        # One's own password and second factor are changed on the security page.
        raise PermissionDenied


@transaction.atomic
def user_password_reset(*, actor: User, user: User) -> str | None:
    """An admin resets someone's password. Nobody chooses the new one: the old one stops
    working, the user's tokens are revoked and the owner gets a set-up link (e-mailed, and
    returned to show the admin once). For an account that reads victims' data a second person
    must approve first: then the request is filed, ``None`` is returned and the link goes to
    the owner's e-mail address only."""
    _check_manages_other(actor, user)
    if not user.is_usable:
        raise ValidationError(
            _(
                "Akun ini nonaktif atau masih menunggu persetujuan; kata sandinya tidak disetel ulang."
            )
        )
    if needs_second_approval(user.role):
        if not user.email.strip():
            raise _email_required_error()
        _approval_request(actor=actor, user=user, kind=ApprovalKind.PASSWORD_RESET)
        return None
    _password_clear(actor=actor, user=user)
    return _setup_link_send(actor=actor, user=user, shown=True)


def _password_clear(*, actor: User | None, user: User) -> None:
    user.set_unusable_password()
    user.save(update_fields=["password"])
    audit_event(actor=actor, action="user.password_reset", target=user, target_label=_label(user))
    _revoke_all_tokens(actor=actor, user=user, reason="password reset")


@transaction.atomic
def user_otp_reset(*, actor: User, user: User) -> int | None:
    """An admin resets someone's second factor (a lost phone). Returns how many devices were
    removed, or ``None`` when the account reads victims' data and a second person's approval
    was requested instead."""
    _check_manages_other(actor, user)
    if needs_second_approval(user.role) or settings.OTP_RESET_NEEDS_APPROVAL:
        # The DPO is alerted with the request (``_approval_request``).
        _approval_request(actor=actor, user=user, kind=ApprovalKind.OTP_RESET)
        return None
    removed = _devices_remove(actor=actor, user=user, action="user.otp_reset")
    # Whoever can reset a second factor can take over an account: the DPO hears of every
    # reset, also of accounts that read no victims' data (issue #14).
    notification_send(
        actor=actor,
        recipients=_approvers_to_alert(user.region.code),
        topic="account.otp_reset",
        title=_("Faktor kedua sebuah akun disetel ulang oleh admin"),
        url=f"{reverse('audit:events')}?action=user.otp_reset&target_id={user.pk}",
        channels=(),
    )
    return removed


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
    """The user removes their own TOTP devices (after re-entering their password). An admin
    resets someone else's with ``user_otp_reset``."""
    if actor.pk != user.pk:
        raise PermissionDenied
    return _devices_remove(actor=actor, user=user, action="otp.remove")


def _devices_remove(*, actor: User | None, user: User, action: str) -> int:
    removed, _detail = TOTPDevice.objects.filter(user=user).delete()
    audit_event(
        actor=actor,
        action=action,
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


# --- Second approval and set-up links ---------------------------------------------------


def _approvers_to_alert(region_code: str) -> list[User]:
    """The DPOs whose scope holds the account: they are told a request is waiting."""
    dpos = User.objects.filter(
        role=Role.DPO, is_active=True, pending_approval=False
    ).select_related("region")
    return [dpo for dpo in dpos if dpo.in_scope(region_code)]


def _approval_request(
    *, actor: User, user: User, kind: str, previous: dict[str, object] | None = None
) -> AccountApproval:
    """File a request for a second person's approval (one pending per account and kind) and
    alert the DPO in the app."""
    existing = AccountApproval.objects.filter(
        user=user, kind=kind, status=ApprovalStatus.PENDING
    ).first()
    if existing is not None:
        return existing
    approval = AccountApproval.objects.create(
        user=user,
        kind=kind,
        role=user.role,
        previous=previous or {},
        region_code=user.region.code,
        requested_by=actor,
    )
    audit_event(
        actor=actor,
        action="user.approval_request",
        target=approval,
        target_label=_label(user),
        changes={"kind": [None, kind], "role": [None, user.role]},
    )
    notification_send(
        actor=actor,
        recipients=_approvers_to_alert(approval.region_code),
        topic="account.approval",
        # No name: the approver opens the request to see whose account it is.
        title=_("Permintaan persetujuan akun menunggu keputusan Anda"),
        url=reverse("accounts:approval_detail", kwargs={"pk": approval.pk}),
        channels=(),
    )
    return approval


def _approval_by_system(*, user: User, kind: str) -> AccountApproval:
    """A management command on the server (demo data, the first accounts) approves at once,
    recorded as the system's decision."""
    now = timezone.now()
    approval = AccountApproval.objects.create(
        user=user,
        kind=kind,
        role=user.role,
        region_code=user.region.code,
        status=ApprovalStatus.APPROVED,
        decided_at=now,
        reason="management command",
    )
    audit_event(
        actor=None,
        action="user.approve",
        target=approval,
        target_label=_label(user),
        changes={"kind": [None, kind], "role": [None, user.role]},
        note="approved by the system (management command)",
    )
    return approval


@transaction.atomic
def account_approval_decide(
    *, actor: User, approval: AccountApproval, approve: bool, reason: str = ""
) -> AccountApproval:
    """The second person (``Cap.USERS_APPROVE``, in scope, neither the requester nor the
    account's owner) approves or rejects. A rejection needs a reason.

    Approving a new account or a role change makes the account usable and e-mails its owner a
    set-up link (after a role change from one that did not read victims' data, the old
    password stops working: the admin may have known it). Approving a reset carries it out.
    Rejecting a new account deactivates it; rejecting a role change restores the role, region
    and organisation before it.
    """
    approval = AccountApproval.objects.select_for_update().get(pk=approval.pk)
    if not may_decide_approval(actor, approval):
        raise PermissionDenied
    if not approval.is_pending:
        raise ValidationError(_("Permintaan ini sudah diputuskan."))
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Tulis alasan penolakan.")})
    user = User.objects.select_for_update().select_related("region").get(pk=approval.user_id)
    approval.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
    approval.decided_by = actor
    approval.decided_at = timezone.now()
    approval.reason = reason[:500]
    approval.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    audit_event(
        actor=actor,
        action="user.approve" if approve else "user.reject",
        target=approval,
        target_label=_label(user),
        changes={"kind": [None, approval.kind], "role": [None, approval.role]},
        note=reason,
    )
    if approve:
        _approval_carry_out(actor=actor, approval=approval, user=user)
    else:
        _approval_refuse(actor=actor, approval=approval, user=user)
    if approval.requested_by is not None:
        notification_send(
            actor=actor,
            recipients=[approval.requested_by],
            topic="account.approval_decided",
            title=(
                _("Permintaan persetujuan akun disetujui")
                if approve
                else _("Permintaan persetujuan akun ditolak")
            ),
            url=reverse("accounts:user_edit", kwargs={"pk": user.pk}),
            channels=(),
        )
    return approval


def _approval_carry_out(*, actor: User, approval: AccountApproval, user: User) -> None:
    kind = approval.kind
    if kind in (ApprovalKind.CREATE, ApprovalKind.PROMOTE):
        user.pending_approval = False
        user.save(update_fields=["pending_approval"])
        was_sensitive = kind == ApprovalKind.PROMOTE and needs_second_approval(
            str(approval.previous.get("role", ""))
        )
        if not was_sensitive:
            if user.has_usable_password():
                _password_clear(actor=actor, user=user)
            _setup_link_send(actor=actor, user=user, shown=False)
    elif kind == ApprovalKind.PASSWORD_RESET:
        _password_clear(actor=actor, user=user)
        _setup_link_send(actor=actor, user=user, shown=False)
    elif kind == ApprovalKind.OTP_RESET:
        _devices_remove(actor=actor, user=user, action="user.otp_reset")


def _approval_refuse(*, actor: User, approval: AccountApproval, user: User) -> None:
    before = _snapshot(user)
    if approval.kind == ApprovalKind.CREATE:
        user.is_active = False
    elif approval.kind == ApprovalKind.PROMOTE:
        user.role = str(approval.previous["role"])
        user.region_id = approval.previous["region_id"]
        user.organisation_id = approval.previous["organisation_id"]
    else:
        return
    user.pending_approval = False
    user.full_clean()
    user.save()
    after = _snapshot(user)
    audit_event(
        actor=actor,
        action="user.update",
        target=user,
        target_label=_label(user),
        changes={k: [before[k], after[k]] for k in USER_FIELDS if before[k] != after[k]},
        note=f"approval {approval.pk} rejected",
    )


@transaction.atomic
def user_setup_link_send(*, actor: None, user: User) -> str:
    """A set-up link for an account made by a management command on the server (the first
    DPO and head of the UPTD PPA, who approve everyone after them): printed for the operator
    to hand over, and e-mailed."""
    if actor is not None:
        raise PermissionDenied  # admins use user_invite / user_password_reset
    if not user.is_usable:
        raise ValidationError(_("Akun ini nonaktif atau masih menunggu persetujuan."))
    if user.has_usable_password():
        _password_clear(actor=None, user=user)
    return _setup_link_send(actor=None, user=user, shown=True)


def _setup_link_send(*, actor: User | None, user: User, shown: bool) -> str:
    """A fresh set-up link for ``user``, queued to their e-mail address (if any) through the
    outbox; returned so the caller can show it once when ``shown``."""
    url = absolute_url(setup_path(user))
    emailed = bool(user.email.strip())
    if emailed:
        hours = settings.ACCOUNT_SETUP_LINK_HOURS
        outbox_queue(
            actor=actor,
            recipient=user,
            topic="account.setup",
            subject=_("Buat kata sandi akun Payung Anda"),
            body=_(
                "Buka tautan ini dalam %(hours)d jam untuk membuat kata sandi akun Payung "
                "Anda (nama pengguna: %(username)s). Tautan hanya dapat dipakai sekali; "
                "jangan teruskan kepada siapa pun.\n%(url)s"
            )
            % {"hours": hours, "username": user.username, "url": url},
        )
    if not shown:
        shown_to = "nobody"
    else:
        shown_to = actor.username if actor is not None else "management command"
    audit_event(
        actor=actor,
        action="user.setup_link",
        target=user,
        target_label=_label(user),
        note=f"e-mailed: {'yes' if emailed else 'no'}; shown to: {shown_to}",
    )
    return url

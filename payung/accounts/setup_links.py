"""One-time links with which a user sets their own password.

The system admin never chooses anyone's password: a new account, or a password reset, gets a
link instead. The token is Django's password-reset token with its own salt: it is signed with
``SECRET_KEY``, expires after ``PASSWORD_RESET_TIMEOUT`` (``ACCOUNT_SETUP_LINK_HOURS``, 72 h),
and stops working once used, because it covers the password hash, the last sign-in and the
e-mail address (a link sent to one address dies when the address is changed).
"""

from __future__ import annotations

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from payung.accounts.models import User


class SetupLinkTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "payung.accounts.setup_links.SetupLinkTokenGenerator"


setup_link_tokens = SetupLinkTokenGenerator()


def setup_path(user: User) -> str:
    """The path of a fresh set-up link for ``user`` (its password must already be final)."""
    return reverse(
        "accounts:setup",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": setup_link_tokens.make_token(user),
        },
    )


def user_for_link(uidb64: str) -> User | None:
    """The account a link names, if it may set a password now (active, approved)."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(pk=pk, is_active=True, pending_approval=False).first()

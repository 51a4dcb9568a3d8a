"""No lost work: what a form sent after the session ended may keep, and where it goes back.

When a POST arrives from someone whose session has ended (idle or absolute limit, in
``accounts.middleware``), its fields are kept server-side, sealed, for 24 hours
(``preserved_form_keep`` below). After the user signs in again (the second factor
included) the first GET of the form's page takes them back once (``preserved_form_take``)
and every form on that page is refilled from them (``core.forms.PreservingBoundField``);
the user reads them and presses save. Nothing is re-submitted automatically.

Who gets it back:

* the session had ended in our middleware (idle or absolute limit): the session still names
  the user, so the fields are kept for that user;
* the session was already gone (the cookie's server-side session expired or was ended in
  another tab): the browser still carries the ``OWNER_COOKIE`` set at the last sign-in on it
  — a signed, keyed hash of that user, which reveals nothing by itself. The fields are kept
  under a random token in ``BROWSER_COOKIE`` and handed back only to that user, signing in
  on that browser. The login rotates the CSRF token, so only pages shown to the last user who
  signed in on a browser can still send a form from it; a deliberate sign-out deletes the
  hint, and without one nothing is kept.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme

from payung.accounts.http import safe_next_path
from payung.accounts.models import PreservedForm
from payung.audit.services import audit_event

if TYPE_CHECKING:
    from payung.accounts.models import User

KEEP_HOURS = 24
#: The session key listing the pages whose kept fields wait for this user.
PENDING_SESSION_KEY = "preserved_pages"
BROWSER_COOKIE = "payung_kept"
OWNER_COOKIE = "payung_signer"
_OWNER_SALT = "payung.accounts.preserved.owner"
# A POST larger than this (text fields only) is not kept: staff forms are far smaller.
MAX_BYTES = 256 * 1024

# Field names never kept, by their parts ("new_password1" → new, password1).
_SECRET_PARTS = re.compile(r"(password|passwd|sandi|secret|otp|pin|token|csrf)", re.IGNORECASE)


def is_secret_field(name: str) -> bool:
    return name == "csrfmiddlewaretoken" or any(
        _SECRET_PARTS.fullmatch(part) or "password" in part.lower()
        for part in re.split(r"[^A-Za-z0-9]+", re.sub(r"\d+$", "", name))
        if part
    )


def fields_to_keep(post: QueryDict) -> dict[str, list[str]]:
    """The POST's fields minus passwords, PINs, one-time codes and CSRF tokens."""
    return {
        name: post.getlist(name)
        for name in post
        if not is_secret_field(name) and any(v.strip() for v in post.getlist(name))
    }


def encode(fields: dict[str, list[str]]) -> str:
    return json.dumps(fields, ensure_ascii=False)


def decode(text: str) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, values in json.loads(text).items():
        data.setlist(name, [str(v) for v in values])
    data._mutable = False
    return data


def form_page(request: HttpRequest) -> str:
    """The page the form was on: the same-site Referer (the POST's own address is often a
    POST-only action such as ``/kasus/7/catatan/``), else the address it was sent to."""
    raw = request.META.get("HTTP_REFERER", "")
    referer = None
    if raw and url_has_allowed_host_and_scheme(
        raw, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(raw)
        referer = safe_next_path(request, parts.path + (f"?{parts.query}" if parts.query else ""))
    if referer and not referer.startswith(reverse("accounts:login")):
        return referer
    return request.path


def browser_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_browser_token() -> str:
    return secrets.token_urlsafe(32)


def owner_hash(user_pk: object) -> str:
    return salted_hmac(_OWNER_SALT, str(user_pk)).hexdigest()


def owner_from_cookie(request: HttpRequest) -> str:
    """The keyed hash of the user who last signed in on this browser, if the cookie is ours."""
    raw = request.COOKIES.get(OWNER_COOKIE, "")
    if not raw:
        return ""
    try:
        return str(signing.Signer(salt=_OWNER_SALT).unsign(raw))
    except signing.BadSignature:
        return ""


def set_owner_cookie(response: HttpResponse, user_pk: object) -> None:
    value = signing.Signer(salt=_OWNER_SALT).sign(owner_hash(user_pk))
    response.set_cookie(
        OWNER_COOKIE,
        value,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def set_browser_cookie(response: HttpResponse, token: str) -> None:
    response.set_cookie(
        BROWSER_COOKIE,
        token,
        max_age=KEEP_HOURS * 3600,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def page_path(page: str) -> str:
    return urlsplit(page).path


# --- No lost work: forms sent after the session ended (payung/accounts/py) --------


def _purge_expired_preserved_forms() -> None:
    PreservedForm.objects.filter(expires_at__lte=timezone.now()).delete()


@transaction.atomic
def preserved_form_keep(
    *,
    actor: User | None,
    page: str,
    action: str,
    fields: dict[str, list[str]],
    files_dropped: bool,
    browser_key: str = "",
    owner_hint: str = "",
) -> PreservedForm | None:
    """Keep a form sent after the session ended, sealed, for ``KEEP_HOURS``.

    ``actor`` is the user the ended session named; without one the row is bound to the
    browser (``browser_key``) and to the user who last signed in on it (``owner_hint``).
    A later form for the same page replaces an earlier one. Expired rows go first.
    """
    _purge_expired_preserved_forms()
    if not fields or (actor is None and not (browser_key and owner_hint)):
        return None
    encoded = encode(fields)
    if len(encoded.encode()) > MAX_BYTES:
        return None
    mine = (
        PreservedForm.objects.filter(user=actor)
        if actor is not None
        else PreservedForm.objects.filter(user=None, browser_key=browser_key)
    )
    mine.filter(page=page).delete()
    kept = PreservedForm.objects.create(
        user=actor,
        browser_key="" if actor is not None else browser_key,
        owner_hint="" if actor is not None else owner_hint,
        page=page[:500],
        action=action[:500],
        data=encoded,
        files_dropped=files_dropped,
        expires_at=timezone.now() + timedelta(hours=KEEP_HOURS),
    )
    audit_event(
        actor=actor,
        action="form.preserved",
        target=kept,
        target_label=page_path(page)[:120],
        note=f"{len(fields)} field(s)" + ("; files not kept" if files_dropped else ""),
    )
    return kept


@transaction.atomic
def preserved_form_claim(*, actor: User, browser_token: str = "") -> list[str]:
    """At sign-in: bind the forms kept on this browser for ``actor`` to them, and list the
    pages whose kept forms wait for them (newest first). Forms kept on this browser for
    somebody else stay where they are (and expire)."""
    _purge_expired_preserved_forms()
    if browser_token:
        PreservedForm.objects.filter(
            user=None,
            browser_key=browser_key(browser_token),
            owner_hint=owner_hash(actor.pk),
        ).update(user=actor, browser_key="", owner_hint="")
    return list(
        PreservedForm.objects.filter(user=actor, expires_at__gt=timezone.now()).values_list(
            "page", flat=True
        )
    )


@transaction.atomic
def preserved_form_take(*, actor: User, page: str) -> PreservedForm | None:
    """Hand the form kept for ``actor`` on ``page`` back once: the row is deleted as it is
    read, and the restore is audited."""
    kept = (
        PreservedForm.objects.select_for_update()
        .filter(user=actor, page=page, expires_at__gt=timezone.now())
        .order_by("-created_at", "-pk")
        .first()
    )
    if kept is None:
        return None
    PreservedForm.objects.filter(pk=kept.pk).delete()
    audit_event(
        actor=actor,
        action="form.restored",
        target_label=page_path(kept.page)[:120],
        note=f"kept at {kept.created_at:%Y-%m-%d %H:%M} UTC"
        + ("; files not kept" if kept.files_dropped else ""),
    )
    return kept

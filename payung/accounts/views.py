"""Sign-in, the second factor, the user's own security page, the start page and user
management. Thin: parse, call a service or selector, render."""

from __future__ import annotations

import math
import time
from typing import Any
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from payung.accounts import preserved, selectors, services
from payung.accounts.decorators import capability_required
from payung.accounts.forms import (
    AccountSetupForm,
    ApiTokenForm,
    ApprovalDecisionForm,
    LoginForm,
    OtpTokenForm,
    PasswordConfirmForm,
    StaffPasswordChangeForm,
    UserCreateForm,
    UserFilterForm,
    UserForm,
)
from payung.accounts.home import home_for
from payung.accounts.http import StaffRequest, safe_next_path
from payung.accounts.middleware import LAST_SEEN, SIGNED_IN_AT, session_clock
from payung.accounts.policies import (
    get_api_token_for,
    get_approval_for,
    get_user_for,
    may_decide_approval,
    may_use_api_tokens,
)
from payung.accounts.roles import Cap, Role, needs_second_approval
from payung.accounts.setup_links import setup_link_tokens, user_for_link
from payung.accounts.two_factor import (
    OTP_PENDING_SESSION_KEY,
    is_verified,
    pending_step,
    qr_svg,
    secret_base32,
)

USERS_PER_PAGE = 25


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    return safe_next_path(request, candidate) or reverse("accounts:home")


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _throttle_message(device: TOTPDevice) -> str | None:
    """django-otp doubles the wait after each wrong code; say how long, in words."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (info or {}).get("locked_until")
    if locked_until is None:
        return _("Terlalu banyak kode salah. Coba lagi nanti.")
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    return ngettext(
        "Terlalu banyak kode salah. Tunggu %(seconds)d detik, lalu coba lagi dengan kode terbaru.",
        "Terlalu banyak kode salah. Tunggu %(seconds)d detik, lalu coba lagi dengan kode terbaru.",
        seconds,
    ) % {"seconds": seconds}


def _wrong_code() -> str:
    return _(
        "Kode salah atau sudah kedaluwarsa. Periksa jam di ponsel Anda, lalu masukkan kode terbaru."
    )


# --- Sign-in and sign-out ---------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's login (safe ``next`` handling, axes lockout via the auth backend), plus the
    audit record and the hand-over to the second factor."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    # ProcessFormView treats PUT as POST; a login form is GET and POST only.
    http_method_names = ["get", "post", "head", "options"]

    def get_redirect_url(self) -> str:
        """Only a same-site path (never another host, ``//host``, ``/\\host`` or a
        ``javascript:`` URL); carried through the second factor by ``form_valid``."""
        candidate = self.request.POST.get("next") or self.request.GET.get("next") or ""
        return safe_next_path(self.request, candidate) or ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["kept"] = self.request.GET.get("kept") == "1"
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        auth_login(self.request, user)
        self.request.session[SIGNED_IN_AT] = int(time.time())
        services.login_record(actor=user)
        # Forms kept when an earlier session ended wait for the pages they came from
        # (payung/accounts/preserved.py); the middleware refills them there, after the
        # second factor.
        pages = preserved.preserved_form_claim(
            actor=user, browser_token=self.request.COOKIES.get(preserved.BROWSER_COOKIE, "")
        )
        if pages:
            self.request.session[preserved.PENDING_SESSION_KEY] = pages
        next_url = self.get_success_url()
        if user_has_device(user, confirmed=True):
            self.request.session[OTP_PENDING_SESSION_KEY] = True
            response = redirect(_with_next("accounts:otp_verify", next_url))
        else:
            response = HttpResponseRedirect(next_url)
        preserved.set_owner_cookie(response, user.pk)
        response.delete_cookie(preserved.BROWSER_COOKIE, samesite="Lax")
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        # A refused sign-in (wrong password, unknown or inactive account, locked out) goes
        # into the audit trail too; an incomplete form is not an attempt.
        if form.non_field_errors() and form.data.get("username"):
            services.login_failed_record(
                username=str(form.data["username"])[:150],
                locked_out=bool(getattr(self.request, "axes_locked_out", False)),
            )
        return super().form_invalid(form)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.logout_record(actor=request.user)
    auth_logout(request)
    response = redirect(settings.LOGOUT_REDIRECT_URL)
    # Signed out on purpose: no form sent from this browser later is kept for anyone.
    response.delete_cookie(preserved.OWNER_COOKIE, samesite="Lax")
    return response


@never_cache
@require_POST
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """ "Tetap masuk" in the idle warning (static/payung/idle-warning.js): counts as activity
    and answers how long the session has left. After the session ended the middleware has
    already answered with the login page; an anonymous call gets 401."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    now = int(time.time())
    request.session[LAST_SEEN] = now
    return JsonResponse({"signed_in": True, **session_clock(request, now)})


# --- Second factor ----------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def otp_setup(request: StaffRequest) -> HttpResponse:
    user = request.user
    next_url = _safe_next(request)
    if selectors.confirmed_totp_device(user) is not None:
        if is_verified(user):
            messages.info(request, _("Verifikasi dua langkah sudah aktif untuk akun Anda."))
            return redirect("accounts:security")
        # A second device must not become a way around the code of the first.
        return redirect(_with_next("accounts:otp_verify", next_url))
    device = services.otp_device_start(actor=user)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        blocked = _throttle_message(device)
        if blocked:
            form.add_error("token", blocked)
        elif services.otp_device_confirm(
            actor=user, device=device, token=form.cleaned_data["token"]
        ):
            django_otp.login(request, device)
            request.session.pop(OTP_PENDING_SESSION_KEY, None)
            request.session.cycle_key()
            messages.success(
                request,
                _(
                    "Verifikasi dua langkah aktif. Mulai sekarang, setiap masuk Anda akan diminta kode dari aplikasi."
                ),
            )
            return redirect(next_url)
        else:
            form.add_error("token", _wrong_code())
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg(device),
            "secret": secret_base32(device),
            "next": next_url,
            "required": settings.REQUIRE_2FA and user.needs_two_factor,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def otp_verify(request: StaffRequest) -> HttpResponse:
    user = request.user
    next_url = _safe_next(request)
    if is_verified(user):
        return redirect(next_url)
    device = selectors.confirmed_totp_device(user)
    if device is None:
        if pending_step(request) == "accounts:otp_setup":
            return redirect(_with_next("accounts:otp_setup", next_url))
        return redirect(next_url)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        blocked = _throttle_message(device)
        if blocked:
            form.add_error("token", blocked)
        elif services.otp_verify(actor=user, device=device, token=form.cleaned_data["token"]):
            django_otp.login(request, device)
            request.session.pop(OTP_PENDING_SESSION_KEY, None)
            request.session.cycle_key()
            return redirect(next_url)
        else:
            form.add_error("token", _wrong_code())
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})


# --- The user's own security page -------------------------------------------------------


def _render_security(
    request: StaffRequest,
    *,
    password_form: StaffPasswordChangeForm | None = None,
    remove_form: PasswordConfirmForm | None = None,
    token_form: ApiTokenForm | None = None,
    new_token: dict[str, Any] | None = None,
) -> HttpResponse:
    user = request.user
    may_tokens = may_use_api_tokens(user)
    context = {
        "device": selectors.confirmed_totp_device(user),
        "two_factor_required": settings.REQUIRE_2FA and user.needs_two_factor,
        "password_form": password_form or StaffPasswordChangeForm(user),
        "remove_form": remove_form or PasswordConfirmForm(user=user),
        "may_use_tokens": may_tokens,
        "tokens": list(selectors.api_tokens_for(user)) if may_tokens else [],
        "token_form": token_form or ApiTokenForm(),
        "new_token": new_token,
        "now": timezone.now(),
    }
    return render(request, "accounts/security.html", context)


@never_cache
@require_GET
@login_required
def security(request: StaffRequest) -> HttpResponse:
    return _render_security(request)


@never_cache
@require_POST
@login_required
def password_change(request: StaffRequest) -> HttpResponse:
    form = StaffPasswordChangeForm(request.user, request.POST)
    if not form.is_valid():
        return _render_security(request, password_form=form)
    services.user_set_password(
        actor=request.user, user=request.user, password=form.cleaned_data["new_password1"]
    )
    # Keep this session; every other session of the account ends with the old password.
    update_session_auth_hash(request, request.user)
    messages.success(request, _("Kata sandi Anda sudah diganti."))
    return redirect("accounts:security")


@never_cache
@require_POST
@login_required
def otp_remove(request: StaffRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST, user=request.user)
    if not form.is_valid():
        return _render_security(request, remove_form=form)
    removed = services.otp_devices_remove(actor=request.user, user=request.user)
    if removed:
        messages.success(request, _("Verifikasi dua langkah dimatikan dan perangkatnya dihapus."))
    else:
        messages.info(request, _("Tidak ada perangkat verifikasi dua langkah yang terpasang."))
    return redirect("accounts:security")


@never_cache
@require_POST
@login_required
def token_create(request: StaffRequest) -> HttpResponse:
    if not may_use_api_tokens(request.user):
        raise PermissionDenied
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _render_security(request, token_form=form)
    token, raw = services.api_token_create(
        actor=request.user,
        name=form.cleaned_data["name"],
        days=form.cleaned_data["days"],
        read_only=form.cleaned_data["read_only"],
        parts=form.cleaned_data["parts"],
    )
    # The secret is shown in this response only: it is not stored, so a reload cannot show it.
    return _render_security(request, new_token={"token": token, "secret": raw})


@require_POST
@login_required
def token_revoke(request: StaffRequest, pk: int) -> HttpResponse:
    token = get_api_token_for(request.user, pk)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(
        request, _("Token “%(name)s” dicabut dan tidak dapat dipakai lagi.") % {"name": token.name}
    )
    return redirect("accounts:security")


# --- Start page -------------------------------------------------------------------------


@require_GET
@login_required
def home(request: StaffRequest) -> HttpResponse:
    """Each role's start page: what the role does and the doors to its work."""
    return render(request, "accounts/home.html", home_for(request.user))


# --- User management (system admin) -----------------------------------------------------


@require_GET
@capability_required(Cap.USERS_MANAGE)
def user_list(request: StaffRequest) -> HttpResponse:
    filter_form = UserFilterForm(request.GET or None)
    users = selectors.user_list(actor=request.user, **filter_form.filters())
    page = Paginator(users, USERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"filter_form": filter_form, "page": page})


def _render_setup_link(
    request: StaffRequest, *, target: Any, url: str, reason: str
) -> HttpResponse:
    """The set-up link, shown once in this response (never stored in the session or a
    message, so a reload does not show it again)."""
    return render(
        request,
        "accounts/setup_link.html",
        {
            "target": target,
            "url": url,
            "reason": reason,
            "hours": settings.ACCOUNT_SETUP_LINK_HOURS,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@capability_required(Cap.USERS_MANAGE)
def user_create(request: StaffRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.user_invite(
                actor=request.user,
                username=data["username"],
                role=data["role"],
                region=data["region"],
                organisation=data["organisation"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                on_duty=data["on_duty"],
                is_active=data["is_active"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            user = invitation.user
            if invitation.setup_url:
                return _render_setup_link(
                    request, target=user, url=invitation.setup_url, reason="create"
                )
            if user.pending_approval:
                messages.success(
                    request,
                    _(
                        "Akun %(username)s dibuat dan menunggu persetujuan kepala UPTD PPA atau "
                        "DPO. Setelah disetujui, pemiliknya menerima tautan untuk membuat kata "
                        "sandi di e-mailnya."
                    )
                    % {"username": user.username},
                )
            else:
                messages.success(
                    request, _("Akun %(username)s dibuat.") % {"username": user.username}
                )
            return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "target": None})


@require_http_methods(["GET", "POST"])
@capability_required(Cap.USERS_MANAGE)
def user_edit(request: StaffRequest, pk: int) -> HttpResponse:
    target = get_user_for(request.user, pk)
    username = target.username
    form = UserForm(request.POST or None, instance=target, actor=request.user)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        if "region" in changes:
            changes["region_id"] = changes.pop("region").pk
        if "organisation" in changes:
            organisation = changes.pop("organisation")
            changes["organisation_id"] = organisation.pk if organisation else None
        if not changes:
            messages.info(request, _("Tidak ada perubahan."))
            return redirect("accounts:user_edit", pk=pk)
        try:
            updated = services.user_update(actor=request.user, user=target, **changes)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request, _("Perubahan akun %(username)s disimpan.") % {"username": username}
            )
            if updated.pending_approval:
                messages.info(
                    request,
                    _(
                        "Akun ini tidak dapat dipakai sampai kepala UPTD PPA atau DPO "
                        "menyetujui perannya."
                    ),
                )
            return redirect("accounts:user_edit", pk=pk)
    # ``target`` may carry the submitted (invalid) values now; the page states come from
    # the database.
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "target": target,
            "target_username": username,
            "is_self": target.pk == request.user.pk,
            "has_two_factor": selectors.confirmed_totp_device(target) is not None,
            "failed_logins": selectors.failed_login_count(target),
            "locked_out": selectors.is_locked_out(target),
            "pending_approval": selectors.user_pending_approval(target),
            "approvals": selectors.approvals_of(target)[:5],
            "needs_second_approval": needs_second_approval(target.role),
        },
    )


@require_POST
@capability_required(Cap.USERS_MANAGE)
def user_otp_reset(request: StaffRequest, pk: int) -> HttpResponse:
    target = get_user_for(request.user, pk)
    if target.pk == request.user.pk:
        messages.error(
            request, _("Kelola verifikasi dua langkah Anda sendiri di halaman Keamanan akun.")
        )
        return redirect("accounts:user_edit", pk=pk)
    removed = services.user_otp_reset(actor=request.user, user=target)
    if removed is None:
        messages.info(
            request,
            _(
                "Permintaan setel ulang verifikasi dua langkah %(username)s menunggu persetujuan "
                "kepala UPTD PPA atau DPO."
            )
            % {"username": target.username},
        )
    elif removed:
        messages.success(
            request,
            _(
                "Perangkat verifikasi dua langkah %(username)s dihapus. Saat masuk berikutnya ia memasang perangkat baru."
            )
            % {"username": target.username},
        )
    else:
        messages.info(
            request,
            _("%(username)s belum memasang verifikasi dua langkah.")
            % {"username": target.username},
        )
    return redirect("accounts:user_edit", pk=pk)


@never_cache
@require_POST
@capability_required(Cap.USERS_MANAGE)
def user_password_reset(request: StaffRequest, pk: int) -> HttpResponse:
    target = get_user_for(request.user, pk)
    if target.pk == request.user.pk:
        messages.error(request, _("Ganti kata sandi Anda sendiri di halaman Keamanan akun."))
        return redirect("accounts:user_edit", pk=pk)
    try:
        url = services.user_password_reset(actor=request.user, user=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:user_edit", pk=pk)
    if url is None:
        messages.info(
            request,
            _(
                "Permintaan setel ulang kata sandi %(username)s menunggu persetujuan kepala "
                "UPTD PPA atau DPO. Setelah disetujui, tautan dikirim ke e-mail pemilik akun."
            )
            % {"username": target.username},
        )
        return redirect("accounts:user_edit", pk=pk)
    return _render_setup_link(request, target=target, url=url, reason="reset")


@require_POST
@capability_required(Cap.USERS_MANAGE)
def user_unlock(request: StaffRequest, pk: int) -> HttpResponse:
    target = get_user_for(request.user, pk)
    services.user_unlock(actor=request.user, user=target)
    messages.success(
        request,
        _("Kunci masuk %(username)s dibuka. Ia dapat mencoba masuk lagi.")
        % {"username": target.username},
    )
    return redirect("accounts:user_edit", pk=pk)


# --- Second approval (head of the UPTD PPA, DPO) ----------------------------------------


@require_GET
@capability_required(Cap.USERS_APPROVE)
def approval_list(request: StaffRequest) -> HttpResponse:
    pending, decided = selectors.approval_queue(actor=request.user)
    return render(request, "accounts/approval_list.html", {"pending": pending, "decided": decided})


@require_http_methods(["GET", "POST"])
@capability_required(Cap.USERS_APPROVE)
def approval_detail(request: StaffRequest, pk: int) -> HttpResponse:
    approval = get_approval_for(request.user, pk)
    form = ApprovalDecisionForm(request.POST or None)
    may_decide = approval.is_pending and may_decide_approval(request.user, approval)
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            try:
                services.account_approval_decide(
                    actor=request.user,
                    approval=approval,
                    approve=approve,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(
                    request,
                    (_("Permintaan disetujui.") if approve else _("Permintaan ditolak."))
                    + " "
                    + _("Keputusan Anda tercatat di jejak audit."),
                )
                return redirect("accounts:approval_list")
    return render(
        request,
        "accounts/approval_detail.html",
        {
            "approval": approval,
            "account": approval.user,
            "form": form,
            "may_decide": may_decide,
            "has_two_factor": selectors.confirmed_totp_device(approval.user) is not None,
            "previous_role_label": dict(Role.choices).get(approval.previous.get("role", "")),
        },
    )


# --- Set-up link: the owner sets their own password -------------------------------------

SETUP_SESSION_KEY = "_payung_setup_token"
SETUP_URL_TOKEN = "atur"  # noqa: S105 - a path segment, not a secret


@never_cache
@require_http_methods(["GET", "POST"])
def account_setup(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Django's password-reset pattern: the token moves from the URL into the session and the
    browser is sent to a URL without it, so it cannot leak through history or a Referer."""
    user = user_for_link(uidb64)
    if token != SETUP_URL_TOKEN:
        if user is not None and setup_link_tokens.check_token(user, token):
            request.session[SETUP_SESSION_KEY] = token
            return redirect("accounts:setup", uidb64=uidb64, token=SETUP_URL_TOKEN)
        return render(request, "accounts/setup.html", {"valid": False})
    session_token = request.session.get(SETUP_SESSION_KEY, "")
    if user is None or not setup_link_tokens.check_token(user, session_token):
        return render(request, "accounts/setup.html", {"valid": False})
    form = AccountSetupForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_setup_password(user=user, password=form.cleaned_data["new_password1"])
        request.session.pop(SETUP_SESSION_KEY, None)
        messages.success(request, _("Kata sandi Anda sudah dibuat. Silakan masuk."))
        return redirect("accounts:login")
    return render(
        request, "accounts/setup.html", {"valid": True, "form": form, "username": user.username}
    )

"""The system admin cannot reach victims' data alone: an account that reads it (new, or
changed to such a role), and a reset of its password or second factor, wait for a second
person (the head of the UPTD PPA or the DPO); nobody's password is ever chosen by the admin."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from payung.accounts import services
from payung.accounts.models import AccountApproval, ApiToken, ApprovalKind, ApprovalStatus, User
from payung.accounts.roles import Role
from payung.accounts.setup_links import setup_link_tokens
from payung.audit.models import AuditEvent
from payung.notifications.models import Notification, OutboxMessage
from tests.accounts.conftest import confirmed_device, signed_in
from tests.api.conftest import bearer
from tests.conftest import PASSWORD
from tests.factories import BUGUL_LOR, GENTONG, UserFactory, region

pytestmark = pytest.mark.django_db

CREATE = "/akun/pengguna/baru/"
LOGIN = "/akun/masuk/"
APPROVALS = "/akun/persetujuan/"
ADMIN_CHOSEN = "sandi-pilihan-admin-77"
OWNER_CHOSEN = "sandi-pilihan-pemilik-88"
LINK = re.compile(r"https?://[^\s<\"]+/akun/atur-sandi/[^/\s<\"]+/[^/\s<\"]+/")


def _create_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "username": "ani_ppt",
        "first_name": "Ani",
        "last_name": "Contoh",
        "email": "ani@test.payung.invalid",
        "role": Role.PPT_OFFICER,
        "region": region(GENTONG).pk,
        "is_active": "on",
    }
    data.update(overrides)
    return data


def _signs_in(username: str, password: str) -> bool:
    return Client().post(LOGIN, {"username": username, "password": password}).status_code == 302


def _emailed_link(user: User) -> str:
    message = OutboxMessage.objects.filter(recipient=user, topic="account.setup").latest("pk")
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(0)


def _set_password_through(link: str, password: str) -> Client:
    """What the owner does with the link: open it, choose a password."""
    client = Client()
    path = link.split("://", 1)[1].split("/", 1)[1]
    opened = client.get(f"/{path}")
    assert opened.status_code == 302, "the link did not open"
    page = client.get(opened["Location"])
    assert page.context["valid"], "the link is not valid"
    done = client.post(opened["Location"], {"new_password1": password, "new_password2": password})
    assert done.status_code == 302, done.content.decode()
    return client


def _decide(approver: User, approval: AccountApproval, decision: str, reason: str = ""):
    return signed_in(approver).post(
        f"{APPROVALS}{approval.pk}/", {"decision": decision, "reason": reason}
    )


# --- The attack: an admin-made account with an admin-chosen password --------------------


def test_an_admin_cannot_sign_in_to_a_case_account_of_their_own_making(personas) -> None:
    admin = signed_in(personas.sysadmin)
    response = admin.post(CREATE, _create_data(password1=ADMIN_CHOSEN, password2=ADMIN_CHOSEN))
    user = User.objects.get(username="ani_ppt")
    # No link is shown to the admin for an account that reads victims' data.
    assert not LINK.search(admin.get(response["Location"]).content.decode())
    assert user.pending_approval and not user.has_usable_password()
    assert not _signs_in("ani_ppt", ADMIN_CHOSEN)
    # Nor a token (had one existed, made by a command, say).
    _t, raw = services.api_token_create(actor=user, name="x", days=1)
    assert Client().get("/api/v1/me", headers=bearer(raw)).status_code == 401
    # Nothing has been e-mailed either: the link waits for the approval.
    assert not OutboxMessage.objects.filter(recipient=user, topic="account.setup").exists()


def test_the_dpo_is_alerted_in_the_app(personas) -> None:
    signed_in(personas.sysadmin).post(CREATE, _create_data())
    approval = AccountApproval.objects.get(user__username="ani_ppt")
    note = Notification.objects.get(recipient=personas.dpo, topic="account.approval")
    assert note.url == f"{APPROVALS}{approval.pk}/"
    assert "ani" not in note.title.lower()  # no names in notifications
    assert not OutboxMessage.objects.filter(recipient=personas.dpo).exists()  # in-app only


def test_after_the_dpo_approves_only_the_owner_gets_a_link(personas) -> None:
    signed_in(personas.sysadmin).post(CREATE, _create_data())
    user = User.objects.get(username="ani_ppt")
    approval = AccountApproval.objects.get(user=user, status=ApprovalStatus.PENDING)
    assert approval.kind == ApprovalKind.CREATE

    response = _decide(personas.dpo, approval, "approve")
    assert response["Location"] == APPROVALS
    user.refresh_from_db()
    assert not user.pending_approval
    event = AuditEvent.objects.get(action="user.approve", target_id=str(approval.pk))
    assert event.actor == personas.dpo
    link_event = AuditEvent.objects.get(action="user.setup_link", target_id=str(user.pk))
    assert link_event.note == "e-mailed: yes; shown to: nobody"

    _set_password_through(_emailed_link(user), OWNER_CHOSEN)
    assert _signs_in("ani_ppt", OWNER_CHOSEN)
    assert AuditEvent.objects.filter(action="user.setup_password", actor=user).exists()
    # The requester hears of the decision in the app.
    assert Notification.objects.filter(
        recipient=personas.sysadmin, topic="account.approval_decided"
    ).exists()


def test_the_head_of_the_uptd_may_approve_too(personas) -> None:
    signed_in(personas.sysadmin).post(CREATE, _create_data())
    approval = AccountApproval.objects.get(user__username="ani_ppt")
    assert _decide(personas.supervisor, approval, "approve").status_code == 302
    approval.refresh_from_db()
    assert (approval.status, approval.decided_by) == (ApprovalStatus.APPROVED, personas.supervisor)


def test_a_rejection_needs_a_reason_and_deactivates_the_new_account(personas) -> None:
    signed_in(personas.sysadmin).post(CREATE, _create_data())
    approval = AccountApproval.objects.get(user__username="ani_ppt")
    refused = _decide(personas.dpo, approval, "reject")
    assert refused.status_code == 200
    assert "reason" in refused.context["form"].errors
    approval.refresh_from_db()
    assert approval.is_pending

    _decide(personas.dpo, approval, "reject", reason="Tidak ada petugas bernama ini di pos.")
    approval.refresh_from_db()
    user = approval.user
    user.refresh_from_db()
    assert approval.status == ApprovalStatus.REJECTED
    assert (user.is_active, user.pending_approval) == (False, False)
    event = AuditEvent.objects.get(action="user.reject")
    assert (event.actor, event.note) == (personas.dpo, "Tidak ada petugas bernama ini di pos.")
    assert not OutboxMessage.objects.filter(recipient=user, topic="account.setup").exists()


def test_a_case_account_needs_an_e_mail_address_for_its_link(personas) -> None:
    response = signed_in(personas.sysadmin).post(CREATE, _create_data(email=""))
    assert "email" in response.context["form"].errors
    with pytest.raises(ValidationError):
        services.user_create(
            actor=personas.sysadmin,
            username="tanpa_email",
            role=Role.CASE_MANAGER,
            region=region("35.75"),
        )


def test_the_service_refuses_a_password_from_the_admin(personas) -> None:
    with pytest.raises(ValueError, match="never chooses a password"):
        services.user_create(
            actor=personas.sysadmin,
            username="dengan_sandi",
            role=Role.ANALYST,
            region=region("35.75"),
            password=ADMIN_CHOSEN,
        )
    assert not User.objects.filter(username="dengan_sandi").exists()


# --- Accounts that read no victims' data ------------------------------------------------


def test_an_analyst_account_is_usable_at_once_with_a_link_shown_once(personas) -> None:
    admin = signed_in(personas.sysadmin)
    response = admin.post(
        CREATE, _create_data(username="ana_analis", role=Role.ANALYST, region=region("35.75").pk)
    )
    assert response.status_code == 200
    link = LINK.search(response.content.decode()).group(0)
    user = User.objects.get(username="ana_analis")
    assert not user.pending_approval and not user.has_usable_password()
    assert _emailed_link(user) == link
    assert response["Cache-Control"].startswith("max-age=0")  # never_cache
    _set_password_through(link, OWNER_CHOSEN)
    assert _signs_in("ana_analis", OWNER_CHOSEN)


# --- Promotion ---------------------------------------------------------------------------


def _known_analyst(personas) -> User:
    """An analyst account whose password the admin knows (they opened its link)."""
    response = signed_in(personas.sysadmin).post(
        CREATE, _create_data(username="ana_analis", role=Role.ANALYST, region=region("35.75").pk)
    )
    _set_password_through(LINK.search(response.content.decode()).group(0), ADMIN_CHOSEN)
    return User.objects.get(username="ana_analis")


def test_promoting_an_account_to_a_case_role_waits_and_then_resets_its_password(
    personas,
) -> None:
    user = _known_analyst(personas)
    _t, raw = services.api_token_create(actor=user, name="x", days=1)
    session = Client()
    session.force_login(user)

    services.user_update(actor=personas.sysadmin, user=user, role=Role.CASE_MANAGER)
    user.refresh_from_db()
    assert user.pending_approval and user.role == Role.CASE_MANAGER
    assert not _signs_in("ana_analis", ADMIN_CHOSEN)
    assert Client().get("/api/v1/me", headers=bearer(raw)).status_code == 401
    assert session.get("/akun/")["Location"].startswith(LOGIN)  # the session ended

    approval = AccountApproval.objects.get(user=user, kind=ApprovalKind.PROMOTE)
    assert approval.previous["role"] == Role.ANALYST
    _decide(personas.dpo, approval, "approve")
    # The password the admin knew no longer works; the owner sets a new one by e-mail.
    assert not _signs_in("ana_analis", ADMIN_CHOSEN)
    assert not ApiToken.objects.usable().filter(user=user).exists()
    _set_password_through(_emailed_link(user), OWNER_CHOSEN)
    assert _signs_in("ana_analis", OWNER_CHOSEN)


def test_rejecting_a_promotion_restores_the_previous_role(personas) -> None:
    user = _known_analyst(personas)
    signed_in(personas.sysadmin).post(
        f"/akun/pengguna/{user.pk}/",
        {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "role": Role.PPT_OFFICER,
            "region": region(GENTONG).pk,
            "is_active": "on",
        },
    )
    user.refresh_from_db()
    assert (user.role, user.region.code, user.pending_approval) == (
        Role.PPT_OFFICER,
        GENTONG,
        True,
    )
    approval = AccountApproval.objects.get(user=user, kind=ApprovalKind.PROMOTE)
    _decide(personas.supervisor, approval, "reject", reason="Belum ada SK penugasan.")
    user.refresh_from_db()
    assert (user.role, user.region.code, user.pending_approval) == (Role.ANALYST, "35.75", False)
    assert _signs_in("ana_analis", ADMIN_CHOSEN)  # back to what it was


def test_changing_a_pending_account_to_a_harmless_role_cancels_the_request(personas) -> None:
    signed_in(personas.sysadmin).post(CREATE, _create_data())
    user = User.objects.get(username="ani_ppt")
    services.user_update(
        actor=personas.sysadmin, user=user, role=Role.ANALYST, region_id=region("35.75").pk
    )
    user.refresh_from_db()
    approval = AccountApproval.objects.get(user=user)
    assert approval.status == ApprovalStatus.CANCELLED
    assert not user.pending_approval
    assert not user.has_usable_password()  # still only a link can give it one


# --- Resets ------------------------------------------------------------------------------


def test_resetting_an_analysts_password_shows_a_link_never_a_password(personas) -> None:
    target = personas.analyst
    _t, raw = services.api_token_create(actor=target, name="x", days=1)
    response = signed_in(personas.sysadmin).post(f"/akun/pengguna/{target.pk}/setel-ulang-sandi/")
    assert response.status_code == 200
    link = LINK.search(response.content.decode()).group(0)
    assert not _signs_in(target.username, PASSWORD)
    assert Client().get("/api/v1/me", headers=bearer(raw)).status_code == 401
    _set_password_through(link, OWNER_CHOSEN)
    assert _signs_in(target.username, OWNER_CHOSEN)
    assert AuditEvent.objects.filter(action="user.password_reset", actor=personas.sysadmin).exists()


def test_resetting_a_case_managers_password_waits_for_approval(personas) -> None:
    target = personas.case_manager
    response = signed_in(personas.sysadmin).post(
        f"/akun/pengguna/{target.pk}/setel-ulang-sandi/", follow=True
    )
    assert "menunggu persetujuan" in response.content.decode()
    assert not LINK.search(response.content.decode())
    assert _signs_in(target.username, PASSWORD)  # nothing happened yet
    approval = AccountApproval.objects.get(user=target, kind=ApprovalKind.PASSWORD_RESET)
    _decide(personas.dpo, approval, "approve")
    assert not _signs_in(target.username, PASSWORD)
    _set_password_through(_emailed_link(target), OWNER_CHOSEN)
    assert _signs_in(target.username, OWNER_CHOSEN)


def test_resetting_a_case_managers_2fa_waits_for_approval(personas) -> None:
    target = personas.case_manager
    confirmed_device(target)
    signed_in(personas.sysadmin).post(f"/akun/pengguna/{target.pk}/reset-2fa/")
    assert target.totpdevice_set.count() == 1
    approval = AccountApproval.objects.get(user=target, kind=ApprovalKind.OTP_RESET)
    _decide(personas.dpo, approval, "approve")
    assert target.totpdevice_set.count() == 0
    assert AuditEvent.objects.get(action="user.otp_reset").actor == personas.dpo


def test_an_admin_cannot_bypass_the_approval_through_the_device_service(personas) -> None:
    confirmed_device(personas.case_manager)
    with pytest.raises(PermissionDenied):
        services.otp_devices_remove(actor=personas.sysadmin, user=personas.case_manager)
    assert personas.case_manager.totpdevice_set.count() == 1


def test_asking_twice_files_one_request(personas) -> None:
    for _ in range(2):
        services.user_password_reset(actor=personas.sysadmin, user=personas.case_manager)
    assert AccountApproval.objects.filter(user=personas.case_manager).count() == 1


# --- Who may decide ----------------------------------------------------------------------


def test_nobody_approves_their_own_reset(personas) -> None:
    services.user_password_reset(actor=personas.sysadmin, user=personas.supervisor)
    approval = AccountApproval.objects.get(user=personas.supervisor)
    page = signed_in(personas.supervisor).get(f"{APPROVALS}{approval.pk}/")
    assert page.status_code == 200 and not page.context["may_decide"]
    assert _decide(personas.supervisor, approval, "approve").status_code == 403
    with pytest.raises(PermissionDenied):
        services.account_approval_decide(actor=personas.supervisor, approval=approval, approve=True)
    assert _decide(personas.dpo, approval, "approve").status_code == 302


@pytest.mark.parametrize("persona", ["sysadmin", "case_manager", "analyst", "ppt_gentong"])
def test_other_roles_cannot_see_or_decide_requests(personas, persona) -> None:
    services.user_password_reset(actor=personas.sysadmin, user=personas.case_manager2)
    approval = AccountApproval.objects.get()
    client = signed_in(getattr(personas, persona))
    assert client.get(APPROVALS).status_code == 403
    assert _decide(getattr(personas, persona), approval, "approve").status_code == 403
    approval.refresh_from_db()
    assert approval.is_pending


def test_an_approver_of_another_region_does_not_see_the_request(personas) -> None:
    services.user_password_reset(actor=personas.sysadmin, user=personas.ppt_gentong)
    approval = AccountApproval.objects.get()
    far_dpo = UserFactory(username="dpo_bugul", role=Role.DPO, region=region(BUGUL_LOR))
    client = signed_in(far_dpo)
    assert "siti_ppt" not in client.get(APPROVALS).content.decode()
    assert client.get(f"{APPROVALS}{approval.pk}/").status_code == 404
    assert client.post(f"{APPROVALS}{approval.pk}/", {"decision": "approve"}).status_code == 404


def test_a_decided_request_cannot_be_decided_again(personas) -> None:
    services.user_password_reset(actor=personas.sysadmin, user=personas.case_manager)
    approval = AccountApproval.objects.get()
    _decide(personas.dpo, approval, "approve")
    assert _decide(personas.supervisor, approval, "reject", reason="terlambat").status_code == 403
    with pytest.raises(ValidationError):
        services.account_approval_decide(
            actor=personas.supervisor, approval=approval, approve=False, reason="x"
        )


def test_the_approval_screen_lists_pending_requests_for_a_phone(personas) -> None:
    signed_in(personas.sysadmin).post(CREATE, _create_data())
    body = signed_in(personas.dpo).get(APPROVALS).content.decode()
    assert "1 permintaan menunggu" in body
    assert "ani_ppt" in body and "Akun baru" in body
    assert "<table" not in body  # cards that stack at 360 px, no wide table
    detail = signed_in(personas.dpo).get(f"{APPROVALS}{AccountApproval.objects.get().pk}/")
    text = detail.content.decode()
    assert "ani@test.payung.invalid" in text  # the approver checks where the link goes
    assert 'value="approve"' in text and 'value="reject"' in text


# --- The set-up link ---------------------------------------------------------------------


def test_a_set_up_link_works_once(personas) -> None:
    response = signed_in(personas.sysadmin).post(
        f"/akun/pengguna/{personas.analyst.pk}/setel-ulang-sandi/"
    )
    link = LINK.search(response.content.decode()).group(0)
    _set_password_through(link, OWNER_CHOSEN)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    again = Client().get(path)
    assert again.status_code == 200 and not again.context["valid"]


def test_a_set_up_link_expires_after_72_hours(personas, monkeypatch) -> None:
    response = signed_in(personas.sysadmin).post(
        f"/akun/pengguna/{personas.analyst.pk}/setel-ulang-sandi/"
    )
    link = LINK.search(response.content.decode()).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    later = setup_link_tokens._now() + timedelta(hours=72, minutes=1)
    monkeypatch.setattr(setup_link_tokens, "_now", lambda: later)
    page = Client().get(path)
    assert page.status_code == 200 and not page.context["valid"]


def test_the_set_up_page_applies_the_password_rules(personas) -> None:
    response = signed_in(personas.sysadmin).post(
        f"/akun/pengguna/{personas.analyst.pk}/setel-ulang-sandi/"
    )
    link = LINK.search(response.content.decode()).group(0)
    client = Client()
    opened = client.get("/" + link.split("://", 1)[1].split("/", 1)[1])
    weak = client.post(opened["Location"], {"new_password1": "12345", "new_password2": "12345"})
    assert weak.status_code == 200
    assert "new_password2" in weak.context["form"].errors


def test_a_made_up_link_is_refused(personas) -> None:
    page = Client().get("/akun/atur-sandi/MQ/abc-123/")
    assert page.status_code == 200 and not page.context["valid"]
    assert Client().get("/akun/atur-sandi/MQ/atur/").context["valid"] is False


def test_resetting_any_accounts_2fa_alerts_the_dpo(personas) -> None:
    from payung.notifications.models import Notification

    target = personas.analyst  # reads no victims' data: reset at once, but the DPO is told
    confirmed_device(target)
    signed_in(personas.sysadmin).post(f"/akun/pengguna/{target.pk}/reset-2fa/")
    assert target.totpdevice_set.count() == 0
    alert = Notification.objects.get(recipient=personas.dpo, topic="account.otp_reset")
    assert target.username not in alert.title and str(target.pk) in alert.url


def test_when_configured_any_2fa_reset_waits_for_a_second_person(personas, settings) -> None:
    settings.OTP_RESET_NEEDS_APPROVAL = True
    target = personas.analyst
    confirmed_device(target)
    signed_in(personas.sysadmin).post(f"/akun/pengguna/{target.pk}/reset-2fa/")
    assert target.totpdevice_set.count() == 1
    approval = AccountApproval.objects.get(user=target, kind=ApprovalKind.OTP_RESET)
    _decide(personas.dpo, approval, "approve")
    assert target.totpdevice_set.count() == 0

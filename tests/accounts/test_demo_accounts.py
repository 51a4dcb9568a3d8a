"""The demo accounts still work out of the box: made by the ``load_demo`` command, the ones
that read victims' data are approved by the system (audited as such), and ``make run`` lists
only accounts that can sign in."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from payung.accounts.demo import DEMO_ACCOUNTS
from payung.accounts.models import AccountApproval, ApprovalStatus, User
from payung.accounts.roles import needs_second_approval
from payung.accounts.services import user_update
from payung.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_every_demo_account_signs_in_after_load_demo() -> None:
    call_command("load_demo", stdout=io.StringIO())
    for account in DEMO_ACCOUNTS:
        response = Client().post(
            "/akun/masuk/", {"username": account.username, "password": settings.DEMO_PASSWORD}
        )
        assert response.status_code == 302, account.username


def test_demo_case_accounts_are_approved_by_the_system() -> None:
    call_command("load_demo", stdout=io.StringIO())
    sensitive = [a.username for a in DEMO_ACCOUNTS if needs_second_approval(a.role)]
    assert "manajer" in sensitive and "dpo" in sensitive and "analis" not in sensitive
    approvals = AccountApproval.objects.filter(user__username__in=sensitive)
    assert approvals.count() == len(sensitive)
    assert {(a.status, a.requested_by, a.decided_by) for a in approvals} == {
        (ApprovalStatus.APPROVED, None, None)
    }
    events = AuditEvent.objects.filter(action="user.approve")
    assert events.count() == len(sensitive)
    assert {(e.actor, e.note) for e in events} == {
        (None, "approved by the system (management command)")
    }


def test_make_run_lists_the_working_demo_logins() -> None:
    call_command("load_demo", stdout=io.StringIO())
    # In the running demo an admin changes one account to a case role: it now waits.
    analyst = User.objects.get(username="analis")
    admin = User.objects.get(username="admin")
    user_update(actor=admin, user=analyst, role="case_manager")
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    listed = {line.split()[0] for line in out.getvalue().splitlines() if line[:1].islower()}
    assert "manajer" in listed and "dpo" in listed and "admin" in listed
    assert "analis" not in listed
    assert settings.DEMO_PASSWORD in out.getvalue()


def test_the_first_dpo_is_made_on_the_server_with_a_link_not_a_password() -> None:
    out = io.StringIO()
    call_command(
        "create_admin",
        "dpo_pertama",
        "--role",
        "dpo",
        "--email",
        "dpo@test.payung.invalid",
        stdout=out,
    )
    user = User.objects.get(username="dpo_pertama")
    assert user.is_usable and not user.has_usable_password()
    approval = AccountApproval.objects.get(user=user)
    assert (approval.status, approval.decided_by) == (ApprovalStatus.APPROVED, None)
    link = next(line for line in out.getvalue().splitlines() if "/akun/atur-sandi/" in line)
    client = Client()
    opened = client.get("/" + link.split("://", 1)[1].split("/", 1)[1])
    done = client.post(
        opened["Location"],
        {"new_password1": "sandi-dpo-pertama-9", "new_password2": "sandi-dpo-pertama-9"},
    )
    assert done.status_code == 302
    assert (
        Client()
        .post("/akun/masuk/", {"username": "dpo_pertama", "password": "sandi-dpo-pertama-9"})
        .status_code
        == 302
    )

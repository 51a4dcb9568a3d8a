from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from payung.accounts.demo import DEMO_ACCOUNTS
from payung.accounts.models import User


class Command(BaseCommand):
    help = "Print the demo accounts (fictional people) and how to sign in."

    def handle(self, *args: Any, **options: Any) -> None:
        users = {
            u.username: u
            for u in User.objects.filter(
                username__in=[a.username for a in DEMO_ACCOUNTS]
            ).select_related("region")
        }
        self.stdout.write("")
        self.stdout.write("Payung demo — all people and data are fictional.")
        login_url = settings.SITE_URL.rstrip("/") + reverse("accounts:login")
        self.stdout.write(f"Sign in at {login_url} with password: {settings.DEMO_PASSWORD}")
        self.stdout.write(f"{'username':<14} {'role':<34} scope")
        for account in DEMO_ACCOUNTS:
            user = users.get(account.username)
            # Only accounts that can sign in: a demo account an admin changed in the running
            # demo may be waiting for a second approval, or deactivated.
            if (
                user is None
                or not user.is_usable
                or not user.check_password(settings.DEMO_PASSWORD)
            ):
                continue
            self.stdout.write(
                f"{user.username:<14} {str(user.get_role_display()):<34} {user.region.name}"
            )
        if not settings.REQUIRE_2FA:
            self.stdout.write(
                "Two-factor sign-in is off in the demo; PAYUNG_REQUIRE_2FA=1 turns it on."
            )
        self.stdout.write("")

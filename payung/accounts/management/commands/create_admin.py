from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from payung.accounts.roles import Role
from payung.accounts.services import user_create, user_setup_link_send
from payung.regions.models import Region

# The roles a fresh installation needs before anyone can work: the system admin, who makes
# the other accounts, and the second persons who approve the ones that read victims' data.
BOOTSTRAP_ROLES = (Role.SYSADMIN, Role.DPO, Role.SUPERVISOR)


class Command(BaseCommand):
    help = (
        "Create the first system administrator (who then creates the other accounts), or with "
        "--role the first DPO or head of the UPTD PPA (who approve accounts that read victims' "
        "data). Run on the server: these accounts are approved by the system."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--region", default="35.75", help="Kemendagri code of the account's scope"
        )
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--role",
            default=Role.SYSADMIN,
            choices=[str(r) for r in BOOTSTRAP_ROLES],
            help="sysadmin (asks for a password) or dpo / supervisor (prints a set-up link)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            region = Region.objects.get(code=options["region"])
        except Region.DoesNotExist as exc:
            raise CommandError(f"no region with code {options['region']}") from exc
        role = options["role"]
        password = None
        if role == Role.SYSADMIN:
            password = getpass.getpass("Password (10+ characters): ")
            if password != getpass.getpass("Again: "):
                raise CommandError("the passwords differ")
        try:
            user = user_create(
                actor=None,
                username=options["username"],
                password=password,
                role=role,
                region=region,
                email=options["email"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        if password is None:
            # The owner chooses their own password: hand this link over in person.
            url = user_setup_link_send(actor=None, user=user)
            self.stdout.write(
                self.style.SUCCESS(f"{user.get_role_display()} {user.username} created.")
            )
            self.stdout.write(f"Give the owner this one-time link to set a password:\n{url}")
            return
        self.stdout.write(self.style.SUCCESS(f"System administrator {user.username} created."))

from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from payung.accounts.roles import Role
from payung.accounts.services import user_create
from payung.regions.models import Region


class Command(BaseCommand):
    help = "Create the first system administrator (who then creates the other accounts)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--region", default="35.75", help="Kemendagri code of the admin's scope"
        )
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            region = Region.objects.get(code=options["region"])
        except Region.DoesNotExist as exc:
            raise CommandError(f"no region with code {options['region']}") from exc
        password = getpass.getpass("Password (10+ characters): ")
        if password != getpass.getpass("Again: "):
            raise CommandError("the passwords differ")
        try:
            user = user_create(
                actor=None,
                username=options["username"],
                password=password,
                role=Role.SYSADMIN,
                region=region,
                email=options["email"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"System administrator {user.username} created."))

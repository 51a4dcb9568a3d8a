"""What regions adds to the system admin's start page: service posts a resident cannot yet
find, call or visit at the right time (issue #15), counted like the completeness page lists
them. Registered in ``RegionsConfig.ready()`` through ``accounts.home_extensions``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from payung.accounts.home_extensions import HomeCount, HomeExtension
from payung.accounts.roles import Cap
from payung.regions.selectors import COMPLETENESS_FIELDS, posts_for_admin

if TYPE_CHECKING:
    from payung.accounts.models import User


class RegionsHome(HomeExtension):
    def counts(self, user: User) -> list[HomeCount]:
        if not user.can(Cap.REFERENCE_MANAGE):
            return []
        missing = Q()
        for name in COMPLETENESS_FIELDS:
            missing |= Q(**{name: ""})
        value = posts_for_admin(user).filter(missing, is_active=True).count()
        return [
            HomeCount(
                _("Pos layanan tanpa alamat, telepon, atau jam layanan"),
                value,
                reverse("regions:post_completeness"),
            )
        ]

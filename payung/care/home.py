"""What care adds to the staff start page: the provider's and the shelter's "what needs
doing" counts (issue #15), registered in ``CareConfig.ready()`` through
``accounts.home_extensions``. Each figure comes from the selector behind the list it links
to, so a count always matches what the list shows (tests/care/test_home_counts.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from payung.accounts.home_extensions import HomeCount, HomeExtension
from payung.accounts.roles import Cap, Role
from payung.care import selectors

if TYPE_CHECKING:
    from payung.accounts.models import User


def provider_counts(user: User) -> list[HomeCount]:
    figures = selectors.inbox_figures(user)
    inbox = reverse("care:referral_inbox")
    return [
        HomeCount(_("Rujukan baru menunggu jawaban"), figures.waiting, f"{inbox}?show=baru"),
        HomeCount(
            _("Rujukan lewat batas jawaban"), figures.overdue, f"{inbox}?show=baru", urgent=True
        ),
        HomeCount(_("Layanan terjadwal minggu ini"), figures.this_week, f"{inbox}?show=minggu_ini"),
    ]


def shelter_counts(user: User) -> list[HomeCount]:
    figures = selectors.shelter_figures(user)
    if figures is None:
        return []
    page = reverse("care:shelter_detail", args=[figures.shelter.pk])
    occupancy = figures.occupancy
    return [
        HomeCount(
            _("Penghuni saat ini, dari kapasitas %(capacity)s") % {"capacity": occupancy.capacity},
            occupancy.current,
            f"{page}#penghuni",
            urgent=occupancy.is_full,
        ),
        HomeCount(
            _("Kedatangan yang diharapkan (rujukan rumah aman)"),
            figures.arrivals,
            f"{page}#kedatangan",
        ),
        HomeCount(
            _("Rencana keluar dalam %(days)s hari") % {"days": selectors.DEPARTURE_DAYS},
            figures.leaving,
            f"{page}?keluar=1#penghuni",
        ),
    ]


class CareHome(HomeExtension):
    def counts(self, user: User) -> list[HomeCount]:
        if user.role == Role.PROVIDER_STAFF and user.can(Cap.REFERRAL_INBOX):
            return provider_counts(user)
        if user.role == Role.SHELTER_STAFF and user.can(Cap.SHELTER):
            return shelter_counts(user)
        return []

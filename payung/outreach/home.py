"""What outreach adds to the staff start page (through ``accounts.home_extensions``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from payung.accounts.home import Card
from payung.accounts.home_extensions import HomeExtension, HomePanel
from payung.accounts.roles import Cap, Role

if TYPE_CHECKING:
    from payung.accounts.models import User


class OutreachHome(HomeExtension):
    def cards(self, user: User) -> list[Card]:
        return [
            Card(
                "outreach:activity_list",
                _("Kegiatan sosialisasi"),
                _("Rencanakan, laksanakan, dan laporkan sosialisasi, termasuk pengajian."),
                Cap.OUTREACH,
            ),
            Card(
                "outreach:coverage",
                _("Cakupan sosialisasi"),
                _("Kelurahan yang sudah dan belum terjangkau per triwulan."),
                Cap.OUTREACH,
            ),
        ]

    def panels(self, user: User) -> list[HomePanel]:
        if user.role != Role.OUTREACH_OFFICER:
            return []
        from payung.outreach import selectors

        missing = selectors.not_reached_this_quarter(user)
        return [
            HomePanel(
                "outreach/partials/home_not_reached.html",
                {"missing": missing, "quarter": selectors.current_quarter()},
            )
        ]

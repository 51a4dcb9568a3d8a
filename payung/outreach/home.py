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
            Card(
                "outreach:leader_list",
                _("Jejaring tokoh"),
                _("Tokoh masyarakat dan agama, persetujuan, dan lembar kontak per kelurahan."),
                Cap.OUTREACH,
            ),
            *(
                [
                    Card(
                        "outreach:forum_list",
                        _("Forum Anak"),
                        _("Anggota, fasilitator, dan suara anak beserta tanggapannya."),
                        Cap.OUTREACH,
                    ),
                    Card(
                        "outreach:catalogue",
                        _("Katalog sosialisasi"),
                        _("Jenis kegiatan, topik, dan bank soal kuis."),
                        Cap.OUTREACH,
                    ),
                    Card(
                        "outreach:prevention",
                        _("Apakah pelaporan mengikuti?"),
                        _("Laporan per 10.000 penduduk sebelum dan sesudah sosialisasi."),
                        Cap.OUTREACH,
                    ),
                ]
                if user.role == Role.OUTREACH_OFFICER
                else []
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

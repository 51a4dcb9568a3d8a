"""What outreach adds to the staff start page (through ``accounts.home_extensions``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.accounts.home import Card
from payung.accounts.home_extensions import HomeCount, HomeExtension, HomePanel
from payung.accounts.roles import Cap, Role

if TYPE_CHECKING:
    from payung.accounts.models import User


class OutreachHome(HomeExtension):
    def counts(self, user: User) -> list[HomeCount]:
        """The outreach officer's to-do, one aggregate over the activities the list shows:
        sessions held but not yet reported, and planned sessions whose date has passed."""
        if user.role != Role.OUTREACH_OFFICER or not user.can(Cap.OUTREACH):
            return []
        from payung.outreach import policies
        from payung.outreach.choices import ActivityStatus

        now = timezone.now()
        figures = (
            policies.visible_activities(user)
            .order_by()
            .aggregate(
                held=Count("pk", filter=Q(status=ActivityStatus.HELD)),
                planned=Count("pk", filter=Q(status=ActivityStatus.PLANNED)),
                late=Count("pk", filter=Q(status=ActivityStatus.PLANNED, starts_at__lt=now)),
            )
        )
        url = reverse("outreach:activity_list")
        return [
            HomeCount(
                _("Sesi terlaksana menunggu laporan"),
                figures["held"],
                f"{url}?status={ActivityStatus.HELD}",
                urgent=True,
            ),
            HomeCount(
                _("Sesi direncanakan yang tanggalnya sudah lewat"),
                figures["late"],
                f"{url}?status={ActivityStatus.PLANNED}&lewat=1",
                urgent=True,
            ),
            HomeCount(
                _("Sesi direncanakan"), figures["planned"], f"{url}?status={ActivityStatus.PLANNED}"
            ),
        ]

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

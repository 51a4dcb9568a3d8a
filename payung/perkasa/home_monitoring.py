"""What Perkasa monitoring adds to the staff start page (``accounts.home_extensions``):
overdue appeals, overrides to approve, re-assessments and follow-ups due, relapses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from payung.accounts.home import Card
from payung.accounts.home_extensions import HomeExtension, HomePanel
from payung.perkasa import policies

if TYPE_CHECKING:
    from payung.accounts.models import User


class PerkasaMonitoringHome(HomeExtension):
    def cards(self, user: User) -> list[Card]:
        if not policies.is_officer(user):
            return []
        return [
            Card(
                "perkasa:monitoring",
                _("Pemantauan Perkasa"),
                _("Keberatan, penyesuaian kategori, penilaian ulang, kelulusan, tindak lanjut."),
            ),
            Card(
                "perkasa:funnel",
                _("Alur peserta per kelurahan"),
                _("Terdaftar sampai lulus, per kelurahan, tanpa nama; unduh CSV atau Excel."),
            ),
        ]

    def panels(self, user: User) -> list[HomePanel]:
        if not policies.is_officer(user):
            return []
        from payung.perkasa.monitoring_selectors import monitoring_counts

        return [
            HomePanel(
                "perkasa/monitoring/_home_panel.html",
                {"monitoring_counts": monitoring_counts(user)},
            )
        ]

"""What Perkasa adds to the staff start page (through ``accounts.home_extensions``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from payung.accounts.home import Card
from payung.accounts.home_extensions import HomeExtension, HomePanel
from payung.perkasa import policies, selectors

if TYPE_CHECKING:
    from payung.accounts.models import User


class PerkasaHome(HomeExtension):
    def cards(self, user: User) -> list[Card]:
        if policies.is_officer(user):
            return [
                Card(
                    "perkasa:registrant_list",
                    _("Registri Perkasa"),
                    _("Cari, daftarkan, verifikasi, dan nilai perempuan kepala keluarga."),
                ),
                Card(
                    "perkasa:duplicates",
                    _("Periksa duplikat"),
                    _("Pendaftaran dengan NIK atau nomor KK yang sama."),
                ),
                Card(
                    "perkasa:models",
                    _("Model skor kesejahteraan"),
                    _("Versi, indikator, bobot, dan penilaian ulang."),
                ),
                Card(
                    "perkasa:programme_list",
                    _("Program Perkasa"),
                    _("Katalog program, siklus, peserta, kehadiran, dan bantuan bertahap."),
                ),
            ]
        if policies.is_partner(user):
            return [
                Card(
                    "perkasa:programme_list",
                    _("Program lembaga saya"),
                    _("Peserta, kehadiran, pendampingan, usaha, dan usulan pencairan."),
                ),
            ]
        if policies.is_ppt(user):
            return [
                Card(
                    "perkasa:registrant_list",
                    _("Perkasa di kelurahan saya"),
                    _("Daftarkan perempuan kepala keluarga dan lihat statusnya."),
                ),
            ]
        return []

    def panels(self, user: User) -> list[HomePanel]:
        if not policies.is_officer(user):
            return []
        return [
            HomePanel("perkasa/_home_panel.html", {"perkasa_counts": selectors.work_counts(user)})
        ]

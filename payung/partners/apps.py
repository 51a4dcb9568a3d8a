from __future__ import annotations

from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "payung.partners"
    label = "partners"
    verbose_name = "Mitra dan katalog layanan"

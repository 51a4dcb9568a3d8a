from __future__ import annotations

from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "payung.care"
    label = "care"
    verbose_name = "Layanan, mitra, dan rumah aman"

from __future__ import annotations

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "payung.cases"
    label = "cases"
    verbose_name = "Pengaduan dan kasus"

from __future__ import annotations

from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "payung.insights"
    verbose_name = "Insights"

from __future__ import annotations

from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "payung.insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        from payung.insights import jobs  # noqa: F401 - registers the job handlers

from __future__ import annotations

from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "payung.care"
    label = "care"
    verbose_name = "Layanan, mitra, dan rumah aman"

    def ready(self) -> None:
        # What care adds to a case (page section, timeline, closure checklist, tasks from the
        # plan) plugs in here; cases never imports care (docs/architecture.md, "Layers").
        from payung.care.extension import CareExtension
        from payung.cases import extensions

        extensions.register(CareExtension())

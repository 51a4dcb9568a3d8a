from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "payung.core"
    label = "core"

    def ready(self) -> None:
        # get_FOO_display() from a per-(field, language) map (payung/core/choices_display.py).
        from payung.core import choices_display

        choices_display.install()

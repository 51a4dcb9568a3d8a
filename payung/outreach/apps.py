from __future__ import annotations

from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "payung.outreach"
    label = "outreach"
    verbose_name = "Sosialisasi dan pencegahan"

    def ready(self) -> None:
        from payung.accounts import home_extensions
        from payung.outreach.home import OutreachHome

        home_extensions.register(OutreachHome())

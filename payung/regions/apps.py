from __future__ import annotations

from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "payung.regions"
    label = "regions"
    verbose_name = "Wilayah"

    def ready(self) -> None:
        # The admin's count of incomplete service posts on the start page.
        from payung.accounts import home_extensions
        from payung.regions.home import RegionsHome

        home_extensions.register(RegionsHome())

from __future__ import annotations

from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "payung.care"
    label = "care"
    verbose_name = "Layanan, mitra, dan rumah aman"

    def ready(self) -> None:
        # What care adds to a case (page section, timeline, closure checklist, tasks from the
        # plan) and to a partner organisation (the safe house) plugs in here; cases and
        # partners never import care (docs/architecture.md, "Layers").
        from payung.accounts import home_extensions
        from payung.care.extension import CareExtension, ShelterOfOrganisation
        from payung.care.home import CareHome
        from payung.cases import extensions as case_extensions
        from payung.partners import extensions as partner_extensions

        case_extensions.register(CareExtension())
        partner_extensions.register(ShelterOfOrganisation())
        home_extensions.register(CareHome())

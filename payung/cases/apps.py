from __future__ import annotations

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "payung.cases"
    label = "cases"
    verbose_name = "Pengaduan dan kasus"

    def ready(self) -> None:
        from payung.accounts import home_extensions
        from payung.calendar import workdays
        from payung.cases.home import CasesHome, triage_badge
        from payung.cases.services.deadlines import working_day_recount

        home_extensions.register(CasesHome())
        home_extensions.register_badge("cases:triage_queue", triage_badge)
        # A new or moved holiday moves the open due times counted in working days.
        workdays.on_holidays_changed(working_day_recount)

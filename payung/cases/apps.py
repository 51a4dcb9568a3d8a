from __future__ import annotations

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "payung.cases"
    label = "cases"
    verbose_name = "Pengaduan dan kasus"

    def ready(self) -> None:
        from payung.calendar import workdays
        from payung.cases.services.deadlines import working_day_recount

        # A new or moved holiday moves the open due times counted in working days.
        workdays.on_holidays_changed(working_day_recount)

        from payung.accounts import home_extensions
        from payung.cases.home import CaseworkHome

        # What needs doing, as counts, on the start page of case workers (issue #15).
        home_extensions.register(CaseworkHome())

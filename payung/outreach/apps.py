from __future__ import annotations

from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "payung.outreach"
    label = "outreach"
    verbose_name = "Sosialisasi dan pencegahan"

    def ready(self) -> None:
        from payung.accounts import home_extensions
        from payung.cases import intake_sources
        from payung.outreach import outputs  # noqa: F401 - registers the recap job
        from payung.outreach.home import OutreachHome
        from payung.outreach.intake import LeaderReferralSource

        home_extensions.register(OutreachHome())
        intake_sources.register(LeaderReferralSource())

from __future__ import annotations

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "payung.privacy"
    verbose_name = "Pelindungan data pribadi"

    def ready(self) -> None:
        # Registers the background job kinds (payung/jobs) and the DPO's home counts.
        from payung.accounts import home_extensions
        from payung.privacy import jobs  # noqa: F401
        from payung.privacy.home import PrivacyHome

        home_extensions.register(PrivacyHome())

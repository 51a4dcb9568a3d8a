from __future__ import annotations

from django.apps import AppConfig


class PerkasaConfig(AppConfig):
    name = "payung.perkasa"
    label = "perkasa"
    verbose_name = "Perkasa (Perempuan Kepala Keluarga Sejahtera)"

    def ready(self) -> None:
        from payung.accounts import home_extensions
        from payung.cases import empowerment
        from payung.perkasa import jobs  # noqa: F401  (registers the re-scoring job)
        from payung.perkasa.bridge import PerkasaReceiver
        from payung.perkasa.home import PerkasaHome

        home_extensions.register(PerkasaHome())
        from payung.perkasa.home_monitoring import PerkasaMonitoringHome

        home_extensions.register(PerkasaMonitoringHome())
        # The case plan's "Pemberdayaan ekonomi" refers victims here (issue #12 part 7).
        empowerment.register(PerkasaReceiver())

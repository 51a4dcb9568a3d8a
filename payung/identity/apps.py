from __future__ import annotations

from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "payung.identity"
    label = "identity"
    verbose_name = "Identitas orang"

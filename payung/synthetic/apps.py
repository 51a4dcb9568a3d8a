from __future__ import annotations

from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    name = "payung.synthetic"
    label = "synthetic"

from __future__ import annotations

from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "payung.public"
    label = "public"

from __future__ import annotations

from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "payung.calendar"
    label = "calendar"
    verbose_name = "Hari libur"

from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data loader: ``manage.py load_demo`` puts each app's clearly fictional demo
    data together (each app keeps its own ``demo.py``). An entry point at the top of the
    layers, so no app below has to import the apps above it to load a demo."""

    name = "payung.demo"
    label = "demo"
    verbose_name = "Data demo"

"""Publish scoring model version 1 (payung.perkasa.scoring.DEFAULT_V1), frozen here."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone


def publish_v1(apps: Any, schema_editor: Any) -> None:
    from payung.perkasa.scoring import DEFAULT_V1

    ScoringModel = apps.get_model("perkasa", "ScoringModel")
    if ScoringModel.objects.filter(version=1).exists():
        return
    ScoringModel.objects.create(
        version=1,
        name=DEFAULT_V1["name"],
        notes=DEFAULT_V1["notes"],
        indicators=DEFAULT_V1["indicators"],
        thresholds=DEFAULT_V1["thresholds"],
        state="terbit",
        published_at=timezone.now(),
    )


class Migration(migrations.Migration):
    dependencies = [("perkasa", "0001_registry")]
    operations = [migrations.RunPython(publish_v1, migrations.RunPython.noop)]
